"""scripts/ecb-annual-rates: the ECB annual averages the seeded exchange rates come from."""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from accordwatch.assistance import rates_seed

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "ecb-annual-rates"

# Three business days of 2017 and two of 2018, newest first as the ECB writes them; the
# trailing comma and the N/A cells are the ECB's.
HISTORY = """Date,USD,JPY,CYP,GBP,
2018-01-03,1.2,130.10,N/A,0.8900,
2018-01-02,1.2065,135.35,N/A,0.88953,
2017-12-29,1.1993,135.01,N/A,0.88723,
2017-12-28,1.1938,N/A,N/A,0.88953,
2017-12-27,1.1883,134.49,N/A,0.88455,
"""


@pytest.fixture(scope="module")
def ecb():
    loader = importlib.machinery.SourceFileLoader("ecb_annual_rates", str(SCRIPT))
    spec = importlib.util.spec_from_loader("ecb_annual_rates", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_the_average_is_the_mean_of_the_days_with_a_rate(ecb):
    averages = ecb.annual_averages(
        ecb.read_daily_rates(HISTORY.splitlines()), ("USD", "GBP", "JPY")
    )
    # (1.1993 + 1.1938 + 1.1883) / 3 = 1.1938 exactly.
    assert averages[2017]["USD"] == Decimal("1.1938")
    # GBP: (0.88723 + 0.88953 + 0.88455) / 3 = 0.887103333… -> 5 decimals.
    assert averages[2017]["GBP"] == Decimal("0.88710")
    # JPY had no rate on 28 December: the mean is over the two days that have one.
    assert averages[2017]["JPY"] == Decimal("134.75")
    assert set(averages) == {2017, 2018}


def test_the_mean_is_rounded_half_up_to_the_decimals_the_series_uses(ecb):
    averages = ecb.annual_averages(ecb.read_daily_rates(HISTORY.splitlines()), ("USD", "JPY"))
    # USD 2018: (1.2 + 1.2065) / 2 = 1.20325 -> 1.2033 (4 decimals, half up, although
    # one day was written with one decimal only).
    assert averages[2018]["USD"] == Decimal("1.2033")
    # JPY 2018: (130.10 + 135.35) / 2 = 132.725 -> 132.73.
    assert averages[2018]["JPY"] == Decimal("132.73")


def test_a_currency_the_file_lacks_gives_no_average(ecb):
    averages = ecb.annual_averages(ecb.read_daily_rates(HISTORY.splitlines()), ("CYP",))
    assert averages == {}


def test_the_script_reads_the_zip_and_prints_the_seed_table(ecb, tmp_path, capsys):
    archive = tmp_path / "eurofxref-hist.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("eurofxref-hist.csv", HISTORY)
    assert ecb.main([str(archive), "--from", "2017", "--to", "2018"]) == 0
    # The table is Python, ready to paste over rates_seed.ECB_PER_EUR.
    (statement,) = ast.parse(capsys.readouterr().out).body
    assert statement.target.id == "ECB_PER_EUR"
    assert ast.literal_eval(statement.value) == {
        2017: ("1.1938", "0.88710", "134.75"),
        2018: ("1.2033", "0.88977", "132.73"),
    }


def test_the_script_refuses_a_year_the_file_does_not_cover(ecb, tmp_path, capsys):
    history = tmp_path / "eurofxref-hist.csv"
    history.write_text(HISTORY, encoding="utf-8")
    assert ecb.main([str(history), "--from", "2016", "--to", "2017"]) == 1
    assert "2016 USD" in capsys.readouterr().err


def test_the_seed_table_is_written_to_the_ecb_decimals_for_every_year():
    # A figure typed with a digit too many or too few is caught here; its value is
    # checked by running the script on the ECB's history (see rates_seed's docstring).
    assert sorted(rates_seed.ECB_PER_EUR) == list(range(2012, 2025))
    for usd, gbp, jpy in rates_seed.ECB_PER_EUR.values():
        assert [-Decimal(x).as_tuple().exponent for x in (usd, gbp, jpy)] == [4, 5, 2]


def test_the_seeded_dollar_rates_follow_the_ecb_averages():
    seeded = {(c, on.year): units for c, on, units, _ in rates_seed.seed_rates()}
    assert seeded[("EUR", 2017)] == Decimal("0.8851907586")  # 1 / 1.1297
    assert seeded[("GBP", 2017)] == Decimal("0.7760201823")  # 0.87667 / 1.1297
    assert seeded[("XOF", 2017)] == seeded[("XAF", 2017)] == Decimal("580.6470744445")
    assert seeded[("SAR", 2024)] == Decimal("3.75")
