"""``accordwatch rollup``: rebuild the incidents rollup (the monthly counts the aggregates
read) from the incidents themselves.

Never needed for correctness: every write lists the months it touched and the aggregates
read the incidents while a month is listed. Run it after restoring a database from a dump,
or to bring the rollup up to date at once after a migration or a write outside the services.
Derived data only: nothing is audited, nothing a reader sees changes.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from accordwatch.incidents import rollup
from accordwatch.incidents.models import IncidentActorRollup, IncidentRollup


class Command(BaseCommand):
    help = "Rebuild the incidents rollup (monthly counts the aggregates read) from the incidents."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rollup.rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"rollup rebuilt in {seconds:.1f} s: {IncidentRollup.objects.count():,} rows, "
            f"{IncidentActorRollup.objects.count():,} by actor"
        )
