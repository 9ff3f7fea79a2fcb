"""A date as precisely as it is known: "31 Aug 2016", "Oct 2017" or "2012"."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format

register = template.Library()

FORMATS = {"day": "j M Y", "month": "M Y", "year": "Y"}


@register.filter
def as_precise(value: dt.date | None, precision: str = "day") -> str:
    if value is None:
        return ""
    return date_format(value, FORMATS.get(precision, FORMATS["day"]))
