"""Security incidents of 2017, written from the project's fact sheet (ACLED's rows may not be
redistributed, so none is copied here: dates and places come from our notes, which point
to ACLED for the July fighting; every sentence is ours).

Rules kept here:
- a fatality figure only where the fact sheet gives one (the Gao camp attack); the others
  leave it empty (unknown, which is not zero) and say so in their notes;
- the body's judgements (violation category, verification steps, attribution) are not in
  any source: they are labelled illustrative;
- two records exist only to show who sees what (an internal report, a restricted
  witness); they say "DEMO EXAMPLE" and are not real.

Entries: ``event_id`` (stable key), ``event_date`` (and ``event_date_end``),
``time_precision`` (1 day, 2 week, 3 month), ``event_type`` / ``sub_event_type``
(EventType keys), ``actor1`` / ``actor2`` (actor keys, or None with a ``*_name``),
``associated`` (actor keys), ``place`` (place key), ``fatalities`` (best, low, high: None
for unknown), ``notes``, ``sources``, ``confidentiality``; for violations ``violation``,
``clause`` ((document key, ref)), ``verification`` (the statuses to walk through, in
order) and ``attribution`` ((actor key, confidence) pairs); ``links`` ((decision number,
note) pairs) and ``witness``.
"""

from __future__ import annotations

from datetime import date

from accordwatch.demo.documents import CEASEFIRE

# The dataset a secretariat's own records go in ("Recorded by the secretariat"): the demo
# plays the secretariat. The DEMO- prefix of the ids says where they come from.
DATASET = "monitor"
OUR_NOTES = "accordwatch-mali-2017-notes"
JULY_SOURCES = ["acled-mali", OUR_NOTES]
CEASEFIRE_CLAUSE = (CEASEFIRE, "Whole text")
ILLUSTRATIVE = "Illustrative (demo): the body's own judgement, not taken from a source."

# The verification workflow every July clash went through in the demo (illustrative).
VERIFIED = ["under_investigation", "verified"]
UNDER_INVESTIGATION = ["under_investigation"]
STEP_COMMENTS = {
    "under_investigation": "Illustrative step (demo): the report is being checked.",
    "verified": "Illustrative step (demo): two independent accounts agree on date and place.",
}

# Both sides of the July fighting, as the body might hold them responsible (illustrative).
BOTH_SIDES = [("cma", "likely"), ("platform", "likely")]

_DECISION_V = ("v", "One of the July 2017 clashes the communiqué condemns.")
_DECISION_VI = ("vi", "Breach of the May 2014 ceasefire, before the group met.")


def _july_clash(event_id: str, day: int, place: str, notes: str, **fields) -> dict:
    return {
        "event_id": event_id,
        "event_date": date(2017, 7, day),
        "time_precision": 1,
        "event_type": "battles",
        "sub_event_type": "armed-clash",
        "actor1": "cma",
        "actor2": "platform",
        "actor2_name": "Platform (GATIA, CMFPR)",
        "associated": ["gatia", "cmfpr"],
        "place": place,
        "fatalities": None,
        "notes": notes + " Casualty figures are not in our sources and are left unknown.",
        "sources": JULY_SOURCES,
        "confidentiality": "public",
        "violation": "attack-on-positions",
        "clause": CEASEFIRE_CLAUSE,
        "verification": VERIFIED,
        "attribution": BOTH_SIDES,
        "links": [_DECISION_V, _DECISION_VI],
        **fields,
    }


INCIDENTS: list[dict] = [
    {
        "event_id": "DEMO-2017-001",
        "event_date": date(2017, 1, 18),
        "time_precision": 1,
        "event_type": "explosions-remote-violence",
        "sub_event_type": "suicide-bomb",
        "actor1": None,
        "actor1_name": "",
        "actor2": None,
        "actor2_name": "MOC joint patrol units (army, CMA, Platform)",
        "associated": [],
        "place": "mli-gao-town",
        "fatalities": (54, 54, 80),
        "notes": (
            "A suicide bomber struck the Gao camp of the Operational Coordination Mechanism, "
            "home to some 600 fighters from the parties who were to patrol together. The UN "
            "counts 54 patrol members dead, the figure kept as best; AFP put the toll near "
            "80, kept as the high end. Our sources do not name the attacker."
        ),
        "sources": ["un-s-2017-271", "afp-gao-attack-2017"],
        "confidentiality": "public",
        "links": [
            ("ii", "The deadliest attack on the peace process in 2017, against its joint patrols.")
        ],
    },
    _july_clash(
        "DEMO-2017-002",
        6,
        "mli-intachdayt",
        "Fighting at Intachdayt between the CMA and Platform groups, the first of several "
        "July clashes between signatory movements in the Kidal region.",
    ),
    _july_clash(
        "DEMO-2017-003",
        6,
        "mli-tahalt",
        "The same day, CMA and Platform forces also fought at Tahalt.",
    ),
    _july_clash(
        "DEMO-2017-004",
        11,
        "mli-anefis",
        "CMA fighters drove Platform forces out of Anefis and held the town.",
        sub_event_type="non-state-actor-overtakes-territory",
        witness={
            "name": "DEMO EXAMPLE witness (fictitious)",
            "contact": "not a real person",
            "statement": (
                "DEMO EXAMPLE: invented to show that a witness's identity and statement "
                "stay with editors; members and the public never see them."
            ),
        },
    ),
    _july_clash(
        "DEMO-2017-005",
        26,
        "mli-amassine",
        "Renewed CMA–Platform fighting at Amassine. Our notes date the fighting at Amassine "
        "and Kidal to 26–27 July without saying which day where.",
        event_date_end=date(2017, 7, 27),
        time_precision=2,
        verification=UNDER_INVESTIGATION,
    ),
    _july_clash(
        "DEMO-2017-006",
        26,
        "mli-kidal-town",
        "Fighting between CMA and Platform forces reached Kidal itself, on 26 or 27 July.",
        event_date_end=date(2017, 7, 27),
        time_precision=2,
        verification=UNDER_INVESTIGATION,
    ),
    {
        "event_id": "DEMO-2017-007",
        "event_date": date(2017, 7, 1),
        "time_precision": 3,
        "event_type": "strategic-developments",
        "sub_event_type": "other",
        "actor1": None,
        "actor1_name": "",
        "actor2": None,
        "actor2_name": "",
        "associated": [],
        "place": "mli-kidal",
        "fatalities": None,
        "notes": (
            "DEMO EXAMPLE, not a real event: an unconfirmed report of armed men on the move "
            "in Kidal region that month, kept internal while the secretariat checks it. It "
            "exists to show a record that members may read and the public may not."
        ),
        "sources": [OUR_NOTES],
        "confidentiality": "internal",
        "violation": "movement-of-forces",
        "clause": CEASEFIRE_CLAUSE,
        "verification": [],
        "attribution": [(None, "unattributed")],
        "links": [("vi", "DEMO EXAMPLE (invented): an internal report awaiting checks.")],
    },
]
