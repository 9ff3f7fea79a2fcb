"""The tracker's pages.

Each view parses its input, asks the selectors (reads) or the services (writes), and
renders. Visibility and permissions are decided there, not here: a record the reader may
not see raises a 404 from its selector, a write by a non-editor a PermissionDenied (403)
from its service. Views check the role early only to avoid showing a form for nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accordwatch.commitments import charts, evidence, scores, scores_export, selectors, services
from accordwatch.commitments.forms import (
    AsOfForm,
    AssessmentForm,
    CommitmentFilterForm,
    CommitmentForm,
    DocumentForm,
    apply_service_errors,
)
from accordwatch.commitments.models import Commitment, DocumentKind, Meeting, MeetingBody
from accordwatch.core.permissions import can_edit
from accordwatch.core.views import vega_bundle_url

LIST_PAGE_SIZE = 50
SERIES_MAX_MONTHS = 120  # the charts stop looking back after ten years


# --- helpers ------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _as_of(request: HttpRequest) -> dt.date:
    return AsOfForm(request.GET).as_of_or(_today())


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _require_editor_page(request: HttpRequest) -> HttpResponse | None:
    """Anonymous readers are sent to sign in; signed-in non-editors get 403."""
    if can_edit(request.user):
        return None
    if not request.user.is_authenticated and request.method == "GET":
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(_("Only editors and admins may change records."))


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _url_or_none(name: str) -> str | None:
    # The CSV downloads and the import page live in views_io; a page still renders without.
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _csv_url(name: str, request: HttpRequest) -> str | None:
    """The CSV download of a list, carrying the page's filters (None if not installed)."""
    url = _url_or_none(name)
    if url is None:
        return None
    query = _query_without_page(request)
    return f"{url}?{query}" if query else url


