"""ACLED's event vocabulary as it stands since 2019, and how older labels map onto it.

Current vocabulary: 3 disorder types, 6 event types, 25 sub-event types. Each sub-event
type belongs to exactly one event type; the disorder type follows from the sub-event type
(ACLED also writes the combined "Political violence; Demonstrations", accepted as is).

Exports made before ACLED's 2019 revision carry one ``event_type`` column with 9 labels
and no sub-event type. ``map_old_label`` turns such a label into today's event type and,
when the old label says enough, today's sub-event type; otherwise the sub-event type is
left empty (generic) rather than guessed. Every choice is explained beside it and in
docs/incidents-formats.md.

UCDP GED's ``type_of_violence`` is mapped in ``ucdp.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC_DEVELOPMENTS = "Strategic developments"
DISORDER_TYPES = (POLITICAL_VIOLENCE, DEMONSTRATIONS, STRATEGIC_DEVELOPMENTS)
# ACLED writes this for events that are both (force used against a demonstration).
POLITICAL_VIOLENCE_AND_DEMONSTRATIONS = "Political violence; Demonstrations"
DISORDER_VALUES = (*DISORDER_TYPES, POLITICAL_VIOLENCE_AND_DEMONSTRATIONS)

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

# Event type → its sub-event types, in ACLED's order.
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    EXPLOSIONS: (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    VIOLENCE_AGAINST_CIVILIANS: (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    PROTESTS: (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    RIOTS: (
        "Violent demonstration",
        "Mob violence",
    ),
    STRATEGIC: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
EVENT_TYPES = tuple(SUB_EVENT_TYPES)

# Sub-event type → event type.
EVENT_TYPE_OF: dict[str, str] = {
    sub: event_type for event_type, subs in SUB_EVENT_TYPES.items() for sub in subs
}

# The disorder type of each event type, and the sub-event types that differ from it.
_DISORDER_OF_EVENT_TYPE = {
    BATTLES: POLITICAL_VIOLENCE,
    EXPLOSIONS: POLITICAL_VIOLENCE,
    VIOLENCE_AGAINST_CIVILIANS: POLITICAL_VIOLENCE,
    PROTESTS: DEMONSTRATIONS,
    RIOTS: DEMONSTRATIONS,
    STRATEGIC: STRATEGIC_DEVELOPMENTS,
}
_DISORDER_OF_SUB_EVENT_TYPE = {
    # Force used on a demonstration is both a demonstration and political violence.
    "Excessive force against protesters": POLITICAL_VIOLENCE_AND_DEMONSTRATIONS,
    # A mob attacking people is violence, not a demonstration of grievance.
    "Mob violence": POLITICAL_VIOLENCE,
}

# ACLED's actor type codes (inter1, inter2). Exports since 2024 write the label instead.
INTER_CODES = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
STATE_FORCES, CIVILIANS, RIOTERS, PROTESTERS = 1, 7, 5, 6


def _label_key(label: str) -> str:
    return " ".join(label.lower().split())


_INTER_BY_LABEL = {_label_key(label): code for code, label in INTER_CODES.items()}
# Older wordings and plurals seen in ACLED's documentation over the years.
_INTER_BY_LABEL.update(
    {
        "rebel groups": 2,
        "political militias": 3,
        "identity militias": 4,
        "communal militia": 4,
        "communal militias": 4,
        "ethnic militia": 4,
        "external/other force": 8,
        "other forces": 8,
    }
)


def inter_code(label: str) -> int | None:
    """The code of an actor type label ("State forces" → 1), or None if unknown."""
    return _INTER_BY_LABEL.get(_label_key(label))


def disorder_type_of(event_type: str, sub_event_type: str) -> str:
    """The disorder type ACLED gives an event of this type (for files that lack it)."""
    return _DISORDER_OF_SUB_EVENT_TYPE.get(sub_event_type) or _DISORDER_OF_EVENT_TYPE[event_type]


# Case-insensitive lookups that give back ACLED's own spelling.
_EVENT_TYPE_BY_KEY = {_label_key(name): name for name in EVENT_TYPES}
_SUB_EVENT_TYPE_BY_KEY = {_label_key(name): name for name in EVENT_TYPE_OF}
_DISORDER_BY_KEY = {_label_key(name): name for name in DISORDER_VALUES}


def event_type_named(text: str) -> str | None:
    return _EVENT_TYPE_BY_KEY.get(_label_key(text))


def sub_event_type_named(text: str) -> str | None:
    return _SUB_EVENT_TYPE_BY_KEY.get(_label_key(text))


def disorder_type_named(text: str) -> str | None:
    return _DISORDER_BY_KEY.get(_label_key(text))


# --- the labels of exports made before 2019 -----------------------------------------


@dataclass(frozen=True, slots=True)
class OldLabel:
    event_type: str  # today's event type; "" when it depends on the actors (Riots/Protests)
    sub_event_type: str  # "" when the old label cannot tell (kept generic, not guessed)
    why: str  # the reason for the choice, for the documentation and for tests


OLD_LABELS: dict[str, OldLabel] = {
    "Battle-No change of territory": OldLabel(
        BATTLES,
        "Armed clash",
        "a battle in which nobody took ground is what ACLED now calls an armed clash",
    ),
    "Battle-Government regains territory": OldLabel(
        BATTLES, "Government regains territory", "the same category under today's name"
    ),
    "Battle-Non-state actor overtakes territory": OldLabel(
        BATTLES, "Non-state actor overtakes territory", "the same category under today's name"
    ),
    "Remote violence": OldLabel(
        EXPLOSIONS,
        "",
        "covered shelling, air strikes, IEDs, suicide bombs and grenades alike; the label "
        "does not say which, so the sub-event type stays generic",
    ),
    "Violence against civilians": OldLabel(
        VIOLENCE_AGAINST_CIVILIANS,
        "",
        "the event type kept its name, but the old label does not tell an attack from an "
        "abduction or sexual violence, so the sub-event type stays generic",
    ),
    "Riots/Protests": OldLabel(
        "",
        "",
        "split by the actor type: rioters (inter code 5) make it Riots, otherwise Protests; "
        "a demonstration of protesters alone (interaction 60) is a Peaceful protest, any "
        "other sub-event type stays generic",
    ),
    "Strategic development": OldLabel(
        STRATEGIC,
        "",
        "today's eight strategic sub-event types cannot be told apart from the old label; "
        "left generic rather than 'Other', which is a category of its own",
    ),
    "Non-violent transfer of territory": OldLabel(
        STRATEGIC,
        "Non-violent transfer of territory",
        "now a sub-event type of Strategic developments",
    ),
    "Headquarters or base established": OldLabel(
        STRATEGIC,
        "Headquarters or base established",
        "now a sub-event type of Strategic developments",
    ),
    "Non-violent activity by a conflict actor": OldLabel(
        STRATEGIC,
        "",
        "the name used before 2015 for what became Strategic development; generic",
    ),
}
_OLD_BY_KEY = {_label_key(label): label for label in OLD_LABELS}


def old_label_named(text: str) -> str | None:
    """The old label as ACLED spelt it, matched without regard to case and spacing."""
    return _OLD_BY_KEY.get(_label_key(text))


def map_old_label(label: str, *, inter1: int | None, inter2: int | None) -> tuple[str, str]:
    """Today's (event type, sub-event type) for an old label (as ``old_label_named`` gives
    it). The actor types decide only for "Riots/Protests"."""
    mapped = OLD_LABELS[label]
    if mapped.event_type:
        return mapped.event_type, mapped.sub_event_type
    if RIOTERS in (inter1, inter2):
        return RIOTS, ""
    if inter1 == PROTESTERS and not inter2:
        return PROTESTS, "Peaceful protest"
    return PROTESTS, ""
