"""The editors' publication control (publish, withdraw, confidentiality) for any record
page: ``{% publication_control record %}``, or ``compact=True`` for one button in a list."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from accordwatch.commitments.forms import PublicationForm
from accordwatch.core.permissions import can_edit

register = template.Library()


@register.inclusion_tag("commitments/_publication_form.html", takes_context=True)
def publication_control(context: Any, record: Any, compact: bool = False) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not can_edit(request.user):
        return {"shown": False}  # readers never get the form, wherever the tag is placed
    kind = record._meta.model_name
    ref = getattr(record, "key", None) or record.pk  # assessments have no key
    form = PublicationForm(
        initial={
            "confidentiality": record.confidentiality,
            "publication_state": record.publication_state,
        },
        auto_id=f"pub-{kind}-{ref}-%s",  # several controls on one page
    )
    return {
        "shown": True,
        "compact": compact,
        "record": record,
        "form": form,
        "action": reverse("publication-change", args=[kind, ref]),
        "csrf_token": context.get("csrf_token"),
    }
