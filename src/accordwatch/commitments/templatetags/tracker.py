"""Small presentation helpers shared by the tracker's templates (labels, badges, percents)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from accordwatch.commitments.selectors import NOT_APPLICABLE, NOT_ASSESSED, STATUS_OF_SCORE

register = template.Library()

STATUS_LABELS = {
    "not_initiated": _("Not initiated"),
    "minimal": _("Minimal"),
    "intermediate": _("Intermediate"),
    "full": _("Full"),
    NOT_APPLICABLE: _("Not applicable"),
    NOT_ASSESSED: _("Not assessed"),
}


def status_of(score: int | None) -> str:
    return STATUS_OF_SCORE.get(score, NOT_APPLICABLE) if score is not None else NOT_APPLICABLE


@register.filter
def status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status or NOT_ASSESSED, status or ""))


@register.inclusion_tag("includes/status_badge.html")
def status_badge(status: str | None, illustrative: bool = False, as_of: Any = None) -> dict:
    """The status on the 0–3 scale as a coloured badge that always carries its words."""
    status = status or NOT_ASSESSED
    return {
        "status": status,
        "label": STATUS_LABELS.get(status, status),
        "illustrative": bool(illustrative),
        "as_of": as_of,
    }


@register.inclusion_tag("includes/status_badge.html")
def score_badge(score: int | None, illustrative: bool = False) -> dict:
    """An assessment's own score (None means not applicable)."""
    return status_badge(status_of(score), illustrative)


@register.filter
def percent(value: float | None) -> str:
    """67.349 → "67 %" style text, locale-neutral; None → an en dash."""
    if value is None:
        return "–"
    return f"{value:.0f}%"


@register.filter
def bar_width(value: float | None) -> str:
    """A CSS percentage clamped to 0–100 for the score bars (never user text)."""
    if value is None:
        return "0%"
    return f"{max(0.0, min(100.0, float(value))):.1f}%"


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
