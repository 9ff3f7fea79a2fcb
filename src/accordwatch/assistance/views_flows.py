"""The flow list and a flow's own page, for every reader; editors find their edit links
there.

Both read through the selectors, which decide what the reader may see: a restricted flow
is absent from a member's list and its page is a 404, as for a flow that does not exist.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accordwatch.assistance import selectors
from accordwatch.assistance.edit_forms import FlowDeleteForm, FlowListForm
from accordwatch.assistance.models import Flow, FlowStatus
from accordwatch.commitments.forms import PublicationForm
from accordwatch.core.permissions import can_edit

PAGE_SIZE = 50


@require_GET
def flow_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = FlowListForm(request.GET or None, user=user)
    flows = selectors.flow_list(user=user, filters=form.filters()).select_related(
        "source_org", "destination_org", "conference"
    )
    page = Paginator(flows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assistance/flow_list.html",
        {"section": "assistance", "form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
def flow_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    try:
        flow = selectors.flow_detail(user=user, pk=pk)
    except Flow.DoesNotExist:
        raise Http404("no such flow") from None
    stage = flow.status in (FlowStatus.PLEDGE, FlowStatus.COMMITMENT)
    editor = can_edit(user)
    return render(
        request,
        "assistance/flow_detail.html",
        {
            "section": "assistance",
            "flow": flow,
            "fulfilled": selectors.flow_fulfilled(user=user, flow=flow),
            "duplicate_of": selectors.flow_duplicate_of(user=user, flow=flow),
            "duplicates": list(selectors.flow_duplicates(user=user, flow=flow)),
            "fulfilments": list(
                selectors.flow_fulfilments(user=user, flow=flow).select_related("source_org")
            )
            if stage
            else [],
            "progress": selectors.pledge_progress(user=user, flow=flow) if stage else None,
            "commitments": list(selectors.flow_commitments(user=user, flow=flow)),
            "stage": stage,
            "publication_form": PublicationForm(
                initial={
                    "confidentiality": flow.confidentiality,
                    "publication_state": flow.publication_state,
                }
            )
            if editor
            else None,
            "publication_action": reverse("assistance-publication", args=["flow", flow.pk]),
            "delete_form": FlowDeleteForm() if editor else None,
        },
    )
