"""CSV exports of every list, streamed: rows are read in chunks and written as they come,
so a 200,000-row export holds a few thousand rows in memory at most.

The commitments export writes exactly the columns the import reads (then three computed
columns the import ignores), so an editor's export re-imports unchanged. Each export shows
only what its reader may see: records, and also the links (responsible actors, sources,
related commitments) — so only an editor's export is a complete copy.

Cells that a spreadsheet would run as a formula are written with a leading ``'``
(``importers.csvfile.neutralise``); the import takes it off again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet

from accordwatch.commitments import selectors
from accordwatch.commitments.importers.commitments_csv import COLUMNS, COMPUTED
from accordwatch.commitments.importers.csvfile import neutralise
from accordwatch.commitments.models import Assessment, Clause, Commitment
from accordwatch.core.models import Actor, Source

BOM = "\ufeff"  # spreadsheet programs need it to read UTF-8; the import accepts it
CHUNK_ROWS = 2000  # rows fetched per query, and per block of CSV text handed to the server
LIST_SEPARATOR = "; "

COMMITMENT_HEADER = (*COLUMNS, *COMPUTED)
ASSESSMENT_HEADER = (
    "commitment",
    "as_of",
    "score",
    "status",
    "illustrative",
    "assessor",
    "rationale",
    "sources",
    "confidentiality",
    "publication_state",
)
DOCUMENT_HEADER = (
    "key",
    "kind",
    "title",
    "short_title",
    "reference",
    "adopted_on",
    "in_force_on",
    "ended_on",
    "place",
    "parties",
    "summary",
    "sources",
    "confidentiality",
    "publication_state",
)
MEETING_HEADER = (
    "key",
    "title",
    "body",
    "body_kind",
    "level",
    "session_number",
    "starts_on",
    "ends_on",
    "date_note",
    "place",
    "communique",
    "discussed",
    "summary",
    "sources",
    "confidentiality",
    "publication_state",
)

# Score → the status word used in the exports (the same words as the list's status filter).
STATUS_OF_SCORE: dict[int | None, str] = {
    **{int(score): name for score, name in selectors.STATUS_OF_SCORE.items()},
    None: selectors.NOT_APPLICABLE,
}


def cell(value: Any) -> str:
    """One value as CSV text: dates ISO, booleans true/false, text formula-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | int):
        return str(value)
    return neutralise(str(value))


