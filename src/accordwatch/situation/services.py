"""Every write to the situation records: one transaction, one audit event, editors only.

Each ``*_upsert`` creates or updates the record with its stable key (for observations: the
indicator, place, date and source) and writes nothing, no audit event either, when the
values are the ones already stored; that keeps the demo loader and imports idempotent. A
record's children (blocked periods, danger-list years, components) are given whole with
their parent and travel in the parent's audit event.

Bad input raises ``ValidationError`` keyed by the field at fault, with a message that
says which value is wrong and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from accordwatch.commitments.models import Commitment
from accordwatch.core import audit
from accordwatch.core import services as core_services
from accordwatch.core.models import Actor, Confidentiality, Place, PublicationState, Source
from accordwatch.core.permissions import require_editor
from accordwatch.situation.models import (
    BlockedPeriod,
    ComponentState,
    DangerListing,
    DatePrecision,
    HeritageComponent,
    HeritageSite,
    Indicator,
    InterimAdministration,
    Observation,
)

PUBLIC = Confidentiality.PUBLIC
PUBLISHED = PublicationState.PUBLISHED


def _check_editor(user: Any) -> None:
    if user is not core_services.SYSTEM:
        require_editor(user)


def _as_date(field: str, value: Any, *, required: bool = False) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: f"{field} is required"})
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            {field: f"{field} must be a date as YYYY-MM-DD, not {value!r}"}
        ) from None


def _as_count(field: str, value: Any) -> int:
    """A whole number of people (or sites …), zero or more."""
    if isinstance(value, bool):
        raise ValidationError({field: f"{field} must be a whole number, not {value!r}"})
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{field} must be a whole number, not {value!r}"}) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValidationError({field: f"{field} must be a whole number, not {value!r}"})
    if number < 0:
        raise ValidationError({field: f"{field} cannot be negative (got {value})"})
    return int(number)


def _precision(field: str, value: str) -> str:
    if value not in DatePrecision.values:
        choices = ", ".join(DatePrecision.values)
        raise ValidationError({field: f"{field} must be one of {choices}, not {value!r}"})
    return value


# --- indicators and observations ------------------------------------------------------


def indicator_upsert(
    *,
    actor: Any,
    key: str,
    name: str,
    unit: str = "people",
    definition: str = "",
    place_role: str = "location",
    origin: Place | None = None,
    hxl_tag: str = "",
    position: int = 0,
    sources: Iterable[Source] = (),
    answers: Iterable[Commitment] = (),
    confidentiality: str = PUBLIC,
    publication_state: str = PUBLISHED,
) -> tuple[Indicator, bool]:
    """Define (or redefine) an indicator. Returns ``(indicator, changed)``."""
    if hxl_tag and not hxl_tag.startswith("#"):
        raise ValidationError({"hxl_tag": f"an HXL hashtag starts with '#', not {hxl_tag!r}"})
    return core_services.upsert(
        actor=actor,
        model=Indicator,
        key=key,
        values={
            "name": name,
            "unit": unit,
            "definition": definition,
            "place_role": place_role,
            "origin": origin,
            "hxl_tag": hxl_tag,
            "position": position,
            "confidentiality": confidentiality,
            "publication_state": publication_state,
        },
        m2m={"sources": sources, "answers": answers},
        action_prefix="situation_indicator",
    )


def _checked_figure(
    date: Any, value: Any, date_precision: str, source: Source | None
) -> tuple[dt.date, int, Source]:
    """A figure's date, count and source, refused with the field named when one of them or
    the precision is not usable."""
    day = _as_date("date", date, required=True)
    assert day is not None  # required: _as_date raised otherwise
    count = _as_count("value", value)
    _precision("date_precision", date_precision)
    if source is None:
        raise ValidationError({"source": "every figure needs its source"})
    return day, count, source


def observation_record(
    *,
    actor: Any,
    indicator: Indicator,
    place: Place,
    date: Any,
    value: Any,
    source: Source | None,
    date_precision: str = DatePrecision.DAY,
    note: str = "",
    confidentiality: str = PUBLIC,
    publication_state: str = PUBLISHED,
) -> tuple[Observation, bool]:
    """Record one figure; the same indicator, place, date and source updates it.
    Returns ``(observation, changed)``."""
    _check_editor(actor)
    day, count, source = _checked_figure(date, value, date_precision, source)
    with transaction.atomic():
        obj = (
            Observation.objects.select_for_update()
            .filter(indicator=indicator, place=place, date=day, source=source)
            .first()
        )
        before = audit.snapshot(obj) if obj is not None else None
        if obj is None:
            obj = Observation(indicator=indicator, place=place, date=day, source=source)
        obj.value, obj.date_precision, obj.note = count, date_precision, note
        obj.confidentiality, obj.publication_state = confidentiality, publication_state
        obj.full_clean()
        after = audit.snapshot(obj)
        if before is not None and after == before:
            return obj, False
        obj.save()
        audit.record(
            user=actor,
            action="situation_observation.create"
            if before is None
            else "situation_observation.update",
            obj=obj,
            object_label=f"{indicator.key} {place.name} {day}",
            before=before,
            after=audit.snapshot(obj),
        )
        return obj, True


def observation_correct(
    *,
    actor: Any,
    observation: Observation,
    indicator: Indicator,
    place: Place,
    date: Any,
    value: Any,
    source: Source | None,
    date_precision: str = DatePrecision.DAY,
    note: str = "",
    confidentiality: str = PUBLIC,
    publication_state: str = PUBLISHED,
) -> tuple[Observation, bool]:
    """Correct a recorded figure in place, its indicator, place, date or source included
    (``observation_record`` would add a second figure when one of those changes).
    Returns ``(observation, changed)``."""
    _check_editor(actor)
    day, count, source = _checked_figure(date, value, date_precision, source)
    with transaction.atomic():
        obj = Observation.objects.select_for_update().get(pk=observation.pk)
        clash = Observation.objects.filter(
            indicator=indicator, place=place, date=day, source=source
        ).exclude(pk=obj.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "date": f"{indicator.key} at {place.name} on {day} from this source is "
                    "recorded already: correct or delete that figure instead"
                }
            )
        before = audit.snapshot(obj)
        obj.indicator, obj.place, obj.date, obj.source = indicator, place, day, source
        obj.value, obj.date_precision, obj.note = count, date_precision, note
        obj.confidentiality, obj.publication_state = confidentiality, publication_state
        obj.full_clean()
        after = audit.snapshot(obj)
        if after == before:
            return obj, False
        obj.save()
        audit.record(
            user=actor,
            action="situation_observation.update",
            obj=obj,
            object_label=f"{indicator.key} {place.name} {day}",
            before=before,
            after=after,
        )
        return obj, True


def observation_delete(*, actor: Any, observation: Observation) -> None:
    """Remove a figure entered by mistake (a wrong one is corrected: ``observation_correct``)."""
    _check_editor(actor)
    with transaction.atomic():
        before = audit.snapshot(observation)
        label = f"{observation.indicator.key} {observation.place.name} {observation.date}"
        pk = observation.pk
        observation.delete()
        audit.record(
            user=actor,
            action="situation_observation.delete",
            object_type="situation.observation",
            object_id=str(pk),
            object_label=label,
            before=before,
        )


# --- records given whole with their children ------------------------------------------


@dataclass(frozen=True)
class _Children:
    """One kind of child row (blocked periods, danger-list years, components): where it
    hangs on its parent, and the function that checks the rows given and puts them in the
    order they are stored."""

    related_name: str
    model: type[models.Model]
    fk: str
    checked: Callable[[Iterable[Mapping[str, Any]]], list[dict[str, Any]]]

    def snapshot(self, parent: Any) -> list[dict[str, Any]]:
        return [
            _child_snapshot(child, self.fk) for child in getattr(parent, self.related_name).all()
        ]

    def replace(self, parent: Any, rows: Sequence[dict[str, Any]]) -> None:
        """Replace the parent's children by ``rows``, unless they are those already (then
        nothing is written, so an unchanged parent stays unchanged)."""
        manager = getattr(parent, self.related_name)
        wanted: list[tuple[Any, list[Source]]] = []
        for row in rows:
            fields = {name: value for name, value in row.items() if name != "sources"}
            child = self.model(**{self.fk: parent}, **fields)
            child.full_clean(exclude=[self.fk])
            wanted.append((child, list(row.get("sources", []))))
        if self.snapshot(parent) == [
            _child_snapshot(child, self.fk, sources) for child, sources in wanted
        ]:
            return
        manager.all().delete()
        for child, sources in wanted:
            child.save()
            if sources:
                child.sources.set(sources)


def _child_snapshot(child: Any, fk: str, sources: Sequence[Source] | None = None) -> dict:
    """A child's own values, without its id and its parent, for comparing and auditing."""
    data = audit.snapshot(child, exclude={"id", fk, "sources"})
    if any(field.name == "sources" for field in child._meta.many_to_many):
        ids = (
            [s.pk for s in sources] if sources is not None else [s.pk for s in child.sources.all()]
        )
        data["sources"] = sorted(ids)
    return data


