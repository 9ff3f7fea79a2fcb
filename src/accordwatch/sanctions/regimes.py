"""What we know of the UN regimes whose list types appear in the consolidated list.

The import creates a regime the first time an entry names its list type; it takes the
name, resolution and dates from here, or the bare list type for one we do not know (an
editor completes it). Criteria are summarised in our own words; only the regimes this
body follows need one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KnownRegime:
    list_type: str
    name: str
    resolution: str
    established_on: dt.date | None = None
    ended_on: dt.date | None = None
    criteria: str = ""

    @property
    def key(self) -> str:
        return "un-" + "".join(c if c.isalnum() else "-" for c in self.list_type.lower())


_MALI_CRITERIA = (
    "Travel ban and asset freeze on people and groups the Security Council's Mali "
    "committee finds to be threatening Mali's peace, security or stability: among them "
    "those who hold up or block the 2015 Agreement on Peace and Reconciliation, attack "
    "the Malian forces, MINUSMA or other international forces, get in the way of "
    "humanitarian aid, target civilians, abuse human rights, or recruit children into "
    "armed groups, and those who finance or otherwise support them."
)

KNOWN = {
    regime.list_type: regime
    for regime in (
        KnownRegime(
            "Mali",
            "Mali",
            "2374 (2017)",
            established_on=dt.date(2017, 9, 5),
            ended_on=dt.date(2023, 8, 31),
            criteria=_MALI_CRITERIA,
        ),
        KnownRegime("Al-Qaida", "ISIL (Da'esh) and Al-Qaida", "1267 (1999)"),
        KnownRegime("Taliban", "Taliban (1988 Committee)", "1988 (2011)"),
        KnownRegime("DPRK", "Democratic People's Republic of Korea", "1718 (2006)"),
        KnownRegime("Iraq", "Iraq", "1518 (2003)"),
        KnownRegime("Iran", "Iran", "1737 (2006)"),
        KnownRegime("DRC", "Democratic Republic of the Congo", "1533 (2004)"),
        KnownRegime("Libya", "Libya", "1970 (2011)"),
        KnownRegime("Somalia", "Somalia / Al-Shabaab", "751 (1992)"),
        KnownRegime("CAR", "Central African Republic", "2127 (2013)"),
        KnownRegime("GB", "Guinea-Bissau", "2048 (2012)"),
        KnownRegime("SouthSudan", "South Sudan", "2206 (2015)"),
        KnownRegime("Yemen", "Yemen", "2140 (2014)"),
        KnownRegime("Sudan", "Sudan", "1591 (2005)"),
        KnownRegime("Haiti", "Haiti", "2653 (2022)"),
    )
}


def known(list_type: str) -> KnownRegime:
    """The regime for a list type: ours if we know it, else one named after the type."""
    return KNOWN.get(list_type) or KnownRegime(list_type, list_type, "")
