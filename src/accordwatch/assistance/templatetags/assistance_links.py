"""The links a flow table shows beside each flow (the pledge it fulfils, the payments
towards it, the flow that counts the same money), read once for the whole table."""

from __future__ import annotations

from typing import Any

from django import template

from accordwatch.assistance import selectors

register = template.Library()


@register.simple_tag
def flow_links(flows: Any, user: Any) -> dict[int, selectors.FlowLinks]:
    return selectors.flow_links(user=user, flows=list(flows))


@register.filter
def links_of(links: dict[int, selectors.FlowLinks], flow: Any) -> selectors.FlowLinks:
    return links.get(flow.pk) or selectors.FlowLinks()
