"""The situation on the ground for the demo: displacement figures (internally displaced
people, refugees by host country), the interim authorities of the five northern regions,
and Mali's World Heritage sites with what was destroyed in 2012 and rebuilt since.

Every figure comes from the fact sheet with its source. Left out or labelled, as the
fact sheet asks: the exact date of the blocking in Taoudéni is shown as unverified; no
head or affiliation is given for any interim authority (our sources name none); no date
is given for the restoration of the Sidi Yahia door or for the burning of manuscripts.
Figures known for a month only are dated the 1st of that month, with "month" precision.

The UNESCO list ids, inscription years and danger-list years come from the UNESCO World
Heritage Centre's own pages for each site; we record no web address for them, following
the rule of ``sources.py`` (addresses only where the fact sheet gives one).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from accordwatch.commitments.models import Commitment
from accordwatch.core import services as core_services
from accordwatch.core.models import Actor, Place, Source
from accordwatch.situation import services

DECISION = "oic-cg-mali-2017-09-20-"
PUBLISHED = {"confidentiality": "public", "publication_state": "published"}
INTERIM = ["france24-interim-authorities-2017", "diplomatie-interim-authorities-2017"]
OCHA_2016 = "ocha-displacement-2016-08"
IOM_2017 = "iom-dtm-displacement-2017"
CMP_2018 = "cmp-displacement-2018-09"
NOTES = "accordwatch-mali-2017-notes"
WHC = "UNESCO World Heritage Centre"

SOURCES: list[dict[str, Any]] = [
    {
        "key": "unesco-whc-timbuktu",
        "title": "UNESCO World Heritage List entry 119, Timbuktu, with its conservation reports",
        "publisher": WHC,
        "kind": "database",
        "note": (
            "Gives the inscription year (1988), the danger-list years (1990 to 2005, then "
            "from 2012) and the mausoleums destroyed in 2012."
        ),
    },
    {
        "key": "unesco-whc-djenne",
        "title": "UNESCO World Heritage List entry 116, Old Towns of Djenné",
        "publisher": WHC,
        "kind": "database",
        "note": "Inscribed in 1988; on the List of World Heritage in Danger from July 2016.",
    },
    {
        "key": "unesco-whc-bandiagara",
        "title": "UNESCO World Heritage List entry 516, Cliff of Bandiagara (Land of the Dogons)",
        "publisher": WHC,
        "kind": "database",
        "note": "Inscribed in 1989.",
    },
    {
        "key": "unesco-whc-askia",
        "title": "UNESCO World Heritage List entry 1139, Tomb of Askia (Gao)",
        "publisher": WHC,
        "kind": "database",
        "note": "Inscribed in 2004; on the List of World Heritage in Danger from 2012.",
    },
    {
        "key": "icc-al-mahdi",
        "title": "ICC, The Prosecutor v. Ahmad Al Faqi Al Mahdi: judgment and reparations order",
        "publisher": "International Criminal Court",
        "kind": "official",
        "note": (
            "Judgment on a guilty plea, September 2016 (nine years); reparations order of "
            "17 August 2017 (EUR 2.7 million)."
        ),
    },
]

PLACES: list[dict[str, Any]] = [
    {
        "key": "ner",
        "kind": "country",
        "name": "Niger",
        "iso_code": "NE",
        "alternate_names": ["النيجر"],
        "sources": [OCHA_2016],
    },
    {
        "key": "mrt",
        "kind": "country",
        "name": "Mauritania",
        "iso_code": "MR",
        "alternate_names": ["Mauritanie", "موريتانيا"],
        "sources": [OCHA_2016],
    },
    {
        "key": "bfa",
        "kind": "country",
        "name": "Burkina Faso",
        "iso_code": "BF",
        "alternate_names": ["بوركينا فاسو"],
        "sources": [OCHA_2016],
    },
    {
        "key": "mli-djenne",
        "kind": "locality",
        "name": "Djenné",
        "parent": "mli-mopti",
        "alternate_names": ["Djenne", "Jenne"],
        "sources": ["unesco-whc-djenne"],
    },
    {
        "key": "mli-bandiagara",
        "kind": "locality",
        "name": "Bandiagara",
        "parent": "mli-mopti",
        "sources": ["unesco-whc-bandiagara"],
    },
]

INDICATORS: list[dict[str, Any]] = [
    {
        "key": "idps",
        "name": "Internally displaced people",
        "definition": (
            "People forced from their homes who stayed inside Mali, counted for the whole country."
        ),
        "hxl_tag": "#affected+idps",
        "answers": ["xii", "apr-return-displaced"],
        "sources": [OCHA_2016, IOM_2017, CMP_2018],
    },
    {
        "key": "refugees",
        "name": "Refugees from Mali",
        "definition": (
            "Malians who fled abroad, counted in each neighbouring country that hosts them; "
            "the total is the sum of the host countries a source gives."
        ),
        "place_role": "host_country",
        "origin": "mli",
        "hxl_tag": "#affected+refugees",
        "answers": ["xii", "apr-return-displaced"],
        "sources": [OCHA_2016, CMP_2018],
    },
    {
        "key": "returnees",
        "name": "Returnees",
        "definition": (
            "Displaced people and refugees who have come back to where they lived. The "
            "agreement asks for their voluntary and safe return; the sources of the demo "
            "give no count, so none is shown."
        ),
        "hxl_tag": "#affected+returnees",
        "answers": ["apr-return-displaced"],
        "sources": ["un-s-2015-364"],
    },
]

# (indicator, place, date, precision, value, source, note)
OBSERVATIONS: list[tuple[str, str, dt.date, str, int, str, str]] = [
    ("idps", "mli", dt.date(2016, 8, 31), "day", 33042, OCHA_2016, ""),
    ("refugees", "ner", dt.date(2016, 8, 31), "day", 60792, OCHA_2016, ""),
    ("refugees", "mrt", dt.date(2016, 8, 31), "day", 41792, OCHA_2016, ""),
    ("refugees", "bfa", dt.date(2016, 8, 31), "day", 32227, OCHA_2016, ""),
    ("idps", "mli", dt.date(2017, 10, 1), "month", 40743, IOM_2017, "cited second-hand"),
    ("idps", "mli", dt.date(2017, 12, 1), "month", 38100, IOM_2017, "cited second-hand"),
    ("idps", "mli", dt.date(2018, 9, 30), "day", 77046, CMP_2018, ""),
    ("refugees", "ner", dt.date(2018, 9, 30), "day", 58304, CMP_2018, ""),
    ("refugees", "bfa", dt.date(2018, 9, 30), "day", 24547, CMP_2018, ""),
    ("refugees", "mrt", dt.date(2018, 9, 30), "day", 57425, CMP_2018, ""),
]

NOT_NAMED = (
    "Our sources name neither the head of this authority nor the party that put them forward."
)
BY_20_APRIL = "In place by 20 April 2017; our sources give no exact day."

ADMINISTRATIONS: list[dict[str, Any]] = [
    {"key": "interim-kidal", "region": "mli-kidal", "installed_on": dt.date(2017, 2, 28)},
    {"key": "interim-gao", "region": "mli-gao", "installed_on": dt.date(2017, 3, 2)},
    {"key": "interim-menaka", "region": "mli-menaka", "installed_on": dt.date(2017, 3, 2)},
    {
        "key": "interim-tombouctou",
        "region": "mli-tombouctou",
        "installed_on": dt.date(2017, 4, 20),
        "installed_note": BY_20_APRIL,
        "blocked_periods": [
            {
                "blocked_from": dt.date(2017, 3, 3),
                "blocked_to": dt.date(2017, 4, 20),
                "reason": "The installation was blocked; the authority was in place by 20 April.",
            }
        ],
    },
    {
        "key": "interim-taoudeni",
        "region": "mli-taoudeni",
        "installed_on": dt.date(2017, 4, 20),
        "installed_note": BY_20_APRIL,
        "blocked_periods": [
            {
                "blocked_from": dt.date(2017, 3, 6),
                "blocked_to": dt.date(2017, 4, 20),
                "reason": (
                    "The installation was blocked; the authority was in place by 20 April. "
                    "The day the blocking began is not confirmed by our sources."
                ),
                "unverified": True,
            }
        ],
    },
]

ISLAMIC_HERITAGE = ["isesco", "ircica", "unesco"]

SITES: list[dict[str, Any]] = [
    {
        "key": "timbuktu",
        "name": "Timbuktu",
        "unesco_id": "119",
        "inscribed_year": 1988,
        "place": "mli-timbuktu-town",
        "description": (
            "Three great mosques and sixteen mausoleums make up the World Heritage property. "
            "Armed groups holding the town in 2012 wrecked most of the mausoleums. In "
            "September 2016 the International Criminal Court sentenced Ahmad Al Faqi Al "
            "Mahdi to nine years after he admitted to attacks on ten buildings (nine "
            "mausoleums and the Sidi Yahia door); on 17 August 2017 it ordered reparations "
            "of EUR 2.7 million."
        ),
        "institutions": ISLAMIC_HERITAGE,
        "answers": ["xiii"],
        "danger_list": [
            {"year": 1990, "in_danger": True},
            {"year": 2005, "in_danger": False},
            {"year": 2012, "in_danger": True, "note": "after the occupation of the town"},
        ],
        "components": [
            {
                "key": "mausoleums",
                "name": "Mausoleums (14 of the 16)",
                "kind": "mausoleum",
                "count": 14,
                "destroyed_on": dt.date(2012, 1, 1),
                "destroyed_precision": "year",
                "rebuilt_on": dt.date(2015, 7, 1),
                "rebuilt_precision": "month",
                "note": "All fourteen were rebuilt by July 2015.",
                "sources": ["unesco-whc-timbuktu", NOTES],
            },
            {
                "key": "sidi-yahia-door",
                "name": "Door of the Sidi Yahia mosque",
                "kind": "building",
                "destroyed_on": dt.date(2012, 7, 2),
                "state": "rebuilt",
                "note": "Broken open on 2 July 2012 and restored later; our sources give no date.",
                "sources": [NOTES, "icc-al-mahdi"],
            },
            {
                "key": "ahmed-baba-manuscripts",
                "name": "Manuscripts of the Ahmed Baba Institute",
                "kind": "manuscripts",
                "count": 4000,
                "state": "destroyed",
                "note": (
                    "About 4,000 manuscripts were burned; between 285,000 and 377,000 had been "
                    "taken to safety in Bamako. Our sources give no date for the burning."
                ),
                "sources": [NOTES],
            },
        ],
        "sources": ["unesco-whc-timbuktu", "icc-al-mahdi", NOTES],
    },
    {
        "key": "djenne",
        "name": "Old Towns of Djenné",
        "unesco_id": "116",
        "inscribed_year": 1988,
        "place": "mli-djenne",
        "institutions": ISLAMIC_HERITAGE,
        "answers": ["xiii"],
        "danger_list": [{"year": 2016, "in_danger": True}],
        "sources": ["unesco-whc-djenne"],
    },
    {
        "key": "tomb-of-askia",
        "name": "Tomb of Askia",
        "unesco_id": "1139",
        "inscribed_year": 2004,
        "place": "mli-gao-town",
        "institutions": ISLAMIC_HERITAGE,
        "answers": ["xiii"],
        "danger_list": [{"year": 2012, "in_danger": True}],
        "sources": ["unesco-whc-askia"],
    },
    {
        "key": "cliff-of-bandiagara",
        "name": "Cliff of Bandiagara (Land of the Dogons)",
        "unesco_id": "516",
        "inscribed_year": 1989,
        "place": "mli-bandiagara",
        "institutions": ["unesco"],
        "sources": ["unesco-whc-bandiagara"],
    },
]


def _commitments(refs: list[str]) -> list[Commitment]:
    """Decision numbers ("xii") or agreement commitment keys ("apr-…"); missing ones skipped
    (a database with the situation records but another process's commitments)."""
    keys = [ref if ref.startswith("apr-") else DECISION + ref for ref in refs]
    return list(Commitment.objects.filter(key__in=keys))


def load(*, actor: Any) -> dict[str, tuple[int, int]]:
    """Write the records (idempotent). Returns ``{kind: (records in the demo, written now)}``."""
    written: dict[str, int] = {}

    def count(kind: str, changed: bool) -> None:
        written[kind] = written.get(kind, 0) + int(changed)

    for row in SOURCES:
        values = {k: v for k, v in row.items() if k != "key"}
        _, changed = core_services.source_upsert(actor=actor, key=row["key"], **values, **PUBLISHED)
        count("sources (situation)", changed)
    sources = {s.key: s for s in Source.objects.all()}
    for row in PLACES:
        _, changed = core_services.place_upsert(
            actor=actor,
            key=row["key"],
            kind=row["kind"],
            name=row["name"],
            parent=Place.objects.get(key=row["parent"]) if row.get("parent") else None,
            iso_code=row.get("iso_code", ""),
            alternate_names=row.get("alternate_names", []),
            sources=[sources[key] for key in row["sources"]],
        )
        count("places (situation)", changed)
    places = {p.key: p for p in Place.objects.all()}

    indicators = {}
    for position, row in enumerate(INDICATORS):
        indicator, changed = services.indicator_upsert(
            actor=actor,
            key=row["key"],
            name=row["name"],
            definition=row["definition"],
            place_role=row.get("place_role", "location"),
            origin=places[row["origin"]] if row.get("origin") else None,
            hxl_tag=row["hxl_tag"],
            position=position,
            sources=[sources[key] for key in row["sources"]],
            answers=_commitments(row["answers"]),
            **PUBLISHED,
        )
        indicators[row["key"]] = indicator
        count("indicators", changed)
    for key, place, day, precision, value, source, note in OBSERVATIONS:
        _, changed = services.observation_record(
            actor=actor,
            indicator=indicators[key],
            place=places[place],
            date=day,
            date_precision=precision,
            value=value,
            source=sources[source],
            note=note,
            **PUBLISHED,
        )
        count("figures", changed)

    for row in ADMINISTRATIONS:
        _, changed = services.interim_administration_upsert(
            actor=actor,
            key=row["key"],
            region=places[row["region"]],
            installed_on=row["installed_on"],
            installed_note=row.get("installed_note", ""),
            note=NOT_NAMED,
            blocked_periods=row.get("blocked_periods", []),
            sources=[sources[key] for key in INTERIM],
            answers=_commitments(["iv", "apr-interim-authorities"]),
            **PUBLISHED,
        )
        count("interim administrations", changed)

    actors = {a.key: a for a in Actor.objects.filter(key__in=ISLAMIC_HERITAGE)}
    for row in SITES:
        components = [
            {**part, "sources": [sources[key] for key in part.get("sources", [])]}
            for part in row.get("components", [])
        ]
        _, changed = services.heritage_site_upsert(
            actor=actor,
            key=row["key"],
            name=row["name"],
            unesco_id=row["unesco_id"],
            inscribed_year=row["inscribed_year"],
            place=places[row["place"]],
            description=row.get("description", ""),
            institutions=[actors[key] for key in row["institutions"] if key in actors],
            danger_list=row.get("danger_list", []),
            components=components,
            sources=[sources[key] for key in row["sources"]],
            answers=_commitments(row.get("answers", [])),
            **PUBLISHED,
        )
        count("heritage sites", changed)

    totals = {
        "sources (situation)": len(SOURCES),
        "places (situation)": len(PLACES),
        "indicators": len(INDICATORS),
        "figures": len(OBSERVATIONS),
        "interim administrations": len(ADMINISTRATIONS),
        "heritage sites": len(SITES),
    }
    return {kind: (total, written.get(kind, 0)) for kind, total in totals.items()}
