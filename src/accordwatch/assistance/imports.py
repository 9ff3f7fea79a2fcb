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
(visibility, conference, commitments answered, sources, a fulfilled pledge it chose) is
never touched. Each created or changed flow or organisation is one audit event, written in the
import's transaction (``audit.record_many``).

IATI transaction types become FTS statuses: 2 outgoing and 11 incoming commitments are
commitments; 1 incoming funds, 3 disbursements and 4 expenditure are paid. An activity
that reports both the money it received (1) and the money it passed on (3) gives two
flows, as IATI means it: its reporting organisation is the recipient of the first and the
donor of the second, so a total over every donor counts that money at each link.

Once the file's flows are written, the links are read (``import_links``): the pledge or
commitment a flow fulfils (FTS parent and child flows; an IATI payment and the one
commitment it pays), and the same money reported by a donor and its recipient in IATI,
marked as a duplicate so that totals count it once (docs/assistance.md, "Links between
flows").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any, BinaryIO

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from accordwatch.assistance import import_links as links
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
    "counterpart_activity",
)
# Also the import's: the parent a file names (a file that names none keeps the one held,
# as FTS writes the link on one side or both) and the fulfilment read from it.
_LINK_FIELDS = ("parent_ref", "fulfils_id")
_FIELD_NAMES = [name.removesuffix("_id") for name in (*IMPORTED_FIELDS, *_LINK_FIELDS)]

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
    links_made: int = 0  # flows the import linked to the pledge or commitment they fulfil
    links_waiting: tuple[str, ...] = ()  # "flow X: parent flow Y is not held yet" …
    duplicates_marked: int = 0  # IATI flows that report money another publisher reported

    def __str__(self) -> str:
        text = (
            f"{self.kind}: {self.created} flows created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.organisations_created} organisation(s) added"
        )
        if self.links_made:
            text += f"; {self.links_made} flow(s) linked to the pledge or commitment they fulfil"
        if self.duplicates_marked:
            text += f"; {self.duplicates_marked} flow(s) counted once as the same money"
        if self.links_waiting:
            shown = self.links_waiting[:_WAITING_SHOWN]
            more = len(self.links_waiting) - len(shown)
            text += f"\n{len(self.links_waiting)} link(s) not resolved:\n  " + "\n  ".join(shown)
            if more:
                text += f"\n  … and {more} more"
        return text


_WAITING_SHOWN = 20


