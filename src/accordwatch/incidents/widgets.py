"""A select box written out directly, for the incident list's filters.

Django renders each ``<option>`` through its template engine (one sub-template per option);
on the list page, whose filters hold every event type, actor and region, that cost more
than the page's table. This widget writes the same HTML with ``format_html`` (every value
and label escaped) in one pass.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class PlainSelect(forms.Select):
    """``forms.Select`` with the same markup, written without sub-templates (flat choices
    only, one value)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = "" if value is None else str(value)
        final = self.build_attrs(self.attrs, {"name": name, **(attrs or {})})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) == chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)
