"""Screening pages and the designation dossier, for editors only: screen a name, see past
runs and their hits, mark a hit a true or false positive; an entry's dossier for print.

Members and the public never see a run, a hit, a verdict or a dossier: an anonymous reader
is sent to sign in, a member is refused (403).
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accordwatch.core.permissions import can_edit
from accordwatch.sanctions import dossier as dossier_selectors
from accordwatch.sanctions import screening, selectors
from accordwatch.sanctions.matching import DEFAULT_THRESHOLD
from accordwatch.sanctions.models import ScreeningSource

HITS_SHOWN = 1000


def _editors_only(request: HttpRequest) -> HttpResponse | None:
    if can_edit(request.user):
        return None
    if not request.user.is_authenticated and request.method == "GET":
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(_("Only editors and admins may screen names."))


def _threshold(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if 0.0 < value <= 1.0 else None


@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest) -> HttpResponse:
    """A name, optionally a date of birth and a nationality: the run is stored and its
    page shows the hits."""
    refused = _editors_only(request)
    if refused:
        return refused
    values = {
        "name": request.POST.get("name", "").strip(),
        "birth_date": request.POST.get("birth_date", "").strip(),
        "nationality": request.POST.get("nationality", "").strip(),
    }
    errors = []
    threshold = DEFAULT_THRESHOLD
    if request.method == "POST":
        threshold = _threshold(request.POST.get("threshold", str(DEFAULT_THRESHOLD))) or 0.0
        if not values["name"]:
            errors.append(_("Enter a name to screen."))
        if not threshold:
            errors.append(_("The threshold is a number above 0 and at most 1."))
        if not screening.birth_date_readable(values["birth_date"]):
            errors.append(_("Give the date of birth as YYYY-MM-DD or a year."))
        if not errors:
            query = {key: value for key, value in values.items() if value}
            run, _hits = screening.screen_names(
                actor=request.user,
                source=ScreeningSource.PAGE,
                inputs=[query],
                threshold=threshold,
            )
            return redirect("sanctions-screening", pk=run.pk)
    return render(
        request,
        "sanctions/screen.html",
        {
            "values": values,
            "threshold": threshold,
            "errors": errors,
            "recent": selectors.visible_screening_runs(request.user)[:10],
        },
        status=400 if errors else 200,
    )


@require_GET
def screening_list(request: HttpRequest) -> HttpResponse:
    refused = _editors_only(request)
    if refused:
        return refused
    page = Paginator(selectors.visible_screening_runs(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "sanctions/screening_list.html", {"page": page})


@require_GET
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    refused = _editors_only(request)
    if refused:
        return refused
    run = selectors.screening_run_for(request.user, pk)
    if run is None:
        raise Http404("no such screening run")
    # A file's run can hold many hits; the page shows the first, hits.csv has them all.
    hits = selectors.screening_run_hits(request.user, run, limit=HITS_SHOWN)
    return render(
        request,
        "sanctions/screening_detail.html",
        {"run": run, "hits": hits, "more": max(0, run.hit_count - len(hits))},
    )


@require_POST
def hit_decision(request: HttpRequest, pk: int) -> HttpResponse:
    refused = _editors_only(request)
    if refused:
        return refused
    hit = selectors.screening_hit_for(request.user, pk)
    if hit is None:
        raise Http404("no such hit")
    verdict = request.POST.get("verdict")
    if verdict not in ("true", "false"):
        return HttpResponse(_("Choose true or false positive."), status=400)
    screening.hit_decide(
        actor=request.user,
        hit=hit,
        true_positive=verdict == "true",
        comment=request.POST.get("comment", "")[:2000],
    )
    return redirect(reverse("sanctions-screening", args=[hit.run_id]) + f"#hit-{hit.pk}")


@require_GET
def entry_dossier(request: HttpRequest, reference: str) -> HttpResponse:
    """One listed person or group on one printable page: list status and history, the
    incidents attributed to its actor, the commitments that actor is responsible for."""
    refused = _editors_only(request)
    if refused:
        return refused
    found = dossier_selectors.dossier_for(request.user, reference)
    if found is None:
        raise Http404("no such entry")
    return render(request, "sanctions/dossier.html", {"dossier": found})


@require_GET
def actor_dossier(request: HttpRequest, key: str) -> HttpResponse:
    """The dossier of an actor of the gazetteer: that of the entry linked to it."""
    refused = _editors_only(request)
    if refused:
        return refused
    reference = dossier_selectors.entry_reference_for_actor(request.user, key)
    if reference is None:
        raise Http404("no listed entry is this actor")
    return redirect("sanctions-dossier", reference=reference)