def _series_start(user: Any, as_of: dt.date, document_keys: list[str] | None = None) -> dt.date:
    """From the earliest adopted document the reader can see (of ``document_keys`` if
    given), at most ten years back."""
    documents = selectors.visible_documents(user=user)
    if document_keys is not None:
        documents = documents.filter(key__in=document_keys)
    first = documents.filter(adopted_on__isnull=False, adopted_on__lte=as_of).aggregate(
        first=Min("adopted_on")
    )["first"]
    floor = dt.date(as_of.year - SERIES_MAX_MONTHS // 12, as_of.month, 1)
    start = max(first or dt.date(as_of.year - 2, as_of.month, 1), floor)
    return start.replace(day=1)


def _illustrative_by_pillar(user: Any, as_of: dt.date) -> dict[str, int]:
    """How many scored commitments per pillar stand on an illustrative assessment, so the
    pages can say so beside the percentage."""
    rows = (
        selectors.commitment_list(user=user, kind="action", as_of=as_of)
        .order_by()
        .values("pillar__key")
        .annotate(n=Count("id", filter=Q(latest_illustrative=True)))
    )
    return {row["pillar__key"] or "": row["n"] for row in rows}


def _main_matrix_meeting(user: Any) -> Meeting | None:
    """The demo's main follow-up matrix: the latest Contact Group meeting whose communiqué
    the reader can see."""
    meetings = selectors.meeting_list(user=user, body_kind=MeetingBody.CONTACT_GROUP)
    for meeting in meetings.filter(communique__isnull=False)[:5]:
        if meeting.communique is not None:
            return meeting
    return None


def _chart_context(
    points: list[scores.SeriesPoint], title: str, legend_columns: int = 2
) -> dict[str, Any]:
    groups, rows = charts.series_table(points)
    return {
        "spec": charts.series_chart(points, title=title, legend_columns=legend_columns),
        "title": title,
        "groups": groups,
        "rows": rows,
    }


# --- dashboard ----------------------------------------------------------------------------


def _agreement_context(
    user: Any, as_of: dt.date, tally: list[selectors.StandingCount]
) -> dict[str, Any]:
    """The peace agreement(s) by pillar: scores, illustrative counts and the monthly chart,
    all limited to documents of kind "agreement" (decisions of a communiqué have no pillar
    and are followed up apart)."""
    documents = list(
        selectors.documents_of_kinds(user=user, kinds=[DocumentKind.AGREEMENT]).filter(
            Q(adopted_on__isnull=True) | Q(adopted_on__lte=as_of)
        )
    )
    keys = [document.key for document in documents]
    summary = selectors.dashboard_summary(user=user, as_of=as_of, document_keys=keys, tally=tally)
    # "No pillar" shows only when some action of the agreement has no pillar.
    by_pillar = [row for row in summary.by_pillar if row.group_key or row.commitments]
    shown = {row.group_key for row in by_pillar}
    series = (
        scores.monthly_series(
            user=user,
            group_by="pillar",
            start=_series_start(user, as_of, keys),
            end=as_of,
            document_keys=keys,
        )
        if keys
        else []
    )
    series = [point for point in series if point.group_key in shown]
    illustrative = summary.illustrative_by_pillar
    return {
        "agreement": summary,
        "agreement_documents": documents,
        # Each bar takes its line's colour in the chart beside it.
        "pillars": [
            (row, illustrative.get(row.group_key, 0), charts.colour_of(index))
            for index, row in enumerate(by_pillar)
        ],
        "illustrative_total": sum(illustrative.get(row.group_key, 0) for row in by_pillar),
        "chart": _chart_context(
            series, _("The peace agreement by pillar, month by month"), legend_columns=1
        ),
    }


def _decisions_context(
    user: Any, as_of: dt.date, tally: list[selectors.StandingCount]
) -> dict[str, Any]:
    """The follow-up of the Contact Group's latest decisions, counted by status."""
    meeting = _main_matrix_meeting(user)
    if meeting is None:
        return {"matrix_meeting": None}
    counts = selectors.decision_status_counts(user=user, meeting=meeting, as_of=as_of, tally=tally)
    buckets = [
        (name, n)
        for name, n in counts.items()
        # "Not applicable" is for positions, which are counted apart: shown only if it occurs.
        if name != selectors.NOT_APPLICABLE or n
    ]
    return {
        "matrix_meeting": meeting,
        "decisions": {
            "buckets": buckets,
            "total": sum(counts.values()),
            "full": counts["full"],
            "actions": sum(counts.values()) - counts[selectors.POSITION],
        },
    }


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user, as_of = request.user, _as_of(request)
    overdue = selectors.commitment_list(user=user, overdue=True, as_of=as_of).order_by(
        "deadline", "position"
    )
    # Every count of the page from one pass over the commitments' latest standing.
    tally = selectors.standing_tally(user=user, as_of=as_of)
    overdue_total = sum(row.n for row in tally if row.overdue)
    meetings = selectors.meeting_list(user=user).filter(starts_on__isnull=False)
    context = {
        "as_of": as_of,
        "is_today": as_of == _today(),
        **_agreement_context(user, as_of, tally),
        **_decisions_context(user, as_of, tally),
        "overdue": list(overdue[:12]) if overdue_total else [],
        "overdue_total": overdue_total,
        "overdue_more": max(0, overdue_total - 12),
        "recent": selectors.recent_assessments(user=user, limit=8),
        "last_meeting": meetings.filter(starts_on__lte=as_of).order_by("-starts_on").first(),
        "next_meeting": meetings.filter(starts_on__gt=as_of).order_by("starts_on").first(),
        "vega_bundle_url": vega_bundle_url(),
    }
    return render(request, "commitments/dashboard.html", context)


# --- documents ----------------------------------------------------------------------------


@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    user, as_of = request.user, _as_of(request)
    documents = selectors.visible_documents(user=user).order_by("adopted_on", "title")
    counts = dict(
        selectors.visible_commitments(user=user)
        .order_by()
        .values_list("document_id")
        .annotate(n=Count("id"))
    )
    by_document = {
        row.group_key: row for row in scores.scores(user=user, group_by="document", as_of=as_of)
    }
    rows = [(doc, counts.get(doc.pk, 0), by_document.get(doc.key)) for doc in documents]
    return render(
        request,
        "commitments/document_list.html",
        {"rows": rows, "as_of": as_of, "csv_url": _csv_url("documents-csv", request)},
    )


@require_GET
def document_detail(request: HttpRequest, key: str) -> HttpResponse:
    user, as_of = request.user, _as_of(request)
    document = selectors.document_detail(user=user, key=key)
    loose = (
        selectors.commitment_list(user=user, document=document.key, as_of=as_of)
        .filter(clauses__isnull=True)
        .order_by("position", "id")
    )
    context = {
        "document": document,
        "as_of": as_of,
        "tree": selectors.clause_tree(document=document, user=user, as_of=as_of),
        "loose": loose,
        "pillars": scores.scores(
            user=user, group_by="pillar", as_of=as_of, document_keys=[document.key]
        ),
        "overall": scores.scores(
            user=user, group_by="all", as_of=as_of, document_keys=[document.key]
        )[0],
        "meetings": selectors.meeting_list(user=user).filter(communique=document),
        "csv_url": _csv_url("commitments-csv", request),
        "csv_query": f"document={document.key}",
    }
    return render(request, "commitments/document_detail.html", context)


@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest) -> HttpResponse:
    if (response := _require_editor_page(request)) is not None:
        return response
    form = DocumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parties, sources = data.pop("parties"), data.pop("sources")
        try:
            document, _created = services.document_upsert(
                actor=request.user, key=data.pop("key"), parties=parties, sources=sources, **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _created_response(
                request, reverse("document-detail", args=[document.key]), _("Document added.")
            )
    return _form_response(request, form, title=_("Add a document"), action=reverse("document-add"))


# --- commitments --------------------------------------------------------------------------


@require_GET
def commitment_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CommitmentFilterForm(request.GET or None, user=user)
    arguments = form.selector_arguments(today=_today())
    try:
        commitments = selectors.commitment_list(user=user, **arguments)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    commitments = commitments.order_by("document__adopted_on", "document_id", "position", "id")
    page = Paginator(commitments, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "commitments/commitment_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "as_of": arguments["as_of"],
            "csv_url": _csv_url("commitments-csv", request),
            "assessments_csv_url": _csv_url("assessments-csv", request),
            "import_url": _url_or_none("commitments-import"),
        },
    )


