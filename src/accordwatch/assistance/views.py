"""The assistance pages: the dashboard (by donor, status and purpose; pledge fulfilment;
funds and conferences), a fund, a conference, and a print sheet of the dashboard.

Views read the period from the query and ask the selectors, which decide what the reader
may see. Pledges are shown apart from money committed and paid, as FTS shows them.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accordwatch.assistance import selectors
from accordwatch.assistance.models import Conference, Fund
from accordwatch.assistance.query import NAMES, BadFilter, flow_filters
from accordwatch.assistance.selectors import FlowFilters
from accordwatch.core.permissions import is_member


def _filters(request: HttpRequest) -> tuple[FlowFilters, str]:
    """The filters asked for (the period from the form; a decision's link adds
    ``commitment``), and an error to show (every flow is shown then)."""
    asked = {name: request.GET.get(name, "") for name in request.GET if name in NAMES}
    try:
        return flow_filters(asked), ""
    except BadFilter as error:
        return FlowFilters(), _("“%(name)s” cannot be read; showing every flow.") % {
            "name": error.name
        }


def _dashboard_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    filters, error = _filters(request)
    board = selectors.dashboard(user=user, filters=filters)
    # Pledges age to the end of the period asked for (a report on 2017 counts to its
    # end), else to today.
    today = filters.date_to or timezone.localdate()
    funds = [selectors.fund_position(user=user, key=f.key) for f in selectors.fund_list(user=user)]
    conferences = [
        selectors.conference_funding(user=user, key=c.key)
        for c in selectors.conference_list(user=user)
    ]
    return {
        "section": "assistance",
        "filters": filters,
        "error": error,
        "board": board,
        "statuses": ("pledge", "commitment", "paid"),
        "donors": selectors.donor_fulfilment_totals(user=user, today=today, filters=filters),
        "funds": funds,
        "conferences": conferences,
        "today": today,
        "can_download": is_member(user),
        "query": request.GET.urlencode(),
    }


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "assistance/dashboard.html", _dashboard_context(request))


@require_GET
def dashboard_print(request: HttpRequest) -> HttpResponse:
    return render(request, "assistance/dashboard_print.html", _dashboard_context(request))


@require_GET
def fund_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        position = selectors.fund_position(user=request.user, key=key)
    except Fund.DoesNotExist:
        raise Http404 from None
    flows = selectors.flow_list(user=request.user, filters=FlowFilters(fund=key))
    return render(
        request,
        "assistance/fund_detail.html",
        {
            "section": "assistance",
            "position": position,
            "flows": flows.select_related("source_org", "destination_org")[:200],
            "statuses": ("pledge", "commitment", "paid"),
        },
    )


@require_GET
def conference_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        coverage = selectors.conference_funding(user=request.user, key=key)
    except Conference.DoesNotExist:
        raise Http404 from None
    flows = selectors.flow_list(user=request.user, filters=FlowFilters(conference=key))
    return render(
        request,
        "assistance/conference_detail.html",
        {
            "section": "assistance",
            "coverage": coverage,
            "conference": coverage.record,
            "flows": flows.select_related("source_org", "destination_org")[:200],
            "statuses": ("pledge", "commitment", "paid"),
        },
    )