@dataclass(slots=True)
class _Row:
    """One flow as the file gives it, ready to compare with what is held."""

    line: int
    column: str  # where a problem with it is reported
    external_id: str
    values: dict[str, Any]
    parent_ref: str = ""  # the external id of the flow upstream, "" when the file names none


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
        # The file's flows as written (for the links), and where each is in the file.
        self.seen: dict[str, links.Known] = {}
        self.where: dict[str, tuple[int, str]] = {}  # only flows that name a parent
        self.claims: dict[str, tuple[str, int, str]] = {}  # FTS childFlowIds: child → parent
        self.links_made = 0
        self.waiting: list[str] = []
        self.duplicates_marked = 0

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
        old: list[tuple[Flow, tuple[Any, ...]]] = []  # held flows, with their values before
        for row in rows:
            values = row.values
            values["fund_id"] = self.fund_of(values["source_org_id"], values["destination_org_id"])
            for name, limit in _TEXT_LIMITS.items():
                values[name] = values[name][:limit]
            if row.parent_ref:
                self.where[row.external_id] = (row.line, row.column)
            flow = held.get(row.external_id)
            if flow is None:
                new.append(
                    Flow(
                        dataset=self.dataset,
                        external_id=row.external_id,
                        parent_ref=row.parent_ref,
                        **values,
                        **self.visibility,
                    )
                )
                continue
            old.append((flow, _owned(flow)))
            for name in IMPORTED_FIELDS:
                setattr(flow, name, values[name])
            # An IATI activity is published whole, so its file settles the link either way;
            # FTS often names a parent on one side only, so a flow naming none keeps its own.
            settles = bool(row.parent_ref) or self.dataset == FlowDataset.IATI
            if settles and row.parent_ref != flow.parent_ref:
                if flow.fulfils_id is not None and self._linked_by_import(flow):
                    flow.fulfils_id = None  # the file names another parent now, or none
                flow.parent_ref = row.parent_ref
        self._create(new)
        for flow, _ in old:
            self._remember(flow)
        self._link([flow for flow, _ in old])
        self.entries += [audit.Entry("flow.create", flow, after=_snapshot(flow)) for flow in new]
        changed = [(flow, before) for flow, before in old if _owned(flow) != before]
        self.unchanged += len(old) - len(changed)
        if changed:
            Flow.objects.bulk_update([flow for flow, _ in changed], _FIELD_NAMES, batch_size=500)
            self.updated += len(changed)
            self.entries += [
                audit.Entry(
                    "flow.update", flow, before=_before(flow, before), after=_snapshot(flow)
                )
                for flow, before in changed
            ]
        self.done += len(rows)
        if len(self.entries) >= BATCH:
            self.flush_audit()

    def _create(self, new: list[Flow]) -> None:
        """Insert the batch's new flows, parents before the children that name them, so
        that each is written with its link (no second write)."""
        in_batch = {flow.external_id for flow in new}
        pending = new
        while pending:
            now: list[Flow] = []
            later: list[Flow] = []
            for flow in pending:
                ready = flow.parent_ref not in in_batch or flow.parent_ref in self.seen
                (now if ready else later).append(flow)
            if not now:  # parents naming each other: written unlinked, refused at the end
                now, later = later, []
            self._link(now)
            Flow.objects.bulk_create(now, batch_size=500)
            self.created += len(now)
            for flow in now:
                self._remember(flow)
            pending = later

    def _remember(self, flow: Flow) -> None:
        self.seen[flow.external_id] = links.Known(
            flow.pk, flow.status, flow.source_org_id, flow.parent_ref
        )

    def _linked_by_import(self, flow: Flow) -> bool:
        """Whether the flow's ``fulfils`` is the parent its file named (not an editor's)."""
        parent = links.held(self.dataset, [flow.parent_ref]).get(flow.parent_ref)
        return parent is not None and parent.pk == flow.fulfils_id

    def _link(self, flows: list[Flow]) -> list[Flow]:
        """Set ``fulfils`` on the flows whose parent is known (in the file so far or held)
        and is an earlier stage of the same donor's money; return those linked."""
        waiting = [flow for flow in flows if flow.parent_ref and flow.fulfils_id is None]
        unknown = [flow.parent_ref for flow in waiting if flow.parent_ref not in self.seen]
        found = links.held(self.dataset, unknown) if unknown else {}
        linked = []
        for flow in waiting:
            parent = self.seen.get(flow.parent_ref) or found.get(flow.parent_ref)
            if parent is not None and links.fulfils(flow, parent):
                flow.fulfils_id = parent.pk
                self.links_made += 1
                linked.append(flow)
        return linked

    def claim_children(
        self, parent: str, children: tuple[str, ...], line: int, column: str
    ) -> None:
        """FTS: a flow lists its children; applied once every flow of the file is in."""
        for child in children:
            self.claims.setdefault(child, (parent, line, column))

    def resolve_links(self) -> None:
        """Once the whole file is in: the children FTS lists under their parent, the links
        whose parent came later in the file or in an earlier file, the parents still
        missing (reported), and cycles of parents (refused)."""
        self._apply_claims()
        pending = list(
            Flow.objects.filter(dataset=self.dataset, fulfils__isnull=True).exclude(parent_ref="")
        )
        found = links.held(self.dataset, [flow.parent_ref for flow in pending])
        changed = []
        for flow in pending:
            parent = found.get(flow.parent_ref)
            if parent is None:
                if flow.external_id in self.seen:
                    self.waiting.append(
                        f"flow {flow.external_id}: its parent flow {flow.parent_ref} is not "
                        "held yet; the link is made when a file brings it"
                    )
            elif links.fulfils(flow, parent):
                before = _snapshot(flow)
                flow.fulfils_id = parent.pk
                changed.append((flow, before))
        self.links_made += len(changed)
        self._save_links(changed, ["fulfils"])
        self._refuse_cycles()

    def _apply_claims(self) -> None:
        """A child FTS lists under a parent gets that parent when it names none itself;
        a child that names another parent is a contradiction the file must settle."""
        if not self.claims:
            return
        children = links.held(self.dataset, self.claims)
        changed = []
        flows = Flow.objects.in_bulk(
            [known.pk for child, known in children.items() if not known.parent_ref]
        )
        for child, (parent, line, column) in self.claims.items():
            known = children.get(child)
            if known is None:
                self.waiting.append(
                    f"flow {parent} lists flow {child} among its childFlowIds; {child} is not "
                    "held (it is linked if its own record names its parent)"
                )
            elif known.parent_ref and known.parent_ref != parent:
                self.problem(
                    line,
                    f"{column}.childFlowIds",
                    f"flow {parent} lists flow {child} as its child, but flow {child} names "
                    f"flow {known.parent_ref} as its parent",
                )
            elif not known.parent_ref:
                flow = flows[known.pk]
                before = _snapshot(flow)
                flow.parent_ref = parent
                changed.append((flow, before))
                self.seen[child] = known._replace(parent_ref=parent)
                self.where.setdefault(child, (line, column))
        self._save_links(changed, ["parent_ref"])

    def _save_links(self, changed: list[tuple[Flow, dict[str, Any]]], fields: list[str]) -> None:
        if not changed:
            return
        Flow.objects.bulk_update([flow for flow, _ in changed], fields, batch_size=500)
        self.entries += [
            audit.Entry("flow.update", flow, before=before, after=_snapshot(flow))
            for flow, before in changed
        ]

    def _refuse_cycles(self) -> None:
        """A flow that is its own ancestor: FTS data broken, refused with the flows named."""
        cache: dict[str, str] = {}

        def parent_of(ext: str) -> str:
            if ext in self.seen:
                return self.seen[ext].parent_ref
            if ext not in cache:
                known = links.held(self.dataset, [ext]).get(ext)
                cache[ext] = known.parent_ref if known else ""
            return cache[ext]

        reported: set[str] = set()
        for ext in self.where:
            if ext in reported:
                continue
            cycle = links.cycle_from(ext, parent_of)
            if cycle is None:
                continue
            reported.update(cycle)
            line, column = self.where[ext]
            chain = " → ".join([*cycle, cycle[0]])
            self.problem(
                line,
                f"{column}.parentFlowId" if self.dataset == FlowDataset.FTS else column,
                f"flows name each other as parent in a cycle ({chain}): no flow can come "
                "before itself; fix the parent links",
            )

    def mark_duplicates(self) -> None:
        """IATI: the recipient's report of money the donor reported is marked as its
        duplicate (kept, not counted); a mark the data no longer bear out is removed."""
        plan = links.plan_duplicates()
        flows = Flow.objects.in_bulk(list(plan.changes))
        changed = []
        for pk, duplicate_of in plan.changes.items():
            flow = flows[pk]
            before = _snapshot(flow)
            flow.duplicate_of_id = duplicate_of
            changed.append((flow, before))
        self._save_links(changed, ["duplicate_of"])
        self.duplicates_marked = plan.marked

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
            links_made=self.links_made,
            links_waiting=tuple(self.waiting),
            duplicates_marked=self.duplicates_marked,
        )


