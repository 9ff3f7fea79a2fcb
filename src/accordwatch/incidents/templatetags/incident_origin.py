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

from accordwatch.incidents.models import ImportRun, Incident
from accordwatch.incidents.selectors import incident_origin as origin_of

register = template.Library()


def _audit_url(object_type: str, object_id: Any) -> str:
    return (
        reverse("audit-log") + "?" + urlencode({"object_type": object_type, "object_id": object_id})
    )


@register.inclusion_tag("incidents/_origin.html", takes_context=True)
def incident_origin(context: Any, incident: Any) -> dict[str, Any]:
    request = context.get("request")
    origin = origin_of(user=request.user, incident=incident) if request is not None else None
    if origin is None:
        return {"shown": False}
    run = origin.run
    return {
        "shown": True,
        "run": run,
        "run_event": origin.run_event,
        "run_url": _audit_url(ImportRun._meta.label_lower, run.pk) if run else "",
        "created": origin.created,
        "history_url": _audit_url(Incident._meta.label_lower, incident.pk),
    }
