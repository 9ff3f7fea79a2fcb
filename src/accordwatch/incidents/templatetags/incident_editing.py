"""The editors' controls on an incident's page (edit, verification, publication, retire and
restore, attribution, witness, source note, links to commitments), as tags so the page's
view stays a reader's view: a reader never gets a form, wherever a tag is placed.

    {% load incident_editing %}{% incident_editor_actions incident %}
    {% incident_retired_banner incident %}   (retired: when, by whom, why; the restore form)
    {% incident_attribution_remove incident attribution %}
    {% incident_source_note_form incident %}
    {% incident_links incident %}             (the commitments it is linked to, and the form)
    {% incident_new_link %}   (the "Record an incident" button, for a list page)
    {% incident_retired_link %}   (editors' link to the retired incidents, for a list page)
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from accordwatch.commitments.forms import PublicationForm
from accordwatch.core.models import AuditEvent
from accordwatch.core.permissions import can_edit
from accordwatch.incidents.forms import (
    AttributionForm,
    IncidentLinkForm,
    RestoreForm,
    RetireForm,
    SourceNoteForm,
    WitnessForm,
)
from accordwatch.incidents.models import Incident, IncidentLink

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
        "retire": None
        if incident.retired_at
        else {
            "form": RetireForm(auto_id="retire-%s"),
            "action": reverse("incident-retire", args=_args(incident)),
            "list": reverse("incidents-retired"),
        },
    }


def _retirement(incident: Incident) -> AuditEvent | None:
    """The audit event that retired the incident: the reason is kept there only."""
    return (
        AuditEvent.objects.filter(
            action="incident.retire",
            object_type=Incident._meta.label_lower,
            object_id=str(incident.pk),
        )
        .order_by("-seq")
        .first()
    )


@register.inclusion_tag("incidents/edit/_retired_banner.html", takes_context=True)
def incident_retired_banner(context: Any, incident: Any) -> dict[str, Any]:
    if incident.retired_at is None or _editor(context) is None:
        return {"shown": False}
    event = _retirement(incident)
    after = event.after if event is not None and isinstance(event.after, dict) else {}
    return {
        "shown": True,
        "retired_at": incident.retired_at,
        "by": event.user_label if event is not None else "",
        "reason": after.get("reason") or "",
        "form": RestoreForm(auto_id="restore-%s"),
        "action": reverse("incident-restore", args=_args(incident)),
    }


@register.inclusion_tag("incidents/edit/_attribution_remove.html", takes_context=True)
def incident_attribution_remove(context: Any, incident: Any, attribution: Any) -> dict[str, Any]:
    if _editor(context) is None:
        return {"shown": False}
    return {
        "shown": True,
        "action": reverse("incident-attribution-remove", args=[*_args(incident), attribution.pk]),
    }


@register.inclusion_tag("incidents/edit/_source_note_form.html", takes_context=True)
def incident_source_note_form(context: Any, incident: Any) -> dict[str, Any]:
    user = _editor(context)
    if user is None:
        return {"shown": False}
    return {
        "shown": True,
        "form": SourceNoteForm(user=user, auto_id="source-note-%s"),
        "action": reverse("incident-source-note", args=_args(incident)),
    }


@register.inclusion_tag("incidents/edit/_links.html", takes_context=True)
def incident_links(context: Any, incident: Any) -> dict[str, Any]:
    """The commitments an editor linked the incident to (editors see every commitment, so
    no link is hidden from them), each with its remove button, and the form to add one."""
    user = _editor(context)
    if user is None:
        return {"shown": False}
    links = IncidentLink.objects.filter(incident=incident).select_related("commitment__document")
    return {
        "shown": True,
        "links": [
            {
                "link": link,
                "remove": reverse("incident-link-remove", args=[*_args(incident), link.pk]),
            }
            for link in links
        ],
        "form": IncidentLinkForm(user=user, auto_id="link-%s"),
        "action": reverse("incident-link", args=_args(incident)),
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


@register.inclusion_tag("incidents/edit/_retired_link.html", takes_context=True)
def incident_retired_link(context: Any) -> dict[str, Any]:
    return {"shown": _editor(context) is not None, "url": reverse("incidents-retired")}
