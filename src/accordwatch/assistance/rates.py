"""Converting an amount to US dollars and euros at a date, from the exchange-rate table.

The rate used is the nearest one on or before the date (the table holds annual averages
dated 1 January, and whatever editors add). No such rate is an error naming the currency
and the date: a guessed conversion would put a wrong figure in every total.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from accordwatch.assistance.models import ExchangeRate

CENT = Decimal("0.01")


class NoRate(Exception):
    """No rate of ``currency`` on or before ``on``."""

    def __init__(self, currency: str, on: dt.date):
        self.currency = currency
        self.on = on
        super().__init__(
            f"no {currency} exchange rate on or before {on.isoformat()}: "
            "an editor adds one to the exchange-rate table"
        )


@dataclass(frozen=True, slots=True)
class Conversion:
    usd: Decimal
    eur: Decimal
    rate_date: dt.date | None  # the oldest rate used; None when no rate was needed


class Rates:
    """The rate table read once, for the many conversions of an import or a service."""

    def __init__(self) -> None:
        self._dates: dict[str, list[dt.date]] = {}
        self._units: dict[str, list[Decimal]] = {}
        rows = ExchangeRate.objects.order_by("currency", "valid_from").values_list(
            "currency", "valid_from", "units_per_usd"
        )
        for currency, valid_from, units in rows:
            self._dates.setdefault(currency, []).append(valid_from)
            self._units.setdefault(currency, []).append(units)

    def rate(self, currency: str, on: dt.date) -> tuple[Decimal, dt.date]:
        """Units of ``currency`` per US dollar on ``on``, and the date of that rate."""
        if currency == "USD":
            return Decimal(1), on
        dates = self._dates.get(currency, [])
        index = bisect.bisect_right(dates, on) - 1
        if index < 0:
            raise NoRate(currency, on)
        return self._units[currency][index], dates[index]

    def convert(self, amount: Decimal, currency: str, on: dt.date) -> Conversion:
        units, currency_date = self.rate(currency, on)
        usd = amount / units
        if currency == "EUR":
            return Conversion(usd.quantize(CENT), amount.quantize(CENT), currency_date)
        eur_units, eur_date = self.rate("EUR", on)
        dates = [d for c, d in ((currency, currency_date), ("EUR", eur_date)) if c != "USD"]
        return Conversion(usd.quantize(CENT), (usd * eur_units).quantize(CENT), min(dates))

    def from_usd(self, usd: Decimal, on: dt.date) -> Conversion:
        """A flow whose US dollar amount is given (FTS): only the euro amount is computed."""
        eur_units, eur_date = self.rate("EUR", on)
        return Conversion(usd.quantize(CENT), (usd * eur_units).quantize(CENT), eur_date)
