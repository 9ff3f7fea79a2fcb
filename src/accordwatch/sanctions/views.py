"""The sanctions pages: the regimes, one regime's entries, one entry with its history, and
what an import changed. Read-only: lists change through ``accordwatch import
un-sanctions``. What a reader may see is decided by the selectors."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accordwatch.sanctions import selectors


@require_GET
def regime_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "sanctions/regime_list.html",
        {
            "regimes": selectors.visible_regimes(user),
            "latest": selectors.latest_import(user),
        },
    )


@require_GET
def regime_detail(request: HttpRequest, key: str) -> HttpResponse:
    regime = selectors.regime_for(request.user, key)
    if regime is None:
        raise Http404("no such regime")
    return render(
        request,
        "sanctions/regime_detail.html",
        {"regime": regime, "entries": selectors.regime_entries(request.user, regime)},
    )


@require_GET
def entry_detail(request: HttpRequest, reference: str) -> HttpResponse:
    entry = selectors.entry_for(request.user, reference)
    if entry is None:
        raise Http404("no such entry")
    return render(
        request,
        "sanctions/entry_detail.html",
        {"entry": entry, "versions": selectors.entry_history(entry)},
    )


@require_GET
def import_detail(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """What one import changed; without ``pk``, the latest import ("what changed since
    the last import")."""
    user = request.user
    list_import = selectors.latest_import(user) if pk is None else selectors.import_for(user, pk)
    if list_import is None and pk is not None:
        raise Http404("no such import")
    context = {"list_import": list_import, "imports": selectors.visible_imports(user)[:20]}
    if list_import is not None:
        context["changes"] = selectors.import_changes(user, list_import)
        context["previous"] = selectors.previous_import(user, list_import)
    return render(request, "sanctions/import_detail.html", context)