def _upsert_with_children(
    *,
    actor: Any,
    model: type[models.Model],
    key: str,
    values: Mapping[str, Any],
    m2m: Mapping[str, Iterable[Any]],
    children: Mapping[_Children, Iterable[Mapping[str, Any]]],
    action_prefix: str,
) -> tuple[Any, bool]:
    """Create or update the record with this ``key``, its many-to-many links and its
    children, in one transaction; one audit event whose snapshots carry the children, none
    when nothing changed. Every kind of child row is checked (in the order given) before
    anything is written."""
    rows = {kind: kind.checked(given) for kind, given in children.items()}

    def snapshot(obj: Any) -> dict[str, Any]:
        data = audit.snapshot(obj)
        for kind in rows:
            data[kind.related_name] = kind.snapshot(obj)
        return data

    with transaction.atomic():
        obj = model._default_manager.select_for_update().filter(key=key).first()
        before = snapshot(obj) if obj is not None else None
        if obj is None:
            obj = model(key=key)
        for name, value in values.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        for name, items in m2m.items():
            getattr(obj, name).set(list(items))
        for kind, checked in rows.items():
            kind.replace(obj, checked)
        after = snapshot(obj)
        if after == before:
            return obj, False
        audit.record(
            user=actor,
            action=f"{action_prefix}.{'create' if before is None else 'update'}",
            obj=obj,
            before=before,
            after=after,
        )
        return obj, True