def _commitment_context(
    request: HttpRequest, commitment: Commitment, as_of: dt.date | None = None, **extra: Any
) -> dict:
    user, as_of = request.user, as_of or _today()
    # The page's overdue badge uses the list's own rule, so the two never disagree.
    commitment.is_overdue = (
        selectors.commitment_list(user=user, as_of=as_of)
        .filter(pk=commitment.pk)
        .values_list("is_overdue", flat=True)
        .first()
    )
    return {
        "as_of": as_of,
        "commitment": commitment,
        "timeline": list(selectors.assessment_timeline(user=user, commitment=commitment))[::-1],
        **extra,
    }


@require_GET
def commitment_detail(request: HttpRequest, key: str) -> HttpResponse:
    user, as_of = request.user, _as_of(request)
    commitment = selectors.commitment_detail(user=user, key=key, as_of=as_of)
    found = evidence.collect(commitment_ids=[commitment.pk], user=user, as_of=as_of)
    items = found.get(commitment.pk, [])
    form = AssessmentForm(user=user, commitment=commitment) if can_edit(user) else None
    context = _commitment_context(
        request,
        commitment,
        as_of,
        evidence=items,
        pointers=evidence.pointers(commitment_ids=[commitment.pk], user=user).get(
            commitment.pk, []
        ),
        followed_up_by=selectors.commitment_list(user=user, as_of=as_of)
        .filter(related=commitment)
        .select_related("document"),
        form=form,
    )
    return render(request, "commitments/commitment_detail.html", context)


