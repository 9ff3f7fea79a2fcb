"""A small UN-format list for the screening tests: three Mali entries whose names the
issue's examples aim at, one with an Arabic original script and a low-quality alias."""

from __future__ import annotations

import io

from accordwatch.core.services import SYSTEM
from accordwatch.sanctions.imports import un_list_import

# Names no screening may crash on (the bad input), the same on the page, the command
# and the API; the fifth is MLi.008's name with control characters in it.
ODD_NAMES = [
    "😀" * 5,
    "a" * 10_000,
    "محمد Ould \u200fMatali",  # Arabic and Latin with a right-to-left mark
    "\u202eilataM dluO demahoM\u202c",  # a right-to-left override around Latin
    "Mohamed\x01 Ould\x07 Matali\x00",  # control characters and a NUL
    "",
]


def _person(reference: str, parts: list[str], *, script: str = "", alias: str = "") -> str:
    tags = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    names = "".join(f"<{tag}>{part}</{tag}>" for tag, part in zip(tags, parts, strict=False))
    return (
        f"<INDIVIDUAL>{names}<UN_LIST_TYPE>Mali</UN_LIST_TYPE>"
        f"<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER><LISTED_ON>2019-07-10</LISTED_ON>"
        + (f"<NAME_ORIGINAL_SCRIPT>{script}</NAME_ORIGINAL_SCRIPT>" if script else "")
        + "<NATIONALITY><VALUE>Mali</VALUE></NATIONALITY>"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1970-01-01</DATE>"
        "</INDIVIDUAL_DATE_OF_BIRTH>"
        + (
            f"<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>{alias}</ALIAS_NAME>"
            "</INDIVIDUAL_ALIAS>"
            if alias
            else ""
        )
        + "</INDIVIDUAL>"
    )


LIST = (
    '<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2024-05-01T10:00:00Z">'
    "<INDIVIDUALS>"
    + _person("MLi.008", ["MOHAMED", "OULD", "MATALY"], script="محمد ولد مطالي", alias="Mataly")
    + _person("MLi.001", ["AHMOUDOU", "AG", "ASRIW"])
    + _person("MLi.005", ["MOHAMED", "BEN", "AHMED", "MAHRI"])
    + "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>"
).encode()


def import_screening_list() -> None:
    un_list_import(actor=SYSTEM, stream=io.BytesIO(LIST), file_name="screening.xml")
