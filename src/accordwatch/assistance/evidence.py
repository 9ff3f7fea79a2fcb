"""Flows as evidence for commitments (see commitments/evidence.py).

A commitment shows the flows an editor said answer it (``Flow.commitments``): decision
viii of the 2017 communiqué shows the pledges to the G5 Sahel Joint Force, decision x the
IsDB's. Only the flows the reader may see, and given ``as_of`` only those dated by then.
Two queries per batch, whatever its size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accordwatch.assistance.models import Flow, FlowStatus
from accordwatch.assistance.selectors import visible_flows
from accordwatch.commitments.evidence import Evidence, Pointer


class AssistanceProvider:
    key = "assistance"
    label = "Assistance"

    def evidence_for(
        self, *, commitment_ids: Sequence[int], user: Any, as_of: dt.date | None = None
    ) -> dict[int, list[Evidence]]:
        through = Flow.commitments.through
        flows = visible_flows(user=user)
        if as_of is not None:
            flows = flows.filter(date__lte=as_of)
        pairs = list(
            through.objects.filter(
                commitment_id__in=list(commitment_ids), flow_id__in=flows.values("pk")
            ).values_list("commitment_id", "flow_id")
        )
        found = {
            flow.pk: flow
            for flow in Flow.objects.filter(pk__in={f for _, f in pairs}).select_related(
                "source_org", "destination_org"
            )
        }
        out: dict[int, list[Evidence]] = defaultdict(list)
        url = reverse("assistance-dashboard")
        for commitment_id, flow_id in pairs:
            flow = found[flow_id]
            amount = f"{flow.currency} {number_format(flow.amount, 0, force_grouping=True)}"
            to = f" → {flow.destination_org.name}" if flow.destination_org else ""
            out[commitment_id].append(
                Evidence(
                    provider=self.key,
                    kind=str(FlowStatus(flow.status).label),
                    title=f"{flow.source_org.name}{to}: {amount}",
                    date=flow.date,
                    url=url,
                    detail=flow.purpose,
                )
            )
        return out

    def pointers_for(self, *, commitment_ids: Sequence[int], user: Any) -> dict[int, list[Pointer]]:
        """Each commitment some visible flow answers points at its flows' download."""
        through = Flow.commitments.through
        answered = set(
            through.objects.filter(
                commitment_id__in=list(commitment_ids),
                flow_id__in=visible_flows(user=user).values("pk"),
            )
            .values_list("commitment_id", flat=True)
            .distinct()
        )
        if not answered:
            return {}
        from accordwatch.commitments.models import Commitment

        keys = dict(Commitment.objects.filter(pk__in=answered).values_list("pk", "key"))
        base = reverse("assistance-dashboard")
        return {
            pk: [
                Pointer(
                    provider=self.key,
                    label=_("The assistance dashboard"),
                    url=f"{base}?{urlencode({'commitment': keys[pk]})}",
                )
            ]
            for pk in answered
        }
