"""``accordwatch import figures FILE.csv``: figures in the layout of the figures download,
all written or none.

The file is read and checked first (every row, every key against the records that exist);
only a file without a problem is written, in one transaction, one ``observation_record``
per row (one audit event per figure that changes; a figure already recorded with the same
value is unchanged). New figures are public and published, like the figures of the
sources they come from; a figure already recorded keeps its confidentiality. Figures files
are small (a few thousand rows at most), so the checked rows are held until writing.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from django.db import transaction

from accordwatch.commitments.importers.csvfile import Problems
from accordwatch.core.importing import ImportRejected, ImportSummary, Progress
from accordwatch.core.models import Place, Source
from accordwatch.core.permissions import require_editor
from accordwatch.core.services import SYSTEM
from accordwatch.situation import services
from accordwatch.situation.importers.figures_csv import read_figures
from accordwatch.situation.models import Indicator, Observation

KIND = "figures"


def figures_import_file(
    *, actor: Any, stream: BinaryIO, progress: Progress | None = None
) -> ImportSummary:
    if actor is not SYSTEM:
        require_editor(actor)
    problems = Problems()
    rows = list(read_figures(stream, problems))
    indicators = {i.key: i for i in Indicator.objects.filter(key__in={r.indicator for r in rows})}
    places = {p.key: p for p in Place.objects.filter(key__in={r.place for r in rows})}
    sources = {s.key: s for s in Source.objects.filter(key__in={r.source for r in rows})}
    for row in rows:
        if row.indicator not in indicators:
            problems.add(row.line, "indicator", "no indicator has this code", row.indicator)
        if row.place not in places:
            problems.add(row.line, "place_key", "no place of the gazetteer has this key", row.place)
        if row.source not in sources:
            problems.add(row.line, "source_key", "no source has this key", row.source)
    if problems:
        raise ImportRejected(problems.items)
    created = updated = unchanged = 0
    with transaction.atomic():
        for done, row in enumerate(rows, start=1):
            existing = Observation.objects.filter(
                indicator=indicators[row.indicator],
                place=places[row.place],
                date=row.date,
                source=sources[row.source],
            ).first()
            # A figure already recorded keeps who may see it: re-importing a file never
            # publishes what an editor restricted.
            visibility = (
                {
                    "confidentiality": existing.confidentiality,
                    "publication_state": existing.publication_state,
                }
                if existing is not None
                else {}
            )
            _, changed = services.observation_record(
                actor=actor,
                indicator=indicators[row.indicator],
                place=places[row.place],
                date=row.date,
                date_precision=row.date_precision,
                value=row.value,
                source=sources[row.source],
                note=row.note,
                **visibility,
            )
            if not changed:
                unchanged += 1
            elif existing is not None:
                updated += 1
            else:
                created += 1
            if progress is not None:
                progress("writing", done, len(rows))
    return ImportSummary(kind=KIND, created=created, updated=updated, unchanged=unchanged)