@require_POST
def assessment_add(request: HttpRequest, key: str) -> HttpResponse:
    """The editors' assessment form posts here; on success htmx swaps in the new timeline."""
    user = request.user
    commitment = selectors.commitment_detail(user=user, key=key)  # 404 before 403
    if not can_edit(user):
        raise PermissionDenied(_("Only editors and admins may record assessments."))
    form = AssessmentForm(request.POST, user=user, commitment=commitment)
    saved = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_create(
                actor=user,
                commitment=commitment,
                as_of=data["as_of"],
                score=data["score"],
                rationale=data["rationale"],
                sources=data["sources"],
                assessor_name=data["assessor_name"],
                illustrative=data["illustrative"],
                confidentiality=data["confidentiality"],
                publication_state=data["publication_state"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            saved = True
    if saved and not _is_htmx(request):
        messages.success(request, _("Assessment recorded."))
        return redirect(reverse("commitment-detail", args=[commitment.key]) + "#assessments")
    if saved:
        commitment = selectors.commitment_detail(user=user, key=key)
        form = AssessmentForm(user=user, commitment=commitment)
    context = _commitment_context(request, commitment, form=form, saved=saved, oob=saved)
    if _is_htmx(request):
        return render(request, "commitments/_assessments.html", context)
    items = evidence.collect(commitment_ids=[commitment.pk], user=user).get(commitment.pk, [])
    context.update(evidence=items, followed_up_by=Commitment.objects.none())
    return render(request, "commitments/commitment_detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
def commitment_add(request: HttpRequest) -> HttpResponse:
    if (response := _require_editor_page(request)) is not None:
        return response
    initial = {}
    if request.method == "GET" and request.GET.get("document"):
        document = (
            selectors.visible_documents(user=request.user)
            .filter(key=request.GET["document"])
            .first()
        )
        initial = {
            "document": document,
            "confidentiality": getattr(document, "confidentiality", None),
        }
    form = CommitmentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            commitment, _created = services.commitment_upsert(
                actor=request.user,
                key=data.pop("key"),
                document=data.pop("document"),
                title=data.pop("title"),
                clauses=data.pop("clauses"),
                responsible=data.pop("responsible"),
                sources=data.pop("sources"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _created_response(
                request, reverse("commitment-detail", args=[commitment.key]), _("Commitment added.")
            )
    return _form_response(
        request, form, title=_("Add a commitment"), action=reverse("commitment-add")
    )


def _created_response(request: HttpRequest, url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _form_response(request: HttpRequest, form: Any, *, title: str, action: str) -> HttpResponse:
    context = {"form": form, "title": title, "action": action}
    if _is_htmx(request):
        return render(request, "commitments/_editor_form.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "commitments/editor_form.html", context, status=status)


# --- meetings and the follow-up matrix ------------------------------------------------


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = list(selectors.meeting_list(user=request.user))
    groups = [
        (label, [m for m in meetings if m.body_kind == kind]) for kind, label in MeetingBody.choices
    ]
    return render(
        request,
        "commitments/meeting_list.html",
        {
            "groups": [(label, items) for label, items in groups if items],
            "csv_url": _csv_url("meetings-csv", request),
        },
    )


def _decisions(user: Any, meeting: Meeting, as_of: dt.date) -> list[Commitment]:
    return list(
        selectors.decisions_of(user=user, meeting=meeting, as_of=as_of).prefetch_related("clauses")
    )


@require_GET
def meeting_detail(request: HttpRequest, key: str) -> HttpResponse:
    user, as_of = request.user, _as_of(request)
    meeting = selectors.meeting_detail(user=user, key=key)
    context = {
        "meeting": meeting,
        "as_of": as_of,
        "decisions": _decisions(user, meeting, as_of),
        "discussed": selectors.commitment_list(user=user, as_of=as_of)
        .filter(meetings=meeting)
        .order_by("document__adopted_on", "position"),
    }
    return render(request, "commitments/meeting_detail.html", context)


def _matrix_context(request: HttpRequest, key: str) -> dict[str, Any]:
    user, as_of = request.user, _as_of(request)
    meeting = selectors.meeting_detail(user=user, key=key)
    if meeting.communique is None:
        raise selectors.MeetingNotFound(f"meeting {key!r} has no communiqué to follow up")
    decisions = _decisions(user, meeting, as_of)
    found = evidence.collect(commitment_ids=[d.pk for d in decisions], user=user, as_of=as_of)
    return {
        "meeting": meeting,
        "as_of": as_of,
        "is_today": as_of == _today(),
        "rows": [(d, found.get(d.pk, [])) for d in decisions],
        "any_illustrative": any(d.latest_illustrative for d in decisions),
    }


@require_GET
def meeting_matrix(request: HttpRequest, key: str) -> HttpResponse:
    return render(request, "commitments/matrix.html", _matrix_context(request, key))


@require_GET
def meeting_matrix_print(request: HttpRequest, key: str) -> HttpResponse:
    return render(request, "commitments/matrix_print.html", _matrix_context(request, key))


@require_GET
def follow_up_matrix(request: HttpRequest) -> HttpResponse:
    """The nav's "Follow-up matrix": the latest Contact Group meeting with a communiqué."""
    meeting = _main_matrix_meeting(request.user)
    if meeting is None:
        return render(request, "commitments/matrix_none.html")
    url = reverse("meeting-matrix", args=[meeting.key])
    if request.GET:
        url += "?" + request.GET.urlencode()
    return redirect(url)


# --- scores -------------------------------------------------------------------------------


@require_GET
def score_charts(request: HttpRequest) -> HttpResponse:
    user, as_of = request.user, _as_of(request)
    series = scores.monthly_series(
        user=user, group_by="pillar", start=_series_start(user, as_of), end=as_of
    )
    by_document = scores.scores(user=user, group_by="document", as_of=as_of)
    by_actor = scores.scores(user=user, group_by="actor", as_of=as_of)
    illustrative = _illustrative_by_pillar(user, as_of)
    bars = []
    for name, title, rows in (
        ("document", _("Implementation by document"), by_document),
        ("actor", _("Implementation by responsible actor"), by_actor),
    ):
        shown = [row for row in rows if row.commitments]
        bars.append(
            {
                "name": name,
                "title": title,
                "rows": shown,
                "spec_id": f"{name}-spec",
                "spec": charts.bar_chart(shown, title=title),
            }
        )
    return render(
        request,
        "commitments/scores.html",
        {
            "as_of": as_of,
            "is_today": as_of == _today(),
            "series": _chart_context(series, _("Implementation by pillar, month by month")),
            "bars": bars,
            "illustrative_total": sum(illustrative.values()),
            "vega_bundle_url": vega_bundle_url(),
            # Built from the date the page shows (a bad ``as_of`` falls back to today here).
            "csv_url": _scores_csv_url(as_of=as_of.isoformat()),
            "series_csv_url": _scores_csv_url(
                series="monthly", group_by="pillar", end=as_of.isoformat()
            ),
        },
    )


def _scores_csv_url(**query: str) -> str | None:
    url = _url_or_none("scores-csv")
    return f"{url}?{urlencode(query)}" if url else None


@require_GET
def scores_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The scores page's figures as a streamed CSV (see ``scores_export``); a bad parameter
    is answered 400 with a line that names it."""
    user = request.user
    query = scores_export.ScoresExportQuery(
        request.GET,
        today=_today(),
        default_start=lambda end, keys: _series_start(user, end, keys),
    )
    if not query.is_valid():
        return HttpResponseBadRequest(query.problems(), content_type="text/plain; charset=utf-8")
    blocks = scores_export.scores_csv(user=user, query=query.cleaned_data)
    response = StreamingHttpResponse(
        (block.encode("utf-8") for block in blocks), content_type="text/csv; charset=utf-8"
    )
    name = scores_export.file_name(query.cleaned_data)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"  # what one reader may see, not another
    return response
