"""Importing flows from IATI activity files and OCHA FTS flow answers: all or nothing.

The parsers (``importers/iati.py``, ``importers/fts.py``) stream records and note their
problems with where they are. This service turns each record into a flow — organisations
found (or added) by their IATI reference or FTS id, amounts converted at the flow's date —
and writes batches of ``BATCH`` flows inside one transaction, so memory stays flat and a
problem anywhere (the parser's or ours: a currency with no rate for the date) rolls the
whole file back: nothing half-written.

Re-importing is idempotent by (dataset, external id): an IATI transaction is
``<iati-identifier>#<n>`` (its place among the activity's transactions of the types read,
as IATI transactions have no id of their own), an FTS flow its FTS id. A flow already held
is updated only where the file's own fields changed; what the secretariat adds
(visibility, conference, commitments answered, fulfilled pledge, sources) is never
touched. Each created or changed flow or organisation is one audit event, written in the
import's transaction (``audit.record_many``).

IATI transaction types become FTS statuses: 2 outgoing and 11 incoming commitments are
commitments; 1 incoming funds, 3 disbursements and 4 expenditure are paid. An activity
that reports both the money it received (1) and the money it passed on (3) gives two
flows, as IATI means it: its reporting organisation is the recipient of the first and the
donor of the second, so a total over every donor counts that money twice (filter by donor
or status to read one link of the chain).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any, BinaryIO

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from accordwatch.assistance.countries import iso3_of_iso2, iso3_of_name
from accordwatch.assistance.importers import records as rec
from accordwatch.assistance.importers.fts import parse_fts
from accordwatch.assistance.importers.iati import parse_iati
from accordwatch.assistance.models import Appeal, Flow, FlowDataset, Fund, Organisation
from accordwatch.assistance.rates import CENT, NoRate, Rates
from accordwatch.core import audit
from accordwatch.core import services as core_services
from accordwatch.core.importing import (
    MAX_PROBLEMS,
    ImportProblem,
    ImportRejected,
    ImportSummary,
    Problems,
    Progress,
)
from accordwatch.core.models import Confidentiality, PublicationState
from accordwatch.core.permissions import require_editor

BATCH = 2000

# The columns an import owns; everything else on a flow belongs to the secretariat.
IMPORTED_FIELDS = (
    "source_org_id",
    "destination_org_id",
    "amount",
    "currency",
    "amount_usd",
    "amount_eur",
    "rate_date",
    "status",
    "date",
    "flow_type",
    "sector",
    "purpose",
    "description",
    "country_iso3",
    "appeal_id",
    "fund_id",
)
_FIELD_NAMES = [name.removesuffix("_id") for name in IMPORTED_FIELDS]

IATI_STATUS = {
    rec.INCOMING_FUNDS: "paid",
    rec.OUTGOING_COMMITMENT: "commitment",
    rec.DISBURSEMENT: "paid",
    rec.EXPENDITURE: "paid",
    rec.INCOMING_COMMITMENT: "commitment",
}
_INCOMING = {rec.INCOMING_FUNDS, rec.INCOMING_COMMITMENT}
_TEXT_LIMITS = {"sector": 120, "purpose": 300, "flow_type": 60}


@dataclass(frozen=True, slots=True)
class FlowImportSummary(ImportSummary):
    organisations_created: int = 0

    def __str__(self) -> str:
        return (
            f"{self.kind}: {self.created} flows created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.organisations_created} organisation(s) added"
        )


@dataclass(slots=True)
class _Row:
    """One flow as the file gives it, ready to compare with what is held."""

    line: int
    column: str  # where a problem with it is reported
    external_id: str
    values: dict[str, Any]


class _OrgKey:
    """How an organisation is recognised: its IATI reference, FTS id, or exact name."""

    IATI = "iati"
    FTS = "fts"
    NAME = "name"


class _Organisations:
    """Finds organisations by IATI reference, FTS id or name; adds the missing ones."""

    def __init__(self) -> None:
        self.by_iati: dict[str, int] = {}
        self.by_fts: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.created: list[Organisation] = []
        self.flags: dict[int, set[str]] = {}  # roles to add to existing organisations
        self.updated_refs: list[tuple[Organisation, dict[str, Any]]] = []
        for pk, iati_ref, fts_id, name in Organisation.objects.values_list(
            "pk", "iati_ref", "fts_id", "name"
        ):
            if iati_ref:
                self.by_iati[iati_ref] = pk
            if fts_id:
                self.by_fts[fts_id] = pk
            self.by_name.setdefault(name.casefold(), pk)
        self.keys = set(Organisation.objects.values_list("key", flat=True))

    def find(self, *, kind: str, ref: str, name: str, org_type: str, role: str) -> int:
        name = " ".join(name.split())[:300] or ref
        table = {
            _OrgKey.IATI: self.by_iati,
            _OrgKey.FTS: self.by_fts,
            _OrgKey.NAME: self.by_name,
        }[kind]
        lookup = name.casefold() if kind == _OrgKey.NAME else ref
        pk = table.get(lookup)
        if pk is None and kind != _OrgKey.NAME:
            # Known under its name only (recorded by hand): link it rather than double it.
            pk = self.by_name.get(name.casefold())
            if pk is not None:
                self._remember_ref(pk, kind, ref)
        if pk is None:
            pk = self._create(kind=kind, ref=ref, name=name, org_type=org_type, role=role)
        self.flags.setdefault(pk, set()).add(role)
        return pk

    def _remember_ref(self, pk: int, kind: str, ref: str) -> None:
        field = "iati_ref" if kind == _OrgKey.IATI else "fts_id"
        org = Organisation.objects.get(pk=pk)
        if getattr(org, field):
            return
        before = audit.snapshot(org)
        setattr(org, field, ref)
        org.save(update_fields=[field])
        (self.by_iati if kind == _OrgKey.IATI else self.by_fts)[ref] = pk
        self.updated_refs.append((org, before))

    def _create(self, *, kind: str, ref: str, name: str, org_type: str, role: str) -> int:
        base = slugify(f"{kind}-{ref}" if kind != _OrgKey.NAME else name)[:150] or "organisation"
        key, n = base, 1
        while key in self.keys:
            n += 1
            key = f"{base}-{n}"
        self.keys.add(key)
        org = Organisation.objects.create(
            key=key,
            name=name or ref,
            org_type=org_type[:60],
            iati_ref=ref if kind == _OrgKey.IATI else "",
            fts_id=ref if kind == _OrgKey.FTS else "",
            is_donor=role == "donor",
            is_recipient=role == "recipient",
            is_implementer=role == "implementer",
        )
        self.created.append(org)
        if org.iati_ref:
            self.by_iati[ref] = org.pk
        if org.fts_id:
            self.by_fts[ref] = org.pk
        self.by_name.setdefault(org.name.casefold(), org.pk)
        return org.pk

    def apply_flags(self) -> list[audit.Entry]:
        """Mark donors, recipients and implementers met in the file, as they were used."""
        entries = []
        columns = {
            "donor": "is_donor",
            "recipient": "is_recipient",
            "implementer": "is_implementer",
        }
        for org in Organisation.objects.filter(pk__in=list(self.flags)):
            wanted = {columns[role] for role in self.flags[org.pk]}
            missing = [name for name in sorted(wanted) if not getattr(org, name)]
            if not missing:
                continue
            before = audit.snapshot(org)
            for name in missing:
                setattr(org, name, True)
            org.save(update_fields=missing)
            entries.append(
                audit.Entry("organisation.update", org, before=before, after=audit.snapshot(org))
            )
        return entries


class _Run:
    """One import: organisations, rates, funds and appeals looked up once; batches written."""

    def __init__(self, *, actor: Any, dataset: str, publish: bool):
        self.actor = actor
        self.dataset = dataset
        self.visibility = (
            {
                "confidentiality": Confidentiality.PUBLIC,
                "publication_state": PublicationState.PUBLISHED,
            }
            if publish
            else {}
        )
        self.rates = Rates()
        self.orgs = _Organisations()
        self.funds = dict(Fund.objects.values_list("organisation_id", "pk"))
        self.appeals = dict(Appeal.objects.exclude(fts_plan_id="").values_list("fts_plan_id", "pk"))
        self.problems: list[ImportProblem] = []
        self.created = self.updated = self.unchanged = 0
        self.done = 0
        self.entries: list[audit.Entry] = []

    def problem(self, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ImportProblem(line, column, message))

    def fund_of(self, source: int | None, destination: int | None) -> int | None:
        for pk in (destination, source):
            if pk is not None and pk in self.funds:
                return self.funds[pk]
        return None

    def write(self, rows: list[_Row]) -> None:
        held = {
            flow.external_id: flow
            for flow in Flow.objects.filter(
                dataset=self.dataset, external_id__in=[row.external_id for row in rows]
            )
        }
        new: list[Flow] = []
        changed: list[tuple[Flow, dict[str, Any]]] = []
        for row in rows:
            values = row.values
            values["fund_id"] = self.fund_of(values["source_org_id"], values["destination_org_id"])
            for name, limit in _TEXT_LIMITS.items():
                values[name] = values[name][:limit]
            flow = held.get(row.external_id)
            if flow is None:
                new.append(
                    Flow(
                        dataset=self.dataset,
                        external_id=row.external_id,
                        **values,
                        **self.visibility,
                    )
                )
                continue
            if all(getattr(flow, name) == values[name] for name in IMPORTED_FIELDS):
                self.unchanged += 1
                continue
            before = _snapshot(flow)
            for name in IMPORTED_FIELDS:
                setattr(flow, name, values[name])
            changed.append((flow, before))
        if new:
            Flow.objects.bulk_create(new, batch_size=500)
            self.created += len(new)
            self.entries += [
                audit.Entry("flow.create", flow, after=_snapshot(flow)) for flow in new
            ]
        if changed:
            Flow.objects.bulk_update([flow for flow, _ in changed], _FIELD_NAMES, batch_size=500)
            self.updated += len(changed)
            self.entries += [
                audit.Entry("flow.update", flow, before=before, after=_snapshot(flow))
                for flow, before in changed
            ]
        self.done += len(rows)
        if len(self.entries) >= BATCH:
            self.flush_audit()

    def flush_audit(self) -> None:
        audit.record_many(user=self.actor, entries=self.entries)
        self.entries = []

    def finish(self) -> None:
        org_entries = [
            audit.Entry("organisation.create", org, after=audit.snapshot(org))
            for org in self.orgs.created
        ]
        org_entries += [
            audit.Entry("organisation.update", org, before=before, after=audit.snapshot(org))
            for org, before in self.orgs.updated_refs
        ]
        self.entries = org_entries + self.orgs.apply_flags() + self.entries
        self.flush_audit()

    def summary(self, kind: str) -> FlowImportSummary:
        return FlowImportSummary(
            kind=kind,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
            organisations_created=len(self.orgs.created),
        )


def _snapshot(flow: Flow) -> dict[str, Any]:
    """The flow's own columns (its many-to-many links are not the import's)."""
    return {field.attname: field.value_from_object(flow) for field in Flow._meta.concrete_fields}


def flows_import(
    *,
    actor: Any,
    dataset: str,
    make_rows: Callable[[_Run], Iterable[_Row | None]],
    parser_problems: Problems,
    progress: Progress | None = None,
    publish: bool = False,
) -> FlowImportSummary:
    """Write the flows ``make_rows(run)`` yields (a row is None when it could not be made; the
    problem is already noted), all or nothing. ``parser_problems`` is read once the rows
    are consumed, as the parser only knows its problems at the end."""
    if actor is not core_services.SYSTEM:
        require_editor(actor)
    try:
        with transaction.atomic():
            run = _Run(actor=actor, dataset=dataset, publish=publish)
            iterator = iter(make_rows(run))
            while batch := list(islice(iterator, BATCH)):
                good = [row for row in batch if row is not None]
                if not run.problems and not parser_problems:
                    run.write(good)
                if progress:
                    progress("writing", run.done, run.done)
            found = [*parser_problems.items, *run.problems]
            if found:
                raise ImportRejected(found)
            run.finish()
    except IntegrityError as error:
        raise ImportRejected(
            [ImportProblem(1, "", f"the database refused the import, nothing was written: {error}")]
        ) from error
    return run.summary(dataset)


# --- IATI -------------------------------------------------------------------------------


def _narrative(narratives: tuple[rec.Narrative, ...]) -> str:
    """English if the publisher gave it, else the first."""
    for narrative in narratives:
        if narrative.lang == "en":
            return narrative.text
    return narratives[0].text if narratives else ""


def _sector(sector: rec.Sector | None, activity: rec.Activity) -> str:
    if sector is None and activity.sectors:
        sector = max(activity.sectors, key=lambda s: s.percentage or Decimal(0))
    if sector is None:
        return ""
    return sector.code if sector.vocabulary == "1" else f"{sector.vocabulary}:{sector.code}"


def _iati_rows(run: _Run, activities: Iterable[rec.Activity]) -> Iterator[_Row | None]:
    for activity in activities:
        purpose = _narrative(activity.title)
        countries = activity.recipient_countries
        country = iso3_of_iso2(countries[0]) if len(countries) == 1 else ""
        funders = activity.orgs(rec.FUNDING)
        implementers = activity.orgs(rec.IMPLEMENTING)
        for n, tx in enumerate(activity.transactions, start=1):
            row = _Row(tx.line, "transaction", f"{activity.identifier}#{n}", {})
            incoming = tx.type in _INCOMING
            provider = tx.provider or (funders[0] if incoming and len(funders) == 1 else None)
            if provider is None and not incoming:
                provider = activity.reporting_org
            receiver = tx.receiver or (activity.reporting_org if incoming else None)
            if receiver is None and len(implementers) == 1 and tx.type != rec.EXPENDITURE:
                receiver = implementers[0]
            if provider is None or not (provider.ref or provider.name):
                run.problem(
                    tx.line,
                    "provider-org",
                    "incoming money with no provider-org and no single funding "
                    "participating-org: who gave it?",
                )
                yield None
                continue
            try:
                conversion = run.rates.convert(tx.value, tx.currency, tx.value_date)
            except NoRate as error:
                run.problem(tx.line, "value/@currency", str(error))
                yield None
                continue
            source = _iati_org(run, provider, "donor")
            destination = None
            if receiver is not None and (receiver.ref or receiver.name):
                implementing = any(_same_org(receiver, org) for org in implementers)
                role = "implementer" if implementing else "recipient"
                destination = _iati_org(run, receiver, role)
            row.values = {
                "source_org_id": source,
                "destination_org_id": destination,
                "amount": tx.value.quantize(CENT),
                "currency": tx.currency,
                "amount_usd": conversion.usd,
                "amount_eur": conversion.eur,
                "rate_date": conversion.rate_date,
                "status": IATI_STATUS[tx.type],
                "date": tx.date,
                "flow_type": f"IATI {tx.type} {rec.TRANSACTION_TYPES[tx.type]}",
                "sector": _sector(tx.sector, activity),
                "purpose": purpose,
                "description": _narrative(tx.description),
                "country_iso3": country,
                "appeal_id": None,
            }
            yield row


def _same_org(one: rec.Organisation, other: rec.Organisation) -> bool:
    if one.ref or other.ref:
        return one.ref == other.ref
    return one.name.casefold() == other.name.casefold()


def _iati_org(run: _Run, org: rec.Organisation, role: str) -> int:
    kind = _OrgKey.IATI if org.ref else _OrgKey.NAME
    return run.orgs.find(kind=kind, ref=org.ref, name=org.name, org_type=org.type, role=role)


def iati_import_file(
    *, actor: Any, stream: BinaryIO, progress: Progress | None = None, publish: bool = False
) -> FlowImportSummary:
    """``accordwatch import iati FILE``: an IATI activity file (2.01–2.03)."""
    problems = Problems()
    activities = parse_iati(stream, problems=problems)
    return flows_import(
        actor=actor,
        dataset=FlowDataset.IATI,
        make_rows=lambda run: _iati_rows(run, activities),
        parser_problems=problems,
        progress=progress,
        publish=publish,
    )


# --- FTS --------------------------------------------------------------------------------


def _first(objects: tuple[rec.FlowObject, ...]) -> rec.FlowObject | None:
    return objects[0] if objects else None


def _fts_rows(run: _Run, flows: Iterable[rec.Flow]) -> Iterator[_Row | None]:
    for flow in flows:
        path = f"data.flows[{flow.index}]"
        row = _Row(0, path, flow.id, {})
        source = _first(flow.sources_of("Organization"))
        if source is None:
            run.problem(0, f"{path}.sourceObjects", "no source organisation: who gave it?")
            yield None
            continue
        try:
            conversion = run.rates.from_usd(flow.amount_usd, flow.date)
        except NoRate as error:
            run.problem(0, f"{path}.date", str(error))
            yield None
            continue
        amount, currency = flow.amount_usd, "USD"
        if flow.original_amount is not None and flow.original_currency:
            amount, currency = flow.original_amount, flow.original_currency
        eur = conversion.eur
        if currency == "EUR":
            eur = amount.quantize(CENT)  # the donor's own euros, not a round trip through USD
        destination = _first(flow.destinations_of("Organization"))
        plan = _first(flow.destinations_of("Plan"))
        cluster = _first(flow.destinations_of("GlobalCluster"))
        location = _first(flow.destinations_of("Location"))
        row.values = {
            "source_org_id": _fts_org(run, source, "donor"),
            "destination_org_id": _fts_org(run, destination, "recipient") if destination else None,
            "amount": amount.quantize(CENT),
            "currency": currency,
            "amount_usd": conversion.usd,
            "amount_eur": eur,
            "rate_date": conversion.rate_date,
            "status": flow.status,
            "date": flow.date,
            "flow_type": f"FTS {flow.flow_type}".strip(),
            "sector": cluster.name if cluster else "",
            "purpose": plan.name if plan else "",
            "description": flow.description,
            "country_iso3": iso3_of_name(location.name) if location else "",
            "appeal_id": run.appeals.get(plan.id) if plan else None,
        }
        yield row


def _fts_org(run: _Run, obj: rec.FlowObject, role: str) -> int:
    kind = _OrgKey.FTS if obj.id else _OrgKey.NAME
    return run.orgs.find(kind=kind, ref=obj.id, name=obj.name, org_type="", role=role)


def fts_import_file(
    *, actor: Any, stream: BinaryIO, progress: Progress | None = None, publish: bool = False
) -> FlowImportSummary:
    """``accordwatch import fts FILE``: the FTS API's flow answer (JSON)."""
    problems = Problems()
    flows = parse_fts(stream, problems=problems)
    return flows_import(
        actor=actor,
        dataset=FlowDataset.FTS,
        make_rows=lambda run: _fts_rows(run, flows),
        parser_problems=problems,
        progress=progress,
        publish=publish,
    )
