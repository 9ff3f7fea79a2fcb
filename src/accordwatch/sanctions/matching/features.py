"""Birth date, nationality and gender: each raises or lowers a name score when both sides
give it, and does nothing when either side is silent.

The moves are small beside the name score on purpose: lists carry approximate birth years
("about 1963") and several nationalities, so agreement confirms and disagreement doubts,
but neither decides alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .text import to_ascii_words

SAME_BIRTH_DATE = 0.06
SAME_BIRTH_YEAR = 0.03
DIFFERENT_BIRTH_YEAR = -0.15
CLOSE_YEARS = 1  # a year either side: lists often hold "about" a year
SHARED_NATIONALITY = 0.03
NO_SHARED_NATIONALITY = -0.1
DIFFERENT_GENDER = -0.2


@dataclass(frozen=True, slots=True)
class BirthDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}"


_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_birth_date(value: object) -> BirthDate | None:
    """A year, a year and month, or a full date, from text ('1963', '1963-12-31') or a date;
    None when it cannot be read (an unreadable date must not sink a name)."""
    if isinstance(value, dt.date):
        return BirthDate(value.year, value.month, value.day)
    if isinstance(value, int) and 1000 <= value <= 9999:
        return BirthDate(value)
    if not isinstance(value, str):
        return None
    match = _DATE.match(value)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    return BirthDate(year or 0, month, day) if year else None


# Names and codes for the countries a Sahel list meets most; anything else is compared as
# written (case and accents folded).
_COUNTRIES: dict[str, str] = {}
for _code, _names in {
    "ML": "mali malian malien mli",
    "DZ": "algeria algerie algerian algerien dza",
    "MR": "mauritania mauritanie mauritanian mauritanien mrt",
    "NE": "niger nigerien ner",
    "BF": "burkina faso burkinabe bfa burkina",
    "TD": "chad tchad chadian tchadien tcd",
    "LY": "libya libye libyan libyen lby",
    "MA": "morocco maroc moroccan marocain mar",
    "TN": "tunisia tunisie tunisian tunisien tun",
    "SN": "senegal senegalese senegalais sen",
    "NG": "nigeria nigerian nga",
    "SD": "sudan soudan sudanese sdn",
    "EG": "egypt egypte egyptian egyptien egy",
    "SA": "saudi arabia arabie saoudite saudi sau",
    "IQ": "iraq irak iraqi irq",
    "SY": "syria syrie syrian syrian arab republic syr",
    "FR": "france french francais fra",
    "US": "united states usa american united states of america",
    "GB": "united kingdom uk british gbr",
}.items():
    _COUNTRIES[_code.lower()] = _code
    for _name in [_names, *_names.split()]:
        _COUNTRIES[_name] = _code


def normalise_country(value: str) -> str:
    text = to_ascii_words(value)[0]
    return _COUNTRIES.get(text, text.upper())


def normalise_gender(value: str | None) -> str | None:
    if not value:
        return None
    text = value.strip().lower()
    if text in {"m", "male", "masculin", "homme", "man", "h"}:
        return "male"
    if text in {"f", "female", "feminin", "féminin", "femme", "woman"}:
        return "female"
    return None


def adjustments(
    *,
    query_birth_date: object = None,
    birth_dates: Iterable[object] = (),
    query_nationality: str | None = None,
    nationalities: Iterable[str] = (),
    query_gender: str | None = None,
    gender: str | None = None,
) -> list[tuple[str, float, str]]:
    """(feature, score change, reason) for each feature both sides give."""
    out: list[tuple[str, float, str]] = []
    query_date = parse_birth_date(query_birth_date)
    listed_dates = [d for d in (parse_birth_date(v) for v in birth_dates) if d]
    if query_date and listed_dates:
        out.append(_birth_date_adjustment(query_date, listed_dates))
    listed_countries = {normalise_country(n) for n in nationalities if n and n.strip()}
    if query_nationality and query_nationality.strip() and listed_countries:
        country = normalise_country(query_nationality)
        if country in listed_countries:
            out.append(("nationality", SHARED_NATIONALITY, f"both {country}"))
        else:
            listed = ", ".join(sorted(listed_countries))
            out.append(("nationality", NO_SHARED_NATIONALITY, f"{country} not in {listed}"))
    query_sex, listed_sex = normalise_gender(query_gender), normalise_gender(gender)
    if query_sex and listed_sex and query_sex != listed_sex:
        out.append(("gender", DIFFERENT_GENDER, f"{query_sex} / {listed_sex}"))
    return out


def _birth_date_adjustment(query: BirthDate, listed: list[BirthDate]) -> tuple[str, float, str]:
    for date in listed:
        if (
            query.day
            and date.day
            and (query.year, query.month, query.day)
            == (
                date.year,
                date.month,
                date.day,
            )
        ):
            return "birth date", SAME_BIRTH_DATE, f"same date {date}"
    for date in listed:
        if date.year == query.year:
            return "birth date", SAME_BIRTH_YEAR, f"same year {date.year}"
    nearest = min(listed, key=lambda d: abs(d.year - query.year))
    if abs(nearest.year - query.year) <= CLOSE_YEARS:
        return "birth date", 0.0, f"{query} close to listed {nearest}"
    shown = ", ".join(str(d) for d in listed)
    return "birth date", DIFFERENT_BIRTH_YEAR, f"{query} against listed {shown}"
