"""Flow downloads, streamed: a plain CSV and the same columns tagged with HXL hashtags.

Both read ``selectors.flow_list`` (only what the reader may see; the same money reported
by two IATI publishers once, see ``selectors.counted``) through ``values_list``
in chunks, with organisation, conference and fund names looked up once from their small
tables. Text cells that a spreadsheet would run as a formula get a leading ``'`` (as every
accordwatch download does); numbers and dates are written as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from accordwatch.assistance import selectors
from accordwatch.assistance.models import Conference, Fund, Organisation
from accordwatch.assistance.query import BadFilter, flow_filters
from accordwatch.assistance.selectors import FlowFilters
from accordwatch.core.exporting import BadExportFilter
from accordwatch.incidents.exports import CHUNK_ROWS, cell, csv_blocks

# (header, HXL hashtag, value read). Hashtags from the HXL core schema 1.1 (hxlstandard.org)
# where one fits, as OCHA's own FTS datasets on HDX tag them.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "#meta+id", "pk"),
    ("dataset", "#meta+source", "dataset"),
    ("external_id", "#meta+id+external", "external_id"),
    ("date", "#date", "date"),
    ("status", "#status", "status"),
    ("donor", "#org+name+funder", "source_org_id"),
    ("donor_code", "#org+code+funder", "source_org_id"),
    ("recipient", "#org+name+impl", "destination_org_id"),
    ("recipient_code", "#org+code+impl", "destination_org_id"),
    ("amount_usd", "#value+funding+usd", "amount_usd"),
    ("amount_eur", "#value+funding+eur", "amount_eur"),
    ("amount", "#value+funding+original", "amount"),
    ("currency", "#currency+original", "currency"),
    ("sector", "#sector", "sector"),
    ("purpose", "#activity+name", "purpose"),
    ("country_iso3", "#country+iso3", "country_iso3"),
    ("conference", "#event+name+conference", "conference_id"),
    ("fund", "#org+name+fund", "fund_id"),
    ("fulfils", "#meta+id+fulfils", "fulfils_id"),
    ("description", "#description", "description"),
)


def _writers(user: Any) -> list[Callable[[Any], str]]:
    """How each column's value is written. Names come from the small tables, read once;
    an organisation is named whenever a visible flow names it (see organisation_list)."""
    orgs = {
        pk: (name, ref or fts)
        for pk, name, ref, fts in Organisation.objects.values_list(
            "pk", "name", "iati_ref", "fts_id"
        )
    }
    conferences = dict(Conference.objects.visible_to(user).values_list("pk", "name"))
    funds = dict(Fund.objects.visible_to(user).values_list("pk", "name"))
    writers: list[Callable[[Any], str]] = []
    for header, _, _ in COLUMNS:
        if header in ("donor", "recipient"):
            writers.append(lambda pk: cell(orgs[pk][0]) if pk in orgs else "")
        elif header in ("donor_code", "recipient_code"):
            writers.append(lambda pk: cell(orgs[pk][1]) if pk in orgs else "")
        elif header == "conference":
            writers.append(lambda pk: cell(conferences.get(pk)))
        elif header == "fund":
            writers.append(lambda pk: cell(funds.get(pk)))
        else:
            writers.append(cell)
    return writers


def _rows(user: Any, filters: FlowFilters) -> Iterator[list[str]]:
    # Money two IATI publishers both reported is written once (the donor's report), so a
    # sum over the file counts it once, as the dashboard does.
    flows = selectors.counted(selectors.flow_list(user=user, filters=filters))
    flows = flows.order_by("date", "id")
    writers = _writers(user)
    fields = [value for _, _, value in COLUMNS]
    fulfils = fields.index("fulfils_id")
    # A fulfilled pledge the reader may not see is not pointed at (read once: pledges
    # with payments towards them are few beside the flows).
    fulfilled = set(
        selectors.visible_flows(user=user)
        .filter(fulfilments__isnull=False)
        .values_list("pk", flat=True)
    )
    for row in flows.values_list(*fields).iterator(chunk_size=CHUNK_ROWS):
        values = list(row)
        if values[fulfils] not in fulfilled:
            values[fulfils] = None
        yield [write(value) for write, value in zip(writers, values, strict=True)]


def flows_csv(*, user: Any, filters: FlowFilters | None = None) -> Iterator[str]:
    """The flows ``user`` may see, oldest first, one header row."""
    header = [[name for name, _, _ in COLUMNS]]
    return csv_blocks(header, _rows(user, filters or FlowFilters()))


def flows_hxl(*, user: Any, filters: FlowFilters | None = None) -> Iterator[str]:
    """The same, with the HXL hashtag row under the header."""
    header = [[name for name, _, _ in COLUMNS], [tag for _, tag, _ in COLUMNS]]
    return csv_blocks(header, _rows(user, filters or FlowFilters()))


def _parsed(filters: dict[str, str]) -> FlowFilters:
    try:
        return flow_filters(filters)
    except BadFilter as error:
        raise BadExportFilter(str(error)) from None


def hxl_export(*, user: Any, filters: dict[str, str]) -> Iterator[str]:
    """``accordwatch export hxl``."""
    return flows_hxl(user=user, filters=_parsed(filters))


def csv_export(*, user: Any, filters: dict[str, str]) -> Iterator[str]:
    """``accordwatch export flows-csv``."""
    return flows_csv(user=user, filters=_parsed(filters))
