"""Editors keep the situation records by hand: figures, indicators, interim administrations
with their blocked periods, heritage sites with their danger-list years and components.

Per persona: admins and analysts open and post the forms; a delegate is refused (403)
and an anonymous visitor is sent to sign in (or refused, for a post); nobody but an editor
learns what a restricted record holds or sees an editing link.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accordwatch.core import services as core
from accordwatch.core.models import AuditEvent
from accordwatch.situation import services
from accordwatch.situation.models import (
    HeritageSite,
    Indicator,
    InterimAdministration,
    Observation,
)
from tests import factories
from tests.situation.builders import displacement, place

pytestmark = pytest.mark.django_db

EDITORS = ["admin", "analyst"]
READERS = ["delegate", "outsider"]


@pytest.fixture
def data(persona_users) -> dict[str, Any]:
    found = displacement()
    mali = found["mali"]
    found["kidal"] = place("mli-kidal", "Kidal", kind="admin1", parent=mali)
    found["gao"] = place("mli-gao", "Gao", kind="admin1", parent=mali)
    found["unesco"] = factories.actor(name_en="UNESCO", kind="igo")
    found["administration"] = services.interim_administration_upsert(
        actor=core.SYSTEM,
        key="kidal",
        region=found["kidal"],
        installed_on="2017-02-28",
        blocked_periods=[{"blocked_from": "2016-12-01", "blocked_to": "2017-02-27"}],
    )[0]
    found["secret_administration"] = services.interim_administration_upsert(
        actor=core.SYSTEM,
        key="gao-secret",
        region=found["gao"],
        head_name="Secret Head Person",
        confidentiality="restricted",
    )[0]
    found["site"] = services.heritage_site_upsert(
        actor=core.SYSTEM,
        key="timbuktu",
        name="Timbuktu",
        danger_list=[{"year": 2012, "in_danger": True}],
        components=[
            {
                "key": "mausoleums",
                "name": "Mausoleums",
                "kind": "mausoleum",
                "count": 14,
                "destroyed_on": "2012-06-30",
                "rebuilt_on": "2015-07-18",
            },
        ],
    )[0]
    found["secret_site"] = services.heritage_site_upsert(
        actor=core.SYSTEM, key="hidden-site", name="Hidden Site Name", confidentiality="restricted"
    )[0]
    return found


def _events(action: str) -> int:
    """Events of this kind written by a persona (the fixture's records are the system's)."""
    return AuditEvent.objects.filter(action=action, user__isnull=False).count()


def _error_of(response: Any, field_id: str) -> str:
    """The error list shown next to the field with this id ("" when there is none)."""
    html = response.content.decode()
    found = re.search(
        rf'<ul class="errorlist" id="{re.escape(field_id)}_error">(.*?)</ul>', html, re.S
    )
    return found.group(1) if found else ""


def _edit_urls(data: dict[str, Any]) -> list[str]:
    return [
        reverse("situation-figures-edit"),
        reverse("situation-figure-new"),
        reverse("situation-figure-edit", args=[data["public"].pk]),
        reverse("situation-figure-delete", args=[data["public"].pk]),
        reverse("situation-indicator-new"),
        reverse("situation-indicator-edit", args=["idps"]),
        reverse("situation-interim-new"),
        reverse("situation-interim-edit", args=["kidal"]),
        reverse("situation-site-new"),
        reverse("situation-site-edit", args=["timbuktu"]),
    ]


# --- who may open and post the forms --------------------------------------------------


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_open_every_form(as_persona, data, persona):
    client = as_persona(persona)
    for url in _edit_urls(data):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"csrfmiddlewaretoken" in response.content or url.endswith("/figures/"), url


def test_a_delegate_is_refused_every_form(as_persona, data):
    client = as_persona("delegate")
    for url in _edit_urls(data):
        assert client.get(url).status_code == 403, url
        if url != reverse("situation-figures-edit"):  # a list: nothing to post
            assert client.post(url, {"value": "1"}).status_code == 403, url


def test_an_outsider_is_sent_to_sign_in_and_refused_a_post(as_persona, data):
    client = as_persona("outsider")
    for url in _edit_urls(data):
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("login") in response["Location"], url
        if url != reverse("situation-figures-edit"):
            assert client.post(url, {"value": "1"}).status_code == 403, url


@pytest.mark.parametrize("persona", READERS)
def test_readers_change_and_delete_nothing(as_persona, data, persona):
    client = as_persona(persona)
    figure = data["public"]
    client.post(
        reverse("situation-figure-edit", args=[figure.pk]),
        {
            "indicator": figure.indicator_id,
            "place": figure.place_id,
            "date": "2016-08-31",
            "date_precision": "day",
            "value": "1",
            "source": figure.source_id,
            "confidentiality": "public",
            "publication_state": "published",
        },
    )
    client.post(reverse("situation-figure-delete", args=[figure.pk]))
    figure.refresh_from_db()
    assert figure.value == 33042
    assert (
        not AuditEvent.objects.filter(action__startswith="situation_observation.")
        .exclude(user=None)
        .exists()
    )


@pytest.mark.parametrize("persona", READERS)
def test_restricted_records_stay_hidden_from_readers(as_persona, data, persona):
    client = as_persona(persona)
    urls = [
        reverse("situation-interim-edit", args=["gao-secret"]),
        reverse("situation-site-edit", args=["hidden-site"]),
        reverse("situation-figure-edit", args=[data["restricted"].pk]),
        reverse("situation-figures-edit"),
    ]
    for url in urls:
        body = client.get(url, follow=True).content.decode()
        assert "Secret Head Person" not in body
        assert "Hidden Site Name" not in body
        assert "999,999" not in body and "999999" not in body


def test_an_editor_sees_restricted_records_in_the_forms(as_persona, data):
    client = as_persona("analyst")
    assert (
        b"Secret Head Person"
        in client.get(reverse("situation-interim-edit", args=["gao-secret"])).content
    )
    assert b"999,999" in client.get(reverse("situation-figures-edit")).content


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("admin", True), ("analyst", True), ("delegate", False), ("outsider", False)],
)
def test_edit_links_only_for_editors(as_persona, data, persona, shown):
    client = as_persona(persona)
    pages = {
        reverse("situation-displacement"): reverse("situation-figures-edit"),
        reverse("situation-interim"): reverse("situation-interim-edit", args=["kidal"]),
        reverse("situation-heritage"): reverse("situation-site-new"),
        reverse("situation-site", args=["timbuktu"]): reverse(
            "situation-site-edit", args=["timbuktu"]
        ),
    }
    for page, link in pages.items():
        body = client.get(page).content.decode()
        assert (f'href="{link}"' in body) is shown, (page, link)


# --- round trips ----------------------------------------------------------------------


def _figure_post(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    values = {
        "indicator": data["idps"].pk,
        "place": data["mali"].pk,
        "date": "2019-03-31",
        "date_precision": "month",
        "value": "81,000".replace(",", ""),
        "source": data["ocha"].pk,
        "note": "as of March",
        "confidentiality": "internal",
        "publication_state": "published",
    }
    return {**values, **changes}


@pytest.mark.parametrize("persona", EDITORS)
def test_record_a_figure(as_persona, data, persona):
    client = as_persona(persona)
    response = client.post(reverse("situation-figure-new"), _figure_post(data))
    assert response.status_code == 302
    figure = Observation.objects.get(date=dt.date(2019, 3, 31))
    assert (figure.value, figure.date_precision, figure.note) == (81000, "month", "as of March")
    assert (figure.confidentiality, figure.source) == ("internal", data["ocha"])
    event = AuditEvent.objects.get(action="situation_observation.create", object_id=str(figure.pk))
    assert event.user.username == persona
    # The figure is on the page it was recorded for.
    assert b"81,000" in client.get(response["Location"]).content


def test_correct_a_figure_in_place(as_persona, data):
    client = as_persona("analyst")
    figure = data["public"]
    url = reverse("situation-figure-edit", args=[figure.pk])
    page = client.get(url).content.decode()
    assert 'value="33042"' in page and 'value="2016-08-31"' in page
    response = client.post(url, _figure_post(data, date="2016-09-30", value="33100"))
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.date, figure.value) == (dt.date(2016, 9, 30), 33100)
    assert not Observation.objects.filter(
        date=dt.date(2016, 8, 31), indicator=data["idps"]
    ).exists()
    assert _events("situation_observation.update") == 1
    # Saving again without a change writes nothing.
    client.post(url, _figure_post(data, date="2016-09-30", value="33100"))
    assert _events("situation_observation.update") == 1


def test_delete_a_figure_after_confirming(as_persona, data):
    client = as_persona("analyst")
    figure = data["later"]
    url = reverse("situation-figure-delete", args=[figure.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"77,046" in page.content
    assert Observation.objects.filter(pk=figure.pk).exists()  # a GET deletes nothing
    assert client.post(url).status_code == 302
    assert not Observation.objects.filter(pk=figure.pk).exists()
    event = AuditEvent.objects.get(action="situation_observation.delete")
    assert event.before["value"] == 77046


def test_add_and_edit_an_indicator(as_persona, data):
    client = as_persona("admin")
    values = {
        "key": "returnees",
        "name": "Returnees",
        "unit": "people",
        "definition": "People back home\r\nafter displacement",
        "place_role": "location",
        "hxl_tag": "#affected+returnees",
        "position": "3",
        "sources": [data["ocha"].pk],
        "confidentiality": "public",
        "publication_state": "draft",
    }
    assert client.post(reverse("situation-indicator-new"), values).status_code == 302
    indicator = Indicator.objects.get(key="returnees")
    assert indicator.definition == "People back home\nafter displacement"
    assert list(indicator.sources.all()) == [data["ocha"]]
    url = reverse("situation-indicator-edit", args=["returnees"])
    # The key is fixed once chosen: a posted one is ignored.
    edited = {**values, "key": "other", "name": "Returnees (IOM)", "publication_state": "published"}
    assert client.post(url, edited).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.publication_state) == ("Returnees (IOM)", "published")
    assert not Indicator.objects.filter(key="other").exists()
    assert _events("situation_indicator.create") == 1
    assert _events("situation_indicator.update") == 1


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _interim_post(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    values = {
        "key": "menaka",
        "region": data["gao"].pk,
        "installed_on": "2017-03-02",
        "installed_note": "",
        "ended_on": "",
        "head": data["unesco"].pk,
        "head_name": "",
        "affiliation": "",
        "note": "",
        "sources": [data["ocha"].pk],
        "confidentiality": "public",
        "publication_state": "published",
        **_management("blocked", 3),
        "blocked-0-blocked_from": "2017-02-10",
        "blocked-0-blocked_to": "2017-02-20",
        "blocked-0-reason": "road closed",
        "blocked-1-blocked_from": "2016-11-01",
        "blocked-1-blocked_to": "2016-11-30",
        "blocked-1-unverified": "on",
        # the third row left empty: ignored
        "blocked-2-blocked_from": "",
        "blocked-2-blocked_to": "",
        "blocked-2-reason": "",
    }
    return {**values, **changes}


def test_add_and_edit_an_interim_administration_with_its_blocked_periods(as_persona, data):
    client = as_persona("analyst")
    response = client.post(reverse("situation-interim-new"), _interim_post(data))
    assert response.status_code == 302, response.content.decode()[:2000]
    administration = InterimAdministration.objects.get(key="menaka")
    periods = list(administration.blocked_periods.all())
    assert [(p.blocked_from, p.unverified, p.reason) for p in periods] == [
        (dt.date(2016, 11, 1), True, ""),
        (dt.date(2017, 2, 10), False, "road closed"),
    ]
    assert administration.head == data["unesco"]

    url = reverse("situation-interim-edit", args=["menaka"])
    page = client.get(url).content.decode()
    assert 'value="2016-11-01"' in page and 'value="road closed"' in page
    # Stored rows come back in date order; remove the first, change the second, add one.
    edit = _interim_post(data, **_management("blocked", 3, initial=2))
    edit.update(
        {
            "blocked-0-blocked_from": "2016-11-01",
            "blocked-0-blocked_to": "2016-11-30",
            "blocked-0-unverified": "on",
            "blocked-0-DELETE": "on",
            "blocked-1-blocked_from": "2017-02-10",
            "blocked-1-blocked_to": "2017-02-25",
            "blocked-1-reason": "road closed",
            "blocked-2-blocked_from": "2018-01-05",
            "blocked-2-blocked_to": "",
            "blocked-2-reason": "",
        }
    )
    assert client.post(url, edit).status_code == 302
    assert [(p.blocked_from, p.blocked_to) for p in administration.blocked_periods.all()] == [
        (dt.date(2017, 2, 10), dt.date(2017, 2, 25)),
        (dt.date(2018, 1, 5), None),
    ]
    assert _events("situation_interim.create") == 1
    assert _events("situation_interim.update") == 1
    # The same form saved again: no change, no event.
    assert client.post(url, edit).status_code == 302
    assert _events("situation_interim.update") == 1


def test_editing_an_administration_unchanged_writes_nothing(as_persona, data):
    client = as_persona("analyst")
    url = reverse("situation-interim-edit", args=["kidal"])
    form = {
        "key": "kidal",
        "region": data["kidal"].pk,
        "installed_on": "2017-02-28",
        "confidentiality": "public",
        "publication_state": "published",
        **_management("blocked", 2, initial=1),
        "blocked-0-blocked_from": "2016-12-01",
        "blocked-0-blocked_to": "2017-02-27",
    }
    before = AuditEvent.objects.count()
    assert client.post(url, form).status_code == 302
    assert AuditEvent.objects.count() == before
    assert data["administration"].blocked_periods.count() == 1


def _site_post(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    values = {
        "key": "djenne",
        "name": "Old Towns of Djenné",
        "unesco_id": "116",
        "inscribed_year": "1988",
        "place": "",
        "description": "",
        "institutions": [data["unesco"].pk],
        "sources": [data["ocha"].pk],
        "confidentiality": "public",
        "publication_state": "published",
        **_management("danger", 3),
        "danger-0-year": "2016",
        "danger-0-in_danger": "on",
        "danger-0-note": "added",
        "danger-1-year": "",
        "danger-1-in_danger": "on",  # the blank row as the page shows it
        "danger-2-year": "",
        "danger-2-in_danger": "on",
        **_management("components", 2),
        "components-0-key": "great-mosque",
        "components-0-name": "Great Mosque",
        "components-0-kind": "mosque",
        "components-0-count": "1",
        "components-0-state": "",
        "components-0-destroyed_on": "",
        "components-0-destroyed_precision": "day",
        "components-0-rebuilt_on": "",
        "components-0-rebuilt_precision": "day",
        "components-0-sources": [data["ocha"].pk],
        "components-1-key": "",
        "components-1-name": "",
        "components-1-kind": "",
        "components-1-count": "1",
        "components-1-destroyed_precision": "day",
        "components-1-rebuilt_precision": "day",
    }
    return {**values, **changes}


def test_add_and_edit_a_heritage_site(as_persona, data):
    client = as_persona("admin")
    response = client.post(reverse("situation-site-new"), _site_post(data))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("situation-site", args=["djenne"])
    site = HeritageSite.objects.get(key="djenne")
    assert list(site.institutions.all()) == [data["unesco"]]
    assert [(r.year, r.in_danger) for r in site.danger_list.all()] == [(2016, True)]
    mosque = site.components.get()
    assert (mosque.name, mosque.state, list(mosque.sources.all())) == (
        "Great Mosque",
        "intact",
        [data["ocha"]],
    )

    url = reverse("situation-site-edit", args=["djenne"])
    assert 'value="great-mosque"' in client.get(url).content.decode()
    edit = _site_post(data, **_management("danger", 2, initial=1))
    edit.update(
        {
            "danger-1-year": "2019",
            "danger-1-in_danger": "",
            "danger-1-note": "taken off",
            **_management("components", 2, initial=1),
            "components-1-key": "mausoleums",
            "components-1-name": "Three mausoleums",
            "components-1-kind": "mausoleum",
            "components-1-count": "3",
            "components-1-destroyed_on": "2012-07-01",
            "components-1-destroyed_precision": "month",
            "components-1-rebuilt_on": "2015-06-01",
        }
    )
    edit.pop("danger-1-in_danger")  # an unticked box is not sent
    assert client.post(url, edit).status_code == 302
    assert [(r.year, r.in_danger) for r in site.danger_list.all()] == [(2016, True), (2019, False)]
    rebuilt = site.components.get(key="mausoleums")
    assert (rebuilt.count, rebuilt.state, rebuilt.destroyed_precision) == (3, "rebuilt", "month")
    detail = client.get(reverse("situation-site", args=["djenne"])).content.decode()
    assert "Three mausoleums" in detail
    assert _events("situation_heritage.update") == 1


# --- validation errors name the field -------------------------------------------------


def test_a_figure_with_bad_values_is_refused_next_to_the_fields(as_persona, data):
    client = as_persona("analyst")
    before = Observation.objects.count()
    response = client.post(
        reverse("situation-figure-new"), _figure_post(data, value="-5", date="31/03/2019")
    )
    assert response.status_code == 400
    assert _error_of(response, "id_value")
    assert _error_of(response, "id_date")
    assert not _error_of(response, "id_place")
    assert Observation.objects.count() == before


def test_correcting_a_figure_onto_another_is_refused_on_the_date(as_persona, data):
    client = as_persona("analyst")
    figure = data["public"]
    other = data["later"]
    response = client.post(
        reverse("situation-figure-edit", args=[figure.pk]),
        _figure_post(data, date=other.date.isoformat(), date_precision="day"),
    )
    assert response.status_code == 400
    assert "recorded already" in _error_of(response, "id_date")
    figure.refresh_from_db()
    assert figure.date == dt.date(2016, 8, 31)


def test_a_blocked_period_ending_before_it_starts_is_marked_on_its_row(as_persona, data):
    client = as_persona("analyst")
    form = _interim_post(data, **{"blocked-1-blocked_to": "2016-10-01"})
    response = client.post(reverse("situation-interim-new"), form)
    assert response.status_code == 400
    assert "before it starts" in _error_of(response, "id_blocked-1-blocked_to")
    assert not _error_of(response, "id_blocked-0-blocked_to")
    assert not InterimAdministration.objects.filter(key="menaka").exists()


def test_an_administration_ending_before_its_installation_is_refused(as_persona, data):
    response = as_persona("admin").post(
        reverse("situation-interim-new"), _interim_post(data, ended_on="2016-01-01")
    )
    assert response.status_code == 400
    assert _error_of(response, "id_ended_on")


def test_a_key_taken_already_is_refused(as_persona, data):
    response = as_persona("admin").post(
        reverse("situation-interim-new"), _interim_post(data, key="kidal")
    )
    assert response.status_code == 400
    assert "exists already" in _error_of(response, "id_key")


def test_site_rows_with_errors_are_marked_where_they_are(as_persona, data):
    client = as_persona("analyst")
    form = _site_post(data)
    form.update(
        {
            "danger-1-year": "2016",  # twice
            "components-0-destroyed_on": "2013-01-01",
            "components-0-rebuilt_on": "2012-01-01",
        }
    )
    response = client.post(reverse("situation-site-new"), form)
    assert response.status_code == 400
    assert "twice" in _error_of(response, "id_danger-1-year")
    assert not _error_of(response, "id_danger-0-year")
    assert "before it is destroyed" in _error_of(response, "id_components-0-rebuilt_on")
    assert not HeritageSite.objects.filter(key="djenne").exists()


# --- CSRF -----------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused(persona_users, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(persona_users["analyst"])
    url = reverse("situation-figure-new")
    assert client.post(url, _figure_post(data)).status_code == 403
    assert not Observation.objects.filter(date=dt.date(2019, 3, 31)).exists()
    delete = reverse("situation-figure-delete", args=[data["public"].pk])
    assert client.post(delete).status_code == 403
    assert Observation.objects.filter(pk=data["public"].pk).exists()

    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(url, {**_figure_post(data), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Observation.objects.filter(date=dt.date(2019, 3, 31)).exists()


def test_figures_are_placed_in_countries_and_regions(as_persona, data):
    """Localities (the incident imports add thousands) are not offered for a new figure,
    but a figure recorded at one keeps its place when corrected."""
    town = place("mli-kidal-town", "Kidal town", kind="locality", parent=data["kidal"])
    client = as_persona("analyst")
    new_page = client.get(reverse("situation-figure-new")).content.decode()
    assert f'value="{data["kidal"].pk}"' in new_page
    assert "Kidal town" not in new_page
    figure = services.observation_record(
        actor=core.SYSTEM,
        indicator=data["idps"],
        place=town,
        date="2017-05-31",
        value=120,
        source=data["ocha"],
    )[0]
    url = reverse("situation-figure-edit", args=[figure.pk])
    assert "Kidal town" in client.get(url).content.decode()
    response = client.post(url, _figure_post(data, place=town.pk, date="2017-05-31", value="125"))
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.place, figure.value) == (town, 125)