def joined(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(items)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV as blocks of text: a BOM and the header, then ``CHUNK_ROWS`` rows a block."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(header)
    rows = iter(rows)
    while True:
        block = list(islice(rows, CHUNK_ROWS))
        writer.writerows([cell(value) for value in row] for row in block)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(block) < CHUNK_ROWS:
            return


def _sorted_keys(records: Iterable[Any]) -> str:
    return joined(sorted(record.key for record in records))


# --- commitments ---------------------------------------------------------------------


def linked_texts(
    model: type[models.Model],
    name: str,
    ids: list[int],
    visible: QuerySet,
    label: str = "key",
    order: Sequence[str] = ("key",),
) -> dict[int, list[str]]:
    """For a block of records, the ``label`` of each visible record linked through the
    many-to-many field ``name``, in ``order``.

    Two simple queries (the link rows, then the visible records they point at) rather than
    one join, which lets SQLite start from the linked table and scan all of it per block.
    """
    m2m = model._meta.get_field(name)
    through = m2m.remote_field.through  # type: ignore[union-attr]
    source = m2m.m2m_field_name() + "_id"  # type: ignore[union-attr]
    target = m2m.m2m_reverse_field_name() + "_id"  # type: ignore[union-attr]
    pairs = list(through.objects.filter(**{f"{source}__in": ids}).values_list(source, target))
    if not pairs:
        return {}
    texts = dict(
        visible.filter(id__in={other for _, other in pairs})
        .order_by(*order)
        .values_list("id", label)
    )
    rank = {other: n for n, other in enumerate(texts)}
    found: dict[int, list[str]] = defaultdict(list)
    for record_id, other in sorted(pairs, key=lambda pair: rank.get(pair[1], -1)):
        if other in texts:
            found[record_id].append(texts[other])
    return found


def _commitment_links(ids: list[int], user: Any) -> dict[str, dict[int, list[str]]]:
    return {
        # Clauses are as visible as their document, which the commitment's row already is.
        "clauses": linked_texts(
            Commitment, "clauses", ids, Clause.objects.all(), "ref", ("position", "id")
        ),
        "responsible": linked_texts(Commitment, "responsible", ids, Actor.objects.visible_to(user)),
        "related": linked_texts(
            Commitment, "related", ids, selectors.visible_commitments(user=user)
        ),
        "sources": linked_texts(Commitment, "sources", ids, Source.objects.visible_to(user)),
    }


_COMMITMENT_VALUES = (
    "id",
    "key",
    "document__key",
    "title",
    "summary",
    "kind",
    "pillar__key",
    "theme",
    "deadline",
    "deadline_note",
    "weight",
    "confidentiality",
    "publication_state",
    "latest_score",
    "latest_status",
    "latest_as_of",
)


def commitment_rows(commitments: QuerySet[Commitment], *, user: Any) -> Iterator[list[Any]]:
    """Rows of the commitments CSV for a queryset from ``selectors.commitment_list`` (which
    brings the ``latest_*`` annotations): plain values, and the links of each block of
    rows in four queries."""
    values = (
        commitments.prefetch_related(None)
        .values_list(*_COMMITMENT_VALUES)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    while block := list(islice(values, CHUNK_ROWS)):
        links = _commitment_links([row[0] for row in block], user)
        for (
            pk,
            key,
            document,
            title,
            summary,
            kind,
            pillar,
            theme,
            deadline,
            deadline_note,
            weight,
            confidentiality,
            publication_state,
            latest_score,
            latest_status,
            latest_as_of,
        ) in block:
            yield [
                key,
                document,
                title,
                summary,
                kind,
                pillar,
                theme,
                joined(links["clauses"].get(pk, ())),
                joined(links["responsible"].get(pk, ())),
                deadline,
                deadline_note,
                weight,
                joined(links["related"].get(pk, ())),
                joined(links["sources"].get(pk, ())),
                confidentiality,
                publication_state,
                latest_score,
                latest_status,
                latest_as_of,
            ]


def commitments_csv(*, user: Any, **filters: Any) -> Iterator[str]:
    """The commitments the user may see, filtered as ``selectors.commitment_list``."""
    commitments = selectors.commitment_list(user=user, **filters).order_by(
        "document__adopted_on", "document_id", "position", "id"
    )
    return csv_text(COMMITMENT_HEADER, commitment_rows(commitments, user=user))


# --- assessments ---------------------------------------------------------------------


def _assessor(name: str, username: str | None, first: str | None, last: str | None) -> str:
    if name:
        return name
    full = f"{first or ''} {last or ''}".strip()
    return full or username or ""


def assessment_rows(assessments: QuerySet[Assessment], *, user: Any) -> Iterator[list[Any]]:
    """Plain tuples rather than model instances, and the sources of each block of rows in
    one query: this is the export that runs to hundreds of thousands of rows."""
    values = assessments.values_list(
        "id",
        "commitment__key",
        "as_of",
        "score",
        "illustrative",
        "assessor_name",
        "assessor__username",
        "assessor__first_name",
        "assessor__last_name",
        "rationale",
        "confidentiality",
        "publication_state",
    ).iterator(chunk_size=CHUNK_ROWS)
    visible_sources = Source.objects.visible_to(user)
    while block := list(islice(values, CHUNK_ROWS)):
        ids = [row[0] for row in block]
        sources = linked_texts(Assessment, "sources", ids, visible_sources)
        for pk, commitment, as_of, score, illustrative, *who, rationale, conf, state in block:
            yield [
                commitment,
                as_of,
                score,
                STATUS_OF_SCORE[score],
                illustrative,
                _assessor(*who),
                rationale,
                joined(sources.get(pk, ())),
                conf,
                state,
            ]


def assessments_csv(
    *,
    user: Any,
    commitment_filters: dict[str, Any] | None = None,
    until: dt.date | None = None,
) -> Iterator[str]:
    """Every assessment the user may see, by commitment then date. With
    ``commitment_filters``, only those of the commitments ``selectors.commitment_list``
    gives for them; with ``until``, only those made as of that date."""
    assessments = selectors.visible_assessments(user=user)
    if until is not None:
        assessments = assessments.filter(as_of__lte=until)
    if commitment_filters:
        chosen = selectors.commitment_list(user=user, **commitment_filters).values("id")
        assessments = assessments.filter(commitment_id__in=chosen)
    # The (commitment, as_of, id) index gives this order without sorting.
    assessments = assessments.order_by("commitment_id", "as_of", "id")
    return csv_text(ASSESSMENT_HEADER, assessment_rows(assessments, user=user))


# --- documents and meetings ----------------------------------------------------------


def documents_csv(*, user: Any) -> Iterator[str]:
    documents = (
        selectors.visible_documents(user=user)
        .select_related("place")
        .prefetch_related(
            Prefetch("parties", queryset=Actor.objects.visible_to(user).only("id", "key")),
            Prefetch("sources", queryset=Source.objects.visible_to(user).only("id", "key")),
        )
        .order_by("adopted_on", "title", "id")
    )
    rows = (
        [
            d.key,
            d.kind,
            d.title,
            d.short_title,
            d.reference,
            d.adopted_on,
            d.in_force_on,
            d.ended_on,
            d.place.key if d.place else "",
            _sorted_keys(d.parties.all()),
            d.summary,
            _sorted_keys(d.sources.all()),
            d.confidentiality,
            d.publication_state,
        ]
        for d in documents.iterator(chunk_size=CHUNK_ROWS)
    )
    return csv_text(DOCUMENT_HEADER, rows)


def meetings_csv(*, user: Any, body_kind: str | None = None) -> Iterator[str]:
    """Meetings as the meetings list shows them: the communiqué only if the reader may see
    it (``meeting_list`` prefetches it through the visible documents, so an unseen one
    reads as None), and only the discussed commitments the reader may see."""
    meetings = (
        selectors.meeting_list(user=user, body_kind=body_kind)
        .prefetch_related(
            Prefetch(
                "discussed", queryset=selectors.visible_commitments(user=user).only("id", "key")
            ),
            Prefetch("sources", queryset=Source.objects.visible_to(user).only("id", "key")),
        )
        .order_by("starts_on", "session_number", "id")
    )
    rows = (
        [
            m.key,
            m.title,
            m.body.key,
            m.body_kind,
            m.level,
            m.session_number,
            m.starts_on,
            m.ends_on,
            m.date_note,
            m.place.key if m.place else "",
            m.communique.key if m.communique else "",
            _sorted_keys(m.discussed.all()),
            m.summary,
            _sorted_keys(m.sources.all()),
            m.confidentiality,
            m.publication_state,
        ]
        for m in meetings.iterator(chunk_size=CHUNK_ROWS)
    )
    return csv_text(MEETING_HEADER, rows)
