"""Where an incident came from, for editors on its page: the import run that created it
(the file, its SHA-256, who ran it, when, and the run's audit event, which vouches for the
rows it inserted), or the audit event of its creation by hand; and links to its history.

    {% load incident_origin %}{% incident_origin incident %}

An import writes one audit event per run, not one per created incident, so the incident's
own history in the audit log starts with its later changes; this says what came before.
Editors only, like the audit log it points to.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from accordwatch.core.models import AuditEvent
from accordwatch.core.permissions import can_edit
from accordwatch.incidents.models import ImportRun, Incident

register = template.Library()


def _audit_url(object_type: str, object_id: Any) -> str:
    return (
        reverse("audit-log") + "?" + urlencode({"object_type": object_type, "object_id": object_id})
    )


def _first_event(object_type: str, object_id: Any, action: str) -> AuditEvent | None:
    return (
        AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id), action=action)
        .order_by("seq")
        .first()
    )


@register.inclusion_tag("incidents/_origin.html", takes_context=True)
def incident_origin(context: Any, incident: Any) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not can_edit(request.user):
        return {"shown": False}
    incident_type = Incident._meta.label_lower
    run_type = ImportRun._meta.label_lower
    run = ImportRun.objects.filter(pk=incident.import_run_id).first()
    return {
        "shown": True,
        "run": run,
        "run_event": _first_event(run_type, run.pk, "incident.import") if run else None,
        "run_url": _audit_url(run_type, run.pk) if run else "",
        # Entered by hand, or imported before imports kept a run: its own creation event.
        "created": None if run else _first_event(incident_type, incident.pk, "incident.create"),
        "history_url": _audit_url(incident_type, incident.pk),
    }
