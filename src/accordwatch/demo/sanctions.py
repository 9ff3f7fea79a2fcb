"""The "Mali" sanctions list of resolution 2374 (2017) for the demo: its eight entries as
the UN's consolidated list of 30 November 2020 gave them (an extract of that list ships
next to this file), and a summary of each in our own words.

The regime existed when the Contact Group met in September 2017 but listed nobody yet;
the first names were added in December 2018, the last in July 2019, and the regime lapsed
after 31 August 2023 (decision vii of the communiqué welcomes the resolution).

The demo loads the list only into a database that holds no other sanctions import: on a
system where a real list has been imported, the demo's older extract would otherwise
relist entries the UN has since removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accordwatch.commitments.models import Commitment
from accordwatch.sanctions import screening
from accordwatch.sanctions import services as sanctions_services
from accordwatch.sanctions.imports import un_list_import
from accordwatch.sanctions.models import (
    Entry,
    ListImport,
    Regime,
    ScreeningRun,
    ScreeningSource,
)

EXTRACT = Path(__file__).with_name("un-consolidated-list-mali-2020-11-30.xml")
LIST_TYPE = "Mali"

# The communiqué's decisions that concern the regime (decision key prefix, then number).
DECISIONS = "oic-cg-mali-2017-09-20"
LINKS = [
    ("vi", "Those who break the ceasefire are warned of sanctions; this is the UN's list."),
    ("vii", "The regime the group welcomed; nobody was listed until December 2018."),
]

SUMMARIES = {
    "MLi.001": (
        "Listed in December 2018 under the travel ban only. The UN's entry notes a possible "
        "arrest in Niger in October 2016 and gives several spellings of his names."
    ),
    "MLi.002": (
        "Listed in December 2018 under the travel ban only. According to the UN's entry, "
        "French forces arrested him at his home, with relatives, on 1 October 2017."
    ),
    "MLi.003": (
        "Listed in December 2018 under the travel ban only; the UN's entry adds a physical "
        "description and says he speaks Arabic and French."
    ),
    "MLi.004": (
        "Businessman from the Kidal region and, per the UN, a member of the HCUA who acts "
        "as a go-between for the CMA and Ansar Dine; adviser to the governor of Kidal since "
        "2018. Travel ban and asset freeze since July 2019."
    ),
    "MLi.005": (
        "Named Islamic judge of Timbuktu in April 2012 by Iyad Ag Ghaly, while armed groups "
        "held the north, and worked with the religious police of the time, per the UN. "
        "Travel ban and asset freeze since July 2019."
    ),
    "MLi.006": (
        "Lehmar Arab leader from Gao and, per the UN, military chief of the MAA wing close to "
        "the government (Platform coalition); deputy chief of staff of the MOC in Gao. "
        "Travel ban and asset freeze since July 2019."
    ),
    "MLi.007": (
        "Businessman of the Lehmar Arab community of the Gao region who, the UN says, once "
        "worked with MUJAO. Travel ban and asset freeze since July 2019."
    ),
    "MLi.008": (
        "Member of parliament for Bourem and its former mayor, from the ruling RPM party; "
        "the UN describes him as an influential member of the MAA wing in the Platform "
        "coalition. Travel ban and asset freeze since July 2019."
    ),
}


# The screening example: a misspelling, the Arabic script of the same name, another
# transliteration of a listed Tuareg name, and a common Malian name nobody listed.
SCREENING_EXAMPLE = [
    {"id": "demo-1", "name": "Mohamed Ould Matali", "nationality": "Mali"},
    {"id": "demo-2", "name": "محمد ولد ماتالي"},
    {"id": "demo-3", "name": "Amadou Ag Isriou"},
    {"id": "demo-4", "name": "Fatoumata Traoré", "birth_date": "1985"},
]


def load_screening_example(*, actor: Any) -> int:
    """One stored screening run over ``SCREENING_EXAMPLE``, so the screening pages have
    something to show; once only. Returns the runs written (0 or 1)."""
    if ScreeningRun.objects.filter(source=ScreeningSource.DEMO).exists():
        return 0
    screening.screen_names(actor=actor, source=ScreeningSource.DEMO, inputs=SCREENING_EXAMPLE)
    return 1


def load(*, actor: Any) -> dict[str, tuple[int, int]]:
    """Import the extract (Mali list only) and write the summaries. Returns ``{kind:
    (records in the demo, written now)}``; every record written is one audit event."""
    others = ListImport.objects.exclude(file_name=EXTRACT.name)
    if others.exists():
        return {"sanctions entries": (len(SUMMARIES), 0)}
    had_regime = Regime.objects.filter(list_type=LIST_TYPE).exists()
    with open(EXTRACT, "rb") as stream:
        summary = un_list_import(
            actor=actor, stream=stream, file_name=EXTRACT.name, list_types=[LIST_TYPE]
        )
    changed_entries = summary.created + summary.updated + summary.removed + summary.relisted
    written_summaries = 0
    for entry in Entry.objects.filter(reference_number__in=SUMMARIES):
        written_summaries += sanctions_services.entry_summary_set(
            actor=actor, entry=entry, summary=SUMMARIES[entry.reference_number]
        )
    written_links = 0
    regime = Regime.objects.get(list_type=LIST_TYPE)
    for number, note in LINKS:
        commitment = Commitment.objects.filter(key=f"{DECISIONS}-{number}").first()
        if commitment is None:  # the sanctions part loaded alone (tests)
            continue
        _, changed = sanctions_services.regime_link_set(
            actor=actor, commitment=commitment, regime=regime, note=note
        )
        written_links += changed
    written_runs = load_screening_example(actor=actor)
    return {
        "sanctions screening example": (1, written_runs),
        "sanctions regime links": (len(LINKS), written_links),
        "sanctions list imports": (1, 0 if summary.already_imported else 1),
        "sanctions regimes": (1, 0 if had_regime or summary.already_imported else 1),
        "sanctions entries": (len(SUMMARIES), changed_entries),
        "sanctions summaries": (len(SUMMARIES), written_summaries),
    }