def _owned(flow: Flow) -> tuple[Any, ...]:
    """The values the import owns on a flow, to tell whether a file changed it."""
    return tuple(getattr(flow, name) for name in (*IMPORTED_FIELDS, *_LINK_FIELDS))


def _before(flow: Flow, owned: tuple[Any, ...]) -> dict[str, Any]:
    """The flow's snapshot as it was before the import changed its own values."""
    before = _snapshot(flow)
    before.update(zip((*IMPORTED_FIELDS, *_LINK_FIELDS), owned, strict=True))
    return before


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
            if not run.problems and not parser_problems:
                run.resolve_links()
                if dataset == FlowDataset.IATI:
                    run.mark_duplicates()
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
        rows = list(_activity_rows(run, activity))
        _link_payments(rows)
        yield from rows


# A disbursement pays an outgoing commitment; incoming funds answer an incoming commitment.
_PAYS = {rec.DISBURSEMENT: rec.OUTGOING_COMMITMENT, rec.INCOMING_FUNDS: rec.INCOMING_COMMITMENT}


def _link_payments(rows: list[_Row | None]) -> None:
    """In one activity, a payment fulfils the commitment between the same two
    organisations when there is exactly one such commitment; with several, IATI does not
    say which one a payment answers, and none is guessed."""
    commitments: dict[tuple[str, int, int | None], list[str]] = {}
    for row in rows:
        if row is not None and row.values["flow_type"].split()[1] in _PAYS.values():
            ends = (row.values["source_org_id"], row.values["destination_org_id"])
            commitments.setdefault((row.values["flow_type"].split()[1], *ends), []).append(
                row.external_id
            )
    for row in rows:
        code = row.values["flow_type"].split()[1] if row is not None else ""
        if row is None or code not in _PAYS:
            continue
        ends = (row.values["source_org_id"], row.values["destination_org_id"])
        found = commitments.get((_PAYS[code], *ends), [])
        if len(found) == 1:
            row.parent_ref = found[0]


def _activity_rows(run: _Run, activity: rec.Activity) -> Iterator[_Row | None]:
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
            "counterpart_activity": _counterpart(tx)[:200],
        }
        yield row


def _counterpart(tx: rec.Transaction) -> str:
    """The activity at the other end: where outgoing money went, where incoming came from."""
    org = tx.provider if tx.type in _INCOMING else tx.receiver
    return org.activity_id if org is not None else ""


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
            "counterpart_activity": "",
        }
        row.parent_ref = flow.parent_id
        run.claim_children(flow.id, flow.child_ids, 0, path)
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
