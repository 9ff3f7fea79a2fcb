"""ISO 3166-1 alpha-3 codes for the ``#country+iso3`` column, from what imports give.

IATI writes recipient countries in alpha-2, FTS names them. No country library is a
dependency of the project, so this is a short table: the countries of the Sahel and West
Africa, their neighbours, and the donors most often met in their aid records. A country
not listed here is left blank (never guessed); add it here when a real file needs it.
"""

from __future__ import annotations

# alpha-2: (alpha-3, English short name as FTS writes it)
_COUNTRIES: dict[str, tuple[str, str]] = {
    "ML": ("MLI", "Mali"),
    "NE": ("NER", "Niger"),
    "BF": ("BFA", "Burkina Faso"),
    "MR": ("MRT", "Mauritania"),
    "TD": ("TCD", "Chad"),
    "SN": ("SEN", "Senegal"),
    "GN": ("GIN", "Guinea"),
    "CI": ("CIV", "Côte d'Ivoire"),
    "DZ": ("DZA", "Algeria"),
    "NG": ("NGA", "Nigeria"),
    "CM": ("CMR", "Cameroon"),
    "LY": ("LBY", "Libya"),
    "MA": ("MAR", "Morocco"),
    "TN": ("TUN", "Tunisia"),
    "EG": ("EGY", "Egypt"),
    "SD": ("SDN", "Sudan"),
    "SA": ("SAU", "Saudi Arabia"),
    "AE": ("ARE", "United Arab Emirates"),
    "QA": ("QAT", "Qatar"),
    "KW": ("KWT", "Kuwait"),
    "TR": ("TUR", "Türkiye"),
    "FR": ("FRA", "France"),
    "DE": ("DEU", "Germany"),
    "GB": ("GBR", "United Kingdom"),
    "US": ("USA", "United States"),
    "JP": ("JPN", "Japan"),
    "NL": ("NLD", "Netherlands"),
    "BE": ("BEL", "Belgium"),
    "IT": ("ITA", "Italy"),
    "ES": ("ESP", "Spain"),
    "SE": ("SWE", "Sweden"),
    "NO": ("NOR", "Norway"),
    "DK": ("DNK", "Denmark"),
    "CH": ("CHE", "Switzerland"),
    "CA": ("CAN", "Canada"),
    "LU": ("LUX", "Luxembourg"),
}
_BY_NAME = {name.casefold(): iso3 for iso3, name in _COUNTRIES.values()}
_BY_NAME.update({"turkey": "TUR", "united states of america": "USA", "cote d'ivoire": "CIV"})


def iso3_of_iso2(code: str) -> str:
    found = _COUNTRIES.get(code.strip().upper())
    return found[0] if found else ""


def iso3_of_name(name: str) -> str:
    return _BY_NAME.get(" ".join(name.split()).casefold(), "")
