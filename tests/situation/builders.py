"""Small situation datasets for the tests, written through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accordwatch.core import services as core
from accordwatch.situation import services
from tests import factories


def place(key: str, name: str, kind: str = "country", parent: Any = None) -> Any:
    return core.place_upsert(actor=core.SYSTEM, key=key, kind=kind, name=name, parent=parent)[0]


def observation(indicator: Any, where: Any, day: Any, value: Any, source: Any, **visibility: Any):
    """One figure recorded through the service, by the system."""
    return services.observation_record(
        actor=core.SYSTEM,
        indicator=indicator,
        place=where,
        date=day,
        value=value,
        source=source,
        **visibility,
    )[0]


def displacement(*, restricted_value: int = 999_999) -> dict[str, Any]:
    """IDPs in Mali at two dates and refugees in two host countries; one figure of each
    visibility tier, and one public figure whose source is restricted."""
    mali = place("mli", "Mali")
    niger = place("ner", "Niger")
    mauritania = place("mrt", "Mauritania")
    ocha = factories.source(title="OCHA figures")
    secret = factories.source(title="Confidential count", confidentiality="restricted")
    idps = services.indicator_upsert(
        actor=core.SYSTEM, key="idps", name="Internally displaced people", hxl_tag="#affected+idps"
    )[0]
    refugees = services.indicator_upsert(
        actor=core.SYSTEM,
        key="refugees",
        name="Refugees",
        place_role="host_country",
        origin=mali,
        hxl_tag="#affected+refugees",
        position=1,
    )[0]

    def record(indicator, where, day, value, source=ocha, **visibility):
        return observation(indicator, where, day, value, source, **visibility)

    return {
        "mali": mali,
        "niger": niger,
        "mauritania": mauritania,
        "ocha": ocha,
        "idps": idps,
        "refugees": refugees,
        "public": record(idps, mali, dt.date(2016, 8, 31), 33042),
        "later": record(idps, mali, dt.date(2018, 9, 30), 77046),
        "niger_2016": record(refugees, niger, dt.date(2016, 8, 31), 60792),
        "mauritania_2016": record(refugees, mauritania, dt.date(2016, 8, 31), 41792),
        "internal": record(idps, mali, dt.date(2017, 10, 31), 40743, confidentiality="internal"),
        "draft": record(idps, mali, dt.date(2017, 12, 31), 38100, publication_state="draft"),
        "restricted": record(
            idps, mali, dt.date(2017, 6, 30), restricted_value, confidentiality="restricted"
        ),
        "secret_source": record(idps, mali, dt.date(2017, 3, 31), 123_456, source=secret),
    }
