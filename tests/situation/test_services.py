"""Writing situation records: editors only, one audit event per change, nothing written
twice, and bad input refused with an error that names the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accordwatch.core import services as core
from accordwatch.core.models import AuditEvent
from accordwatch.situation import services
from accordwatch.situation.models import (
    AdministrationStatus,
    BlockedPeriod,
    HeritageComponent,
    HeritageSite,
    Observation,
)
from tests import factories
from tests.situation.builders import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def idps(persona_users):
    return services.indicator_upsert(actor=core.SYSTEM, key="idps", name="IDPs")[0]


@pytest.fixture
def mali(persona_users):
    return place("mli", "Mali")


@pytest.fixture
def kidal(mali):
    return place("mli-kidal", "Kidal", kind="admin1", parent=mali)


def _record(user, idps, mali, **values):
    values.setdefault("date", dt.date(2016, 8, 31))
    values.setdefault("value", 33042)
    if "source" not in values:
        values["source"] = factories.source()
    return services.observation_record(actor=user, indicator=idps, place=mali, **values)


@pytest.mark.parametrize("persona", ["delegate", None])
def test_members_and_the_public_cannot_write(persona, user_of, idps, mali, kidal):
    user = user_of(persona) if persona else None
    # The anonymous public: an AnonymousUser, not the operator's SYSTEM (None).
    from django.contrib.auth.models import AnonymousUser

    user = user or AnonymousUser()
    with pytest.raises(PermissionDenied):
        _record(user, idps, mali)
    with pytest.raises(PermissionDenied):
        services.indicator_upsert(actor=user, key="x", name="X")
    with pytest.raises(PermissionDenied):
        services.interim_administration_upsert(actor=user, key="kidal", region=kidal)
    with pytest.raises(PermissionDenied):
        services.heritage_site_upsert(actor=user, key="timbuktu", name="Timbuktu")
    assert not Observation.objects.exists()
    assert not HeritageSite.objects.exists()


@pytest.mark.parametrize("persona", ["analyst", "admin"])
def test_editors_record_a_figure_with_one_audit_event(persona, user_of, idps, mali):
    source = factories.source()
    before = AuditEvent.objects.count()
    obs, changed = _record(user_of(persona), idps, mali, source=source)
    assert changed and obs.value == 33042
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "situation_observation.create"
    assert event.user_label == persona
    # The same figure again: no change, no event.
    _, changed = _record(user_of(persona), idps, mali, source=source)
    assert not changed
    assert AuditEvent.objects.count() == before + 1
    # A corrected figure updates the same observation.
    obs2, changed = _record(user_of(persona), idps, mali, source=source, value="33,100")
    assert changed and obs2.pk == obs.pk and obs2.value == 33100


@pytest.mark.parametrize("value", [-1, "-5", "abc", "12.5", "", None, True])
def test_a_bad_count_is_refused_naming_the_value_field(value, analyst, idps, mali):
    with pytest.raises(ValidationError) as error:
        _record(analyst, idps, mali, value=value)
    assert "value" in error.value.message_dict
    assert not Observation.objects.exists()


def test_a_negative_count_says_so(analyst, idps, mali):
    with pytest.raises(ValidationError) as error:
        _record(analyst, idps, mali, value=-3)
    assert "cannot be negative" in error.value.message_dict["value"][0]


def test_a_figure_needs_a_source_and_a_date(analyst, idps, mali):
    with pytest.raises(ValidationError) as error:
        _record(analyst, idps, mali, source=None)
    assert "source" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _record(analyst, idps, mali, date="31/08/2016")
    assert "date" in error.value.message_dict


def test_a_blocked_period_ending_before_it_starts_is_refused(analyst, kidal):
    with pytest.raises(ValidationError) as error:
        services.interim_administration_upsert(
            actor=analyst,
            key="kidal",
            region=kidal,
            blocked_periods=[{"blocked_from": "2017-03-06", "blocked_to": "2017-03-01"}],
        )
    message = error.value.message_dict["blocked_to"][0]
    assert "2017-03-01" in message and "before" in message
    assert not BlockedPeriod.objects.exists()


def test_an_administration_and_its_status(analyst, kidal):
    before = AuditEvent.objects.count()
    admin, changed = services.interim_administration_upsert(
        actor=analyst,
        key="kidal",
        region=kidal,
        installed_on="2017-04-20",
        blocked_periods=[
            {"blocked_from": "2017-03-03", "blocked_to": "2017-04-20", "reason": "protests"}
        ],
    )
    assert changed and AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.after["blocked_periods"][0]["reason"] == "protests"
    assert admin.status_on(dt.date(2017, 3, 1)) == AdministrationStatus.NOT_INSTALLED
    assert admin.status_on(dt.date(2017, 3, 10)) == AdministrationStatus.BLOCKED
    assert admin.status_on(dt.date(2017, 4, 20)) == AdministrationStatus.INSTALLED
    # Unchanged: no event; a changed period: one event.
    same = dict(
        actor=analyst,
        key="kidal",
        region=kidal,
        installed_on="2017-04-20",
        blocked_periods=[
            {"blocked_from": "2017-03-03", "blocked_to": "2017-04-20", "reason": "protests"}
        ],
    )
    assert not services.interim_administration_upsert(**same)[1]
    same["blocked_periods"][0]["reason"] = "a sit-in"
    assert services.interim_administration_upsert(**same)[1]
    assert AuditEvent.objects.count() == before + 2
    assert BlockedPeriod.objects.get().reason == "a sit-in"


def test_rebuilt_before_destroyed_is_refused(analyst):
    with pytest.raises(ValidationError) as error:
        services.heritage_site_upsert(
            actor=analyst,
            key="timbuktu",
            name="Timbuktu",
            components=[
                {
                    "key": "door",
                    "name": "Door",
                    "kind": "building",
                    "destroyed_on": "2012-07-02",
                    "rebuilt_on": "2011-01-01",
                }
            ],
        )
    message = error.value.message_dict["rebuilt_on"][0]
    assert "door" in message and "before" in message
    assert not HeritageSite.objects.exists()


def test_a_site_with_components_and_danger_years(analyst):
    unesco = factories.actor(name_en="UNESCO", kind="igo")
    source = factories.source()
    site, changed = services.heritage_site_upsert(
        actor=analyst,
        key="timbuktu",
        name="Timbuktu",
        unesco_id="119",
        institutions=[unesco],
        danger_list=[{"year": 2012}, {"year": 1990}, {"year": 2005, "in_danger": False}],
        components=[
            {
                "key": "mausoleums",
                "name": "Mausoleums",
                "kind": "mausoleum",
                "count": 14,
                "destroyed_on": "2012-07-01",
                "destroyed_precision": "year",
                "rebuilt_on": "2015-07-01",
                "rebuilt_precision": "month",
                "sources": [source],
            }
        ],
    )
    assert changed
    assert [row.year for row in site.danger_list.all()] == [1990, 2005, 2012]
    part = HeritageComponent.objects.get()
    assert part.state == "rebuilt" and part.count == 14
    assert list(part.sources.all()) == [source]
    events = AuditEvent.objects.filter(action="situation_heritage.create").count()
    assert events == 1
    # The same again changes nothing.
    _, changed = services.heritage_site_upsert(
        actor=analyst,
        key="timbuktu",
        name="Timbuktu",
        unesco_id="119",
        institutions=[unesco],
        danger_list=[{"year": 1990}, {"year": 2005, "in_danger": False}, {"year": 2012}],
        components=[
            {
                "key": "mausoleums",
                "name": "Mausoleums",
                "kind": "mausoleum",
                "count": 14,
                "destroyed_on": "2012-07-01",
                "destroyed_precision": "year",
                "rebuilt_on": "2015-07-01",
                "rebuilt_precision": "month",
                "sources": [source],
            }
        ],
    )
    assert not changed


def test_a_bad_hxl_tag_is_refused(analyst):
    with pytest.raises(ValidationError) as error:
        services.indicator_upsert(actor=analyst, key="idps", name="IDPs", hxl_tag="affected")
    assert "hxl_tag" in error.value.message_dict
