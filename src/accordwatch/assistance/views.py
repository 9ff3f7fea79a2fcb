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

from accordwatch.assistance import charts, selectors
from accordwatch.assistance.models import Conference, Fund
from accordwatch.assistance.query import NAMES, BadFilter, flow_filters
from accordwatch.assistance.selectors import FlowFilters
from accordwatch.core.permissions import is_member
from accordwatch.core.views import vega_bundle_url


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
    donors = selectors.donor_fulfilment_totals(user=user, today=today, filters=filters)
    sectors = selectors.totals_by_sector(user=user, filters=filters)
    # One group with no sector says nothing a sector chart could add.
    sectors = [] if all(not group.key for group in sectors) else sectors
    return {
        "section": "assistance",
        "filters": filters,
        "error": error,
        "board": board,
        "statuses": ("pledge", "commitment", "paid"),
        "donors": donors,
        "sectors": sectors,
        "charts": _dashboard_charts(board, donors, sectors),
        "most_bars": charts.MOST_BARS,
        "funds": funds,
        "conferences": conferences,
        "today": today,
        "can_download": is_member(user),
        "query": request.GET.urlencode(),
    }


def _dashboard_charts(
    board: selectors.Dashboard,
    donors: list[selectors.DonorFulfilment],
    sectors: list[selectors.Group],
) -> dict[str, dict[str, Any]]:
    specs = {
        "status": charts.status_chart(board.by_status, title=_("Totals by status (USD)")),
        "donor": charts.grouped_chart(
            board.by_donor, title=_("By donor (USD)"), group_title=_("Donor")
        ),
        "purpose": charts.grouped_chart(
            board.by_purpose, title=_("By purpose (USD)"), group_title=_("Purpose")
        ),
        "fulfilment": charts.fulfilment_chart(donors, title=_("Pledge fulfilment (USD)")),
    }
    if sectors:
        specs["sector"] = charts.grouped_chart(
            sectors, title=_("By sector (USD)"), group_title=_("Sector")
        )
    return specs


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    context = _dashboard_context(request)
    context["vega_bundle_url"] = vega_bundle_url()
    return render(request, "assistance/dashboard.html", context)


@require_GET
def dashboard_print(request: HttpRequest) -> HttpResponse:
    context = _dashboard_context(request)
    context["images"] = {name: charts.as_image(spec) for name, spec in context["charts"].items()}
    return render(request, "assistance/dashboard_print.html", context)


@require_GET
def fund_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        position = selectors.fund_position(user=request.user, key=key)
    except Fund.DoesNotExist:
        raise Http404 from None
    flows = selectors.flow_list(user=request.user, filters=FlowFilters(fund=key))
    months = selectors.fund_monthly(user=request.user, key=key)
    return render(
        request,
        "assistance/fund_detail.html",
        {
            "section": "assistance",
            "position": position,
            "months": months,
            "chart": charts.fund_chart(
                months, title=_("Paid contributions and disbursements by month (USD)")
            )
            if months
            else None,
            "today": timezone.localdate(),
            "vega_bundle_url": vega_bundle_url(),
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
            "chart": charts.coverage_chart(
                coverage, title=_("Requirements, pledged, committed and paid (USD)")
            )
            if coverage.requirements_usd or coverage.by_status
            else None,
            "today": timezone.localdate(),
            "vega_bundle_url": vega_bundle_url(),
            "flows": flows.select_related("source_org", "destination_org")[:200],
            "statuses": ("pledge", "commitment", "paid"),
        },
    )
