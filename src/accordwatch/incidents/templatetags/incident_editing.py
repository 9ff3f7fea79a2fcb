"""The editors' controls on an incident's page (edit, verification, publication,
attribution, witness), as tags so the page's view stays a reader's view: a reader never
gets a form, wherever a tag is placed.

    {% load incident_editing %}{% incident_editor_actions incident %}
    {% incident_new_link %}   (the "Record an incident" button, for a list page)
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from accordwatch.commitments.forms import PublicationForm
from accordwatch.core.permissions import can_edit
from accordwatch.incidents.forms import AttributionForm, WitnessForm

register = template.Library()


def _editor(context: Any) -> Any:
    request = context.get("request")
    return request.user if request is not None and can_edit(request.user) else None


def _args(incident: Any) -> list[str]:
    return [incident.dataset, incident.event_id]


@register.inclusion_tag("incidents/edit/_editor_actions.html", takes_context=True)
def incident_editor_actions(context: Any, incident: Any) -> dict[str, Any]:
    if _editor(context) is None:
        return {"shown": False}
    publication = PublicationForm(
        initial={
            "confidentiality": incident.confidentiality,
            "publication_state": incident.publication_state,
        },
        auto_id="pub-incident-%s",
    )
    return {
        "shown": True,
        "incident": incident,
        "edit_url": reverse("incident-edit", args=_args(incident)),
        "verification_url": reverse("incident-verification", args=_args(incident)),
        # The commitments' publication control, pointed at the incident's own address.
        "publication": {
            "shown": True,
            "compact": False,
            "record": incident,
            "form": publication,
            "action": reverse("incident-publication", args=_args(incident)),
        },
        "flags": incident.import_flags or [],
    }


@register.inclusion_tag("incidents/edit/_attribution_form.html", takes_context=True)
def incident_attribution_form(context: Any, incident: Any) -> dict[str, Any]:
    user = _editor(context)
    if user is None:
        return {"shown": False}
    return {
        "shown": True,
        "form": AttributionForm(user=user, auto_id="attribution-%s"),
        "action": reverse("incident-attribution", args=_args(incident)),
    }


@register.inclusion_tag("incidents/edit/_witness_form.html", takes_context=True)
def incident_witness_form(context: Any, incident: Any) -> dict[str, Any]:
    if _editor(context) is None:
        return {"shown": False}
    return {
        "shown": True,
        "form": WitnessForm(auto_id="witness-%s"),
        "action": reverse("incident-witness", args=_args(incident)),
    }


@register.inclusion_tag("incidents/edit/_new_link.html", takes_context=True)
def incident_new_link(context: Any) -> dict[str, Any]:
    return {"shown": _editor(context) is not None, "url": reverse("incident-new")}
