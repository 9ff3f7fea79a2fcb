"""Template filters of the sanctions pages."""

from __future__ import annotations

from typing import Any

from django import template

from ..importers.records import part_values as ordered_part_values

register = template.Library()


@register.filter
def part_values(part: Any) -> list[str]:
    """An address, document or place of birth as its values in the list's order, whatever
    order the database kept its keys in."""
    return ordered_part_values(part) if isinstance(part, dict) else []
