"""The response to the 2017 decisions in money: conferences, pledges and the Trust Fund.

Every record cites the source the fact sheet gives for it. Kept out, because the fact
sheet gives no source for them or marks them UNVERIFIED: the IsDB's USD 44m for the
Kabala water supply (no source given), and the amount and state of the OIC Trust Fund for
Mali (UNVERIFIED: the fund is shown with no target and a summary that says so).

Figures that are totals of many donors (EUR 3.2bn in Paris in 2015) are recorded as one
pledge of "donors at the conference (aggregate)", marked so in its description, rather
than split among donors the sources do not name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from accordwatch.assistance import services as assistance
from accordwatch.commitments.models import Commitment
from accordwatch.core import services
from accordwatch.core.models import Actor, Source

PUBLISHED = {"confidentiality": "public", "publication_state": "published"}
DECISIONS = "oic-cg-mali-2017-09-20"
NO_DETAIL = "Report and date not recorded in our fact sheet; the title describes the item."

# Sources the rest of the demo does not hold yet.
SOURCES: list[dict[str, Any]] = [
    {
        "key": "carter-center-donor-conference-2015",
        "title": (
            "Independent Observer (Carter Center) on the 2015 donor conference for Mali, "
            "citing the UN Secretary-General"
        ),
        "publisher": "The Carter Center (Independent Observer)",
        "kind": "report",
        "note": NO_DETAIL + " About USD 4.24bn pledged, about 90% disbursed.",
    },
]

# (key, name, acronym, gazetteer actor key or None, donor, recipient)
ORGANISATIONS: list[tuple[str, str, str, str | None, bool, bool]] = [
    ("saudi-arabia", "Saudi Arabia", "", "saudi-arabia", True, False),
    ("uae", "United Arab Emirates", "UAE", "uae", True, False),
    (
        "eu-and-member-states",
        "European Union and its member states",
        "EU",
        "european-union",
        True,
        False,
    ),
    ("isdb", "Islamic Development Bank", "IsDB", "isdb", True, False),
    ("g5-sahel-joint-force", "G5 Sahel Joint Force", "FC-G5S", "g5-sahel", False, True),
    ("government-of-mali", "Government of Mali", "", "gov-mali", False, True),
    (
        "donors-paris-2015",
        "Donors at the Paris conference of 2015 (aggregate)",
        "",
        None,
        True,
        False,
    ),
    ("oic-trust-fund-mali", "OIC Trust Fund for Mali", "", None, False, True),
]

CONFERENCES: list[dict[str, Any]] = [
    {
        "key": "brussels-2013-mali",
        "name": "Donor conference for Mali, Brussels",
        "held_on": dt.date(2013, 5, 15),
        "place": "Brussels",
        "purpose": "Mali's recovery and development",
        "summary": "Where the IsDB announced USD 250m for Mali.",
        "sources": ["reliefweb-isdb-2013"],
    },
    {
        "key": "paris-2015-mali",
        "name": "Paris conference for Mali's economic recovery and development",
        "held_on": dt.date(2015, 10, 22),
        "place": "Paris",
        "purpose": "Mali's development, 2015–2017",
        "summary": (
            "Donors promised EUR 3.2bn over 2015–2017, with EUR 605m set aside for the "
            "northern regions (abamako). The Independent Observer, citing the UN "
            "Secretary-General, puts the 2015 donor conference at about USD 4.24bn "
            "pledged and about 90% disbursed; the two figures come from different "
            "sources and are not reconciled here."
        ),
        "sources": ["abamako-paris-conference-2015", "carter-center-donor-conference-2015"],
    },
    {
        "key": "paris-2017-g5-sahel",
        "name": "Paris meeting on the G5 Sahel Joint Force",
        "held_on": dt.date(2017, 12, 13),
        "place": "Paris",
        "purpose": "G5 Sahel Joint Force",
        "summary": "Saudi Arabia and the UAE announced support for the Joint Force.",
        "sources": ["rfi-joint-force-pledges-2017"],
    },
    {
        "key": "brussels-2018-sahel",
        "name": "High-level conference on the Sahel, Brussels",
        "held_on": dt.date(2018, 2, 23),
        "place": "Brussels",
        "purpose": "G5 Sahel Joint Force",
        # The Joint Force's budget as estimated before the conference (fact sheet, with
        # the Paris pledges).
        "requirements": "423000000",
        "requirements_currency": "EUR",
        "summary": (
            "The planning conference that resolution 2359 (2017) called for (decision ix). "
            "EUR 414m was mobilised for the Joint Force in all, EUR 176m of it from the EU "
            "and its member states; the Joint Force's budget had been put at EUR 423m. "
            "Only the EU's part is recorded as a pledge here: the sources do not say which "
            "earlier pledges (Paris, December 2017) the total includes."
        ),
        "sources": ["europa-statement-18-1166", "rfi-joint-force-pledges-2017"],
    },
]

# (external id, donor, recipient, amount, currency, status, date, conference, purpose,
#  decisions answered, sources, description)
FLOWS: list[tuple[str, str, str, str, str, str, dt.date, str, str, list[str], list[str], str]] = [
    (
        "isdb-2013-05-15",
        "isdb",
        "government-of-mali",
        "250000000",
        "USD",
        "pledge",
        dt.date(2013, 5, 15),
        "brussels-2013-mali",
        "Mali's recovery and development",
        ["x"],
        ["reliefweb-isdb-2013"],
        "Announced at the Brussels donor conference for Mali.",
    ),
    (
        "paris-2015-aggregate",
        "donors-paris-2015",
        "government-of-mali",
        "3200000000",
        "EUR",
        "pledge",
        dt.date(2015, 10, 22),
        "paris-2015-mali",
        "Mali's development, 2015–2017",
        [],
        ["abamako-paris-conference-2015"],
        "All donors' promises together, over 2015–2017; EUR 605m of them was meant for "
        "the northern regions.",
    ),
    (
        "saudi-arabia-2017-12-13",
        "saudi-arabia",
        "g5-sahel-joint-force",
        "100000000",
        "EUR",
        "pledge",
        dt.date(2017, 12, 13),
        "paris-2017-g5-sahel",
        "G5 Sahel Joint Force",
        ["viii"],
        ["rfi-joint-force-pledges-2017"],
        "Announced at the Paris meeting on the Joint Force.",
    ),
    (
        "uae-2017-12-13",
        "uae",
        "g5-sahel-joint-force",
        "30000000",
        "EUR",
        "pledge",
        dt.date(2017, 12, 13),
        "paris-2017-g5-sahel",
        "G5 Sahel Joint Force",
        ["viii"],
        ["rfi-joint-force-pledges-2017"],
        "Announced at the Paris meeting on the Joint Force.",
    ),
    (
        "eu-2018-02-23",
        "eu-and-member-states",
        "g5-sahel-joint-force",
        "176000000",
        "EUR",
        "pledge",
        dt.date(2018, 2, 23),
        "brussels-2018-sahel",
        "G5 Sahel Joint Force",
        ["viii", "ix"],
        ["europa-statement-18-1166"],
        "The EU's and its member states' part of the EUR 414m mobilised in Brussels.",
    ),
]

TRUST_FUND = {
    "key": "oic-trust-fund-mali",
    "name": "OIC Trust Fund for Mali",
    "currency": "USD",
    "summary": (
        "Decided by the 12th Islamic Summit (Cairo, February 2013); the 2017 communiqué "
        "asks the Secretary General to take the steps to set it up (decision xi). Its "
        "amount and state are UNVERIFIED: no target or contribution is recorded."
    ),
    "sources": ["oic-press-release-cg-mali-2017-09-20"],
}


def load(*, actor: Any) -> dict[str, tuple[int, int]]:
    """Write the records above through the assistance services. Returns ``{kind:
    (records in the demo, written now)}``; a second run writes nothing."""
    written: dict[str, int] = {}

    def count(kind: str, changed: bool) -> None:
        written[kind] = written.get(kind, 0) + int(changed)

    for row in SOURCES:
        values = {k: v for k, v in row.items() if k != "key"}
        _, changed = services.source_upsert(actor=actor, key=row["key"], **values, **PUBLISHED)
        count("assistance sources", changed)
    sources = {source.key: source for source in Source.objects.all()}
    actors = {a.key: a for a in Actor.objects.all()}
    orgs = {}
    for key, name, acronym, actor_key, donor, recipient in ORGANISATIONS:
        # ``actor`` is the acting user in every service: the gazetteer link goes by id.
        orgs[key], changed = assistance.organisation_upsert(
            actor=actor,
            key=key,
            name=name,
            acronym=acronym,
            actor_id=actors[actor_key].pk if actor_key in actors else None,
            is_donor=donor,
            is_recipient=recipient,
        )
        count("assistance organisations", changed)
    conferences = {}
    for row in CONFERENCES:
        values = {k: v for k, v in row.items() if k not in ("key", "sources")}
        conferences[row["key"]], changed = assistance.conference_upsert(
            actor=actor,
            key=row["key"],
            sources=[sources[key] for key in row["sources"]],
            **values,
            **PUBLISHED,
        )
        count("assistance conferences", changed)
    fund_values = {k: v for k, v in TRUST_FUND.items() if k not in ("key", "sources")}
    _, changed = assistance.fund_upsert(
        actor=actor,
        key=TRUST_FUND["key"],
        organisation=orgs["oic-trust-fund-mali"],
        sources=[sources[key] for key in TRUST_FUND["sources"]],
        **fund_values,
        **PUBLISHED,
    )
    count("assistance funds", changed)
    decisions = {c.key: c for c in Commitment.objects.filter(key__startswith=DECISIONS)}
    for (
        external_id,
        donor,
        recipient,
        amount,
        currency,
        status,
        date,
        conference,
        purpose,
        answered,
        cited,
        description,
    ) in FLOWS:
        result = assistance.flow_upsert(
            actor=actor,
            dataset="manual",
            external_id=f"demo-{external_id}",
            source_org=orgs[donor],
            destination_org=orgs[recipient],
            amount=amount,
            currency=currency,
            status=status,
            date=date,
            conference=conferences[conference],
            purpose=purpose,
            description=description,
            country_iso3="MLI" if recipient == "government-of-mali" else "",
            # The decisions exist unless this part is loaded alone (tests).
            commitments=[
                decisions[f"{DECISIONS}-{n}"] for n in answered if f"{DECISIONS}-{n}" in decisions
            ],
            sources=[sources[key] for key in cited],
            **PUBLISHED,
        )
        count("assistance flows", result.changed)
    totals = {
        "assistance sources": len(SOURCES),
        "assistance organisations": len(ORGANISATIONS),
        "assistance conferences": len(CONFERENCES),
        "assistance funds": 1,
        "assistance flows": len(FLOWS),
    }
    return {kind: (total, written.get(kind, 0)) for kind, total in totals.items()}
