"""Generated IATI activity files, for the memory test and the parse benchmark.

Deterministic and made up: every activity has the shape of an EU Trust Fund activity in
Mali (two narratives, two participating organisations, sectors) with one commitment,
three disbursements, one expenditure and one transaction of a type the reader skips.
"""

from __future__ import annotations

from collections.abc import Iterator

HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'
TAIL = b"</iati-activities>\n"
TRANSACTIONS_READ = 5  # per activity; one more is of a skipped type

_ACTIVITY = """ <iati-activity default-currency="EUR" xml:lang="fr">
  <iati-identifier>XI-TEST-GEN-{n:08d}</iati-identifier>
  <reporting-org ref="XI-TEST" type="40">
   <narrative>Fonds fiduciaire (test)</narrative>
  </reporting-org>
  <title>
   <narrative>Activité générée {n}</narrative>
   <narrative xml:lang="en">Generated activity {n}</narrative>
  </title>
  <participating-org ref="XI-TEST" role="1" type="40">
   <narrative>Bailleur (test)</narrative>
  </participating-org>
  <participating-org ref="XM-TEST-{impl}" role="4">
   <narrative>Agence {impl} (test)</narrative>
  </participating-org>
  <recipient-country code="ML" percentage="100"/>
  <sector vocabulary="1" code="15220" percentage="100"/>
{transactions} </iati-activity>
"""
_TRANSACTION = """  <transaction>
   <transaction-type code="{code}"/>
   <transaction-date iso-date="{date}"/>
   <value value-date="{date}">{value}.00</value>
   <description><narrative xml:lang="en">Tranche {n}-{k}</narrative></description>
   <provider-org ref="XI-TEST"><narrative>Bailleur (test)</narrative></provider-org>
   <receiver-org ref="XM-TEST-{impl}"><narrative>Agence {impl} (test)</narrative></receiver-org>
  </transaction>
"""
_CODES = ("2", "3", "3", "3", "4", "5")


def activity(n: int) -> bytes:
    impl = n % 97
    transactions = "".join(
        _TRANSACTION.format(
            code=code,
            date=f"{2016 + k % 3}-{1 + (n + k) % 12:02d}-{1 + n % 28:02d}",
            value=1000 + (n * 7919 + k * 104729) % 5_000_000,
            n=n,
            k=k,
            impl=impl,
        )
        for k, code in enumerate(_CODES)
    )
    return _ACTIVITY.format(n=n, impl=impl, transactions=transactions).encode()


def iati_file(activities: int) -> Iterator[bytes]:
    """The file in pieces: the head, one piece per activity, the tail."""
    yield HEAD
    for n in range(activities):
        yield activity(n)
    yield TAIL