# --- interim administrations ----------------------------------------------------------


def _blocked_rows(periods: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for period in periods:
        start = _as_date("blocked_from", period.get("blocked_from"), required=True)
        end = _as_date("blocked_to", period.get("blocked_to"))
        if start is not None and end is not None and end < start:
            raise ValidationError(
                {
                    "blocked_to": f"blocked_to ({end}) is before blocked_from ({start}): "
                    "a blocked period cannot end before it starts"
                }
            )
        rows.append(
            {
                "blocked_from": start,
                "blocked_to": end,
                "reason": period.get("reason", ""),
                "unverified": bool(period.get("unverified", False)),
            }
        )
    return sorted(rows, key=lambda row: row["blocked_from"])


BLOCKED_PERIODS = _Children("blocked_periods", BlockedPeriod, "administration", _blocked_rows)


def interim_administration_upsert(
    *,
    actor: Any,
    key: str,
    region: Place,
    installed_on: Any = None,
    installed_note: str = "",
    ended_on: Any = None,
    head: Actor | None = None,
    head_name: str = "",
    affiliation: Actor | None = None,
    note: str = "",
    blocked_periods: Iterable[Mapping[str, Any]] = (),
    sources: Iterable[Source] = (),
    answers: Iterable[Commitment] = (),
    confidentiality: str = PUBLIC,
    publication_state: str = PUBLISHED,
) -> tuple[InterimAdministration, bool]:
    """Create or update a region's interim administration and its blocked periods (given
    whole: the list replaces the stored one). Returns ``(administration, changed)``."""
    _check_editor(actor)
    installed = _as_date("installed_on", installed_on)
    ended = _as_date("ended_on", ended_on)
    if installed is not None and ended is not None and ended < installed:
        raise ValidationError(
            {"ended_on": f"ended_on ({ended}) is before installed_on ({installed})"}
        )
    return _upsert_with_children(
        actor=actor,
        model=InterimAdministration,
        key=key,
        values={
            "region": region,
            "installed_on": installed,
            "installed_note": installed_note,
            "ended_on": ended,
            "head": head,
            "head_name": head_name,
            "affiliation": affiliation,
            "note": note,
            "confidentiality": confidentiality,
            "publication_state": publication_state,
        },
        m2m={"sources": sources, "answers": answers},
        children={BLOCKED_PERIODS: blocked_periods},
        action_prefix="situation_interim",
    )


# --- heritage sites -------------------------------------------------------------------


def _danger_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for row in rows:
        year = _as_count("year", row.get("year"))
        if not 1900 <= year <= 2200:
            raise ValidationError({"year": f"year must be a year such as 2012, not {year}"})
        if year in out:
            raise ValidationError({"year": f"year {year} is given twice for the danger list"})
        out[year] = {
            "year": year,
            "in_danger": bool(row.get("in_danger", True)),
            "note": row.get("note", ""),
        }
    return [out[year] for year in sorted(out)]


def _component_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    keys: set[str] = set()
    for position, row in enumerate(rows, start=1):
        key = row.get("key") or ""
        if not key:
            raise ValidationError({"key": "every component needs a key"})
        if key in keys:
            raise ValidationError({"key": f"component key {key!r} is given twice"})
        keys.add(key)
        destroyed = _as_date("destroyed_on", row.get("destroyed_on"))
        rebuilt = _as_date("rebuilt_on", row.get("rebuilt_on"))
        if destroyed is not None and rebuilt is not None and rebuilt < destroyed:
            raise ValidationError(
                {
                    "rebuilt_on": f"component {key!r}: rebuilt_on ({rebuilt}) is before "
                    f"destroyed_on ({destroyed})"
                }
            )
        state = row.get("state") or (
            ComponentState.REBUILT
            if rebuilt
            else ComponentState.DESTROYED
            if destroyed
            else ComponentState.INTACT
        )
        if rebuilt is not None and state != ComponentState.REBUILT:
            raise ValidationError(
                {"state": f"component {key!r} has a rebuilt_on date, so its state is rebuilt"}
            )
        count = _as_count("count", row.get("count", 1))
        if count < 1:
            raise ValidationError({"count": f"component {key!r}: count must be at least 1"})
        out.append(
            {
                "key": key,
                "name": row.get("name") or key,
                "kind": row.get("kind", "other"),
                "count": count,
                "state": state,
                "destroyed_on": destroyed,
                "destroyed_precision": _precision(
                    "destroyed_precision", row.get("destroyed_precision", DatePrecision.DAY)
                ),
                "rebuilt_on": rebuilt,
                "rebuilt_precision": _precision(
                    "rebuilt_precision", row.get("rebuilt_precision", DatePrecision.DAY)
                ),
                "note": row.get("note", ""),
                "position": position * 10,
                "sources": list(row.get("sources", [])),
            }
        )
    return out


DANGER_LIST = _Children("danger_list", DangerListing, "site", _danger_rows)
COMPONENTS = _Children("components", HeritageComponent, "site", _component_rows)


def heritage_site_upsert(
    *,
    actor: Any,
    key: str,
    name: str,
    unesco_id: str = "",
    inscribed_year: int | None = None,
    place: Place | None = None,
    description: str = "",
    institutions: Iterable[Actor] = (),
    danger_list: Iterable[Mapping[str, Any]] = (),
    components: Iterable[Mapping[str, Any]] = (),
    sources: Iterable[Source] = (),
    answers: Iterable[Commitment] = (),
    confidentiality: str = PUBLIC,
    publication_state: str = PUBLISHED,
) -> tuple[HeritageSite, bool]:
    """Create or update a heritage site with its danger-list years and its components
    (each list given whole). Returns ``(site, changed)``."""
    _check_editor(actor)
    return _upsert_with_children(
        actor=actor,
        model=HeritageSite,
        key=key,
        values={
            "name": name,
            "unesco_id": unesco_id,
            "inscribed_year": inscribed_year,
            "place": place,
            "description": description,
            "confidentiality": confidentiality,
            "publication_state": publication_state,
        },
        m2m={"sources": sources, "answers": answers, "institutions": institutions},
        children={DANGER_LIST: danger_list, COMPONENTS: components},
        action_prefix="situation_heritage",
    )
