"""Write ACLED-format CSVs (today's 31 columns) of any size, for benchmarks and tests.

    .venv/bin/python -m accordwatch.incidents.importers.generate 1000000 var/acled-1m.csv
    .venv/bin/python -m accordwatch.incidents.importers.generate 500 - --seed 7 --dates words

Nothing here comes from ACLED's data. The places are Malian towns with coordinates rounded
by us, the actors are names of groups active in Mali written by us in ACLED's style, and
the notes are assembled from our own sentences. The shape follows what a Sahel conflict
looks like: violence against civilians and battles first, then explosions (mostly IEDs),
strategic developments, protests and a few riots; most events in the centre (Mopti,
Ségou) and the north; fatalities zero for many events and heavy-tailed for the rest;
dates spread over twelve years, newest first, as ACLED sorts its exports.

Deterministic: the same count and seed give the same bytes. Streaming: rows are written
as they are made, so a file of any size costs no memory.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import BinaryIO

from accordwatch.incidents.importers import vocabulary as vocab
from accordwatch.incidents.importers.acled import CURRENT_COLUMNS

FIRST_DAY = dt.date(2012, 1, 1)
LAST_DAY = dt.date(2023, 12, 31)

# admin1 → (share of events, [(admin2, admin3, location, latitude, longitude)]).
PLACES: dict[str, tuple[int, list[tuple[str, str, str, float, float]]]] = {
    "Mopti": (
        34,
        [
            ("Mopti", "Mopti", "Mopti", 14.49, -4.20),
            ("Mopti", "Socoura", "Sevare", 14.53, -4.10),
            ("Djenne", "Djenne", "Djenne", 13.91, -4.55),
            ("Bandiagara", "Bandiagara", "Bandiagara", 14.35, -3.61),
            ("Douentza", "Douentza", "Douentza", 15.00, -2.95),
            ("Douentza", "Haire", "Boni", 15.07, -2.25),
            ("Koro", "Koro", "Koro", 14.07, -3.08),
            ("Bankass", "Bankass", "Bankass", 14.07, -3.52),
            ("Tenenkou", "Tenenkou", "Tenenkou", 14.46, -4.92),
            ("Youwarou", "Youwarou", "Youwarou", 15.37, -4.26),
        ],
    ),
    "Gao": (
        17,
        [
            ("Gao", "Gao", "Gao", 16.27, -0.04),
            ("Ansongo", "Ansongo", "Ansongo", 15.66, 0.50),
            ("Bourem", "Bourem", "Bourem", 16.95, -0.35),
            ("Menaka", "Menaka", "Menaka", 15.92, 2.40),
            ("Menaka", "Anderamboukane", "Anderamboukane", 15.42, 3.03),
            ("Ansongo", "Tessit", "Tessit", 15.20, 0.97),
        ],
    ),
    "Tombouctou": (
        13,
        [
            ("Tombouctou", "Tombouctou", "Tombouctou", 16.77, -3.01),
            ("Goundam", "Goundam", "Goundam", 16.41, -3.67),
            ("Niafunke", "Soboundou", "Niafunke", 15.93, -3.99),
            ("Gourma-Rharous", "Gourma-Rharous", "Gourma-Rharous", 16.88, -1.93),
            ("Dire", "Dire", "Dire", 16.28, -3.38),
            ("Niafunke", "Lere", "Lere", 15.71, -4.92),
        ],
    ),
    "Segou": (
        12,
        [
            ("Segou", "Segou", "Segou", 13.43, -6.26),
            ("Niono", "Niono", "Niono", 14.25, -5.99),
            ("Macina", "Macina", "Macina", 13.96, -5.36),
            ("San", "San", "San", 13.30, -4.90),
            ("Niono", "Diabaly", "Diabaly", 14.69, -6.02),
            ("Bla", "Bla", "Bla", 12.95, -5.76),
        ],
    ),
    "Kidal": (
        8,
        [
            ("Kidal", "Kidal", "Kidal", 18.44, 1.41),
            ("Tessalit", "Tessalit", "Tessalit", 20.20, 1.01),
            ("Tessalit", "Aguelhok", "Aguelhok", 19.46, 0.86),
            ("Tin-Essako", "Tin-Essako", "Tin-Essako", 18.45, 2.48),
            ("Kidal", "Anefif", "Anefis", 18.05, 0.60),
        ],
    ),
    "Bamako": (5, [("Bamako", "Bamako", "Bamako", 12.65, -8.00)]),
    "Koulikoro": (
        5,
        [
            ("Koulikoro", "Koulikoro", "Koulikoro", 12.86, -7.56),
            ("Kati", "Kati", "Kati", 12.74, -8.07),
            ("Nara", "Nara", "Nara", 15.17, -7.29),
            ("Banamba", "Banamba", "Banamba", 13.55, -7.45),
        ],
    ),
    "Sikasso": (
        3,
        [
            ("Sikasso", "Sikasso", "Sikasso", 11.32, -5.67),
            ("Koutiala", "Koutiala", "Koutiala", 12.39, -5.46),
            ("Bougouni", "Bougouni", "Bougouni", 11.42, -7.48),
        ],
    ),
    "Kayes": (
        3,
        [
            ("Kayes", "Kayes", "Kayes", 14.45, -11.44),
            ("Nioro", "Nioro", "Nioro du Sahel", 15.23, -9.59),
            ("Kita", "Kita", "Kita", 13.04, -9.49),
        ],
    ),
}

# Actors by ACLED actor type code.
ACTORS: dict[int, tuple[str, ...]] = {
    1: ("Military Forces of Mali", "Police Forces of Mali", "National Guard of Mali"),
    2: (
        "JNIM: Group for the Support of Islam and Muslims",
        "Islamic State (Sahel Province)",
        "Katiba Macina",
        "Ansar Dine",
        "AQIM: Al Qaeda in the Islamic Maghreb",
        "CMA: Coordination of Azawad Movements",
        "MNLA: National Movement for the Liberation of Azawad",
        "HCUA: High Council for the Unity of Azawad",
    ),
    3: (
        "GATIA: Imghad Tuareg Self-Defence Group and Allies",
        "MSA: Movement for the Salvation of Azawad",
        "CMFPR: Coordination of Patriotic Resistance Movements and Forces",
        "Platform of the 14 June 2014 Movements",
        "Unidentified Armed Group (Mali)",
    ),
    4: (
        "Dan Na Ambassagou",
        "Dozo Communal Militia (Mali)",
        "Fulani Ethnic Militia (Mali)",
        "Dogon Ethnic Militia (Mali)",
    ),
    5: ("Rioters (Mali)",),
    6: ("Protesters (Mali)",),
    7: ("Civilians (Mali)",),
    8: (
        "MINUSMA: United Nations Stabilization Mission in Mali",
        "Operation Barkhane",
        "G5 Sahel Joint Force",
        "Wagner Group",
    ),
}
ASSOCIATES = ("Fulani Ethnic Group (Mali)", "Dogon Ethnic Group (Mali)", "Tuareg Ethnic Group")

# (event type, share of events, [(sub-event type, share within the type)]).
EVENT_MIX: tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...] = (
    (
        vocab.VIOLENCE_AGAINST_CIVILIANS,
        32,
        (("Attack", 75), ("Abduction/forced disappearance", 22), ("Sexual violence", 3)),
    ),
    (
        vocab.BATTLES,
        27,
        (
            ("Armed clash", 93),
            ("Government regains territory", 2),
            ("Non-state actor overtakes territory", 5),
        ),
    ),
    (
        vocab.EXPLOSIONS,
        17,
        (
            ("Remote explosive/landmine/IED", 45),
            ("Shelling/artillery/missile attack", 24),
            ("Air/drone strike", 25),
            ("Suicide bomb", 3),
            ("Grenade", 2),
            ("Chemical weapon", 1),
        ),
    ),
    (
        vocab.STRATEGIC,
        12,
        (
            ("Looting/property destruction", 30),
            ("Arrests", 20),
            ("Change to group/activity", 15),
            ("Disrupted weapons use", 12),
            ("Agreement", 8),
            ("Non-violent transfer of territory", 5),
            ("Headquarters or base established", 5),
            ("Other", 5),
        ),
    ),
    (
        vocab.PROTESTS,
        9,
        (
            ("Peaceful protest", 85),
            ("Protest with intervention", 10),
            ("Excessive force against protesters", 5),
        ),
    ),
    (vocab.RIOTS, 3, (("Violent demonstration", 70), ("Mob violence", 30))),
)

# Who does what to whom: sub-event type → (actor 1 types, actor 2 types; 0 = nobody).
_ARMED = (1, 2, 2, 2, 3, 4, 8)
_ROLES: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "Armed clash": ((1, 1, 2, 2, 3, 4, 8), (1, 2, 2, 3, 4, 8)),
    "Government regains territory": ((1, 8), (2, 3)),
    "Non-state actor overtakes territory": ((2, 3), (1, 2, 3)),
    "Air/drone strike": ((1, 8), (2, 2, 7)),
    "Shelling/artillery/missile attack": ((2, 1), (1, 8, 7)),
    "Remote explosive/landmine/IED": ((2, 2, 3), (1, 8, 7, 0)),
    "Suicide bomb": ((2,), (1, 8, 7)),
    "Grenade": ((2, 3), (1, 7)),
    "Chemical weapon": ((2,), (7,)),
    "Attack": ((2, 2, 3, 4, 4, 1), (7,)),
    "Abduction/forced disappearance": ((2, 3, 4), (7,)),
    "Sexual violence": ((2, 4, 1), (7,)),
    "Peaceful protest": ((6,), (0,)),
    "Protest with intervention": ((6,), (1,)),
    "Excessive force against protesters": ((1,), (6,)),
    "Violent demonstration": ((5,), (0, 1)),
    "Mob violence": ((5,), (7,)),
}
_SOURCES = (
    "Le Republicain",
    "Malijet",
    "Studio Tamani",
    "AFP",
    "RFI",
    "Reuters",
    "Kibaru",
    "Le Soir de Bamako",
    "MINUSMA",
    "Twitter",
)
_SCALES = ("National", "Subnational", "International", "National-International", "Local")
_VERBS = {
    vocab.BATTLES: "clashed with",
    vocab.EXPLOSIONS: "struck at",
    vocab.VIOLENCE_AGAINST_CIVILIANS: "attacked",
    vocab.PROTESTS: "demonstrated against",
    vocab.RIOTS: "rioted against",
    vocab.STRATEGIC: "moved against",
}
_MORE = (
    "Local sources gave differing accounts of the events.",
    "Several houses and shops were reported burnt.",
    "The attackers came on motorbikes and left towards the border.",
    "Reinforcements arrived in the afternoon.",
    "Livestock was taken from herders in the area.",
    "Residents fled to the nearest town.",
    "A curfew was declared after the incident.",
    "Figures for the wounded were not given.",
)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _in_words(day: dt.date) -> str:
    # ACLED's older CSVs: "06 July 2017". Not strftime: %B follows the process's locale.
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def _cumulative(weights: list[int]) -> list[int]:
    return list(accumulate(weights))


class _Maker:
    """Makes rows; one instance per file so that the random sequence is the file's own."""

    def __init__(self, count: int, seed: int, *, dates: str, actor_types: str):
        self.rng = random.Random(seed)
        self.count = count
        self.span = (LAST_DAY - FIRST_DAY).days
        self.words = dates == "words"
        self.labels = actor_types == "labels"
        self.regions = list(PLACES)
        self.region_weights = _cumulative([PLACES[r][0] for r in self.regions])
        self.types = [t for t, _, _ in EVENT_MIX]
        self.type_weights = _cumulative([share for _, share, _ in EVENT_MIX])
        self.subs = {t: [s for s, _ in subs] for t, _, subs in EVENT_MIX}
        self.sub_weights = {t: _cumulative([w for _, w in subs]) for t, _, subs in EVENT_MIX}

    def rows(self) -> Iterator[list[str]]:
        for index in range(self.count):
            yield self.row(index)

    def row(self, index: int) -> list[str]:
        rng = self.rng
        # Newest first, as ACLED sorts its exports.
        day = LAST_DAY - dt.timedelta(days=(index * self.span) // max(self.count, 1))
        event_type = rng.choices(self.types, cum_weights=self.type_weights)[0]
        sub = rng.choices(self.subs[event_type], cum_weights=self.sub_weights[event_type])[0]
        kinds1, kinds2 = _ROLES.get(sub, (_ARMED, (0, 7)))
        inter1 = rng.choice(kinds1)
        inter2 = rng.choice(kinds2)
        actor1 = rng.choice(ACTORS[inter1])
        actor2 = rng.choice(ACTORS[inter2]) if inter2 else ""
        for _ in range(3):  # a group does not fight itself
            if actor2 != actor1:
                break
            actor2 = rng.choice(ACTORS[inter2])
        region = rng.choices(self.regions, cum_weights=self.region_weights)[0]
        admin2, admin3, location, latitude, longitude = rng.choice(PLACES[region][1])
        geo_precision = rng.choices((1, 2, 3), cum_weights=(60, 95, 100))[0]
        if geo_precision > 1:  # near the town, or only the area is known
            spread = 0.1 * geo_precision
            latitude += rng.uniform(-spread, spread)
            longitude += rng.uniform(-spread, spread)
        violent = event_type in (vocab.BATTLES, vocab.EXPLOSIONS, vocab.VIOLENCE_AGAINST_CIVILIANS)
        fatalities = 0
        if violent and rng.random() < 0.6:
            fatalities = min(int(rng.paretovariate(1.1)), 400)
        elif event_type == vocab.RIOTS and rng.random() < 0.1:
            fatalities = rng.randrange(1, 4)
        codes = sorted(c for c in (inter1, inter2) if c)
        interaction = codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)
        civilian = sub in ("Attack", "Abduction/forced disappearance", "Sexual violence") or (
            violent and inter2 == vocab.CIVILIANS
        )
        sources = rng.sample(_SOURCES, rng.choices((1, 2, 3), cum_weights=(60, 90, 100))[0])
        when = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        timestamp = int(when.timestamp()) + 86_400 * rng.randrange(2, 30) + index % 3600
        tags = ""
        if event_type in (vocab.PROTESTS, vocab.RIOTS):
            size = rng.choice((0, 20, 50, 100, 300, 1000))
            tags = f"crowd size={'no report' if not size else f'around {size}'}"
        return [
            f"MLI{index + 1}",
            _in_words(day) if self.words else day.isoformat(),
            str(day.year),
            str(rng.choices((1, 2, 3), cum_weights=(90, 98, 100))[0]),
            vocab.disorder_type_of(event_type, sub),
            event_type,
            sub,
            actor1,
            rng.choice(ASSOCIATES) if rng.random() < 0.08 else "",
            self._inter(inter1),
            actor2,
            "",
            self._inter(inter2) if inter2 else "",
            self._interaction(inter1, inter2) if self.labels else str(interaction),
            "Civilian targeting" if civilian else "",
            "466",
            "Western Africa",
            "Mali",
            region,
            admin2,
            admin3,
            location,
            f"{latitude:.4f}",
            f"{longitude:.4f}",
            str(geo_precision),
            "; ".join(sources),
            rng.choice(_SCALES),
            self._notes(day, actor1, actor2, event_type, location, admin2, region, fatalities),
            str(fatalities),
            tags,
            str(timestamp),
        ]

    def _inter(self, code: int) -> str:
        return vocab.INTER_CODES[code] if self.labels else str(code)

    def _interaction(self, inter1: int, inter2: int) -> str:
        codes = sorted(c for c in (inter1, inter2) if c)
        if len(codes) == 1:
            return f"{vocab.INTER_CODES[codes[0]]} only"
        return "-".join(vocab.INTER_CODES[c] for c in codes)

    def _notes(
        self,
        day: dt.date,
        actor1: str,
        actor2: str,
        event_type: str,
        location: str,
        admin2: str,
        region: str,
        fatalities: int,
    ) -> str:
        rng = self.rng
        target = actor2.split(":")[0] if actor2 else "the authorities"
        parts = [
            f"On {_in_words(day)}, {actor1.split(':')[0]} {_VERBS[event_type]} {target} "
            f"in {location} ({admin2}, {region})."
        ]
        if fatalities:
            parts.append(
                "One person was reported killed."
                if fatalities == 1
                else f"{fatalities} people were reported killed."
            )
        # Mostly a sentence or two; now and then a long report.
        extra = int(rng.lognormvariate(0.3, 1.0))
        parts.extend(rng.choice(_MORE) for _ in range(min(extra, 60)))
        return " ".join(parts)


def acled_rows(
    count: int, *, seed: int = 0, dates: str = "iso", actor_types: str = "codes"
) -> Iterator[list[str]]:
    """``count`` rows of cells in ``CURRENT_COLUMNS`` order. ``dates``: "iso" (2019-02-22,
    as ACLED's API writes them) or "words" (22 February 2019, as older CSVs did);
    ``actor_types``: "codes" (inter1 = 2) or "labels" (inter1 = "Rebel group", 2024 on)."""
    return _Maker(count, seed, dates=dates, actor_types=actor_types).rows()


def write_acled_csv(
    target: BinaryIO,
    count: int,
    *,
    seed: int = 0,
    dates: str = "iso",
    actor_types: str = "codes",
) -> None:
    """Write a header and ``count`` generated rows, UTF-8, to a binary stream."""
    text = io.TextIOWrapper(target, encoding="utf-8", newline="")
    try:
        writer = csv.writer(text)
        writer.writerow(CURRENT_COLUMNS)
        writer.writerows(acled_rows(count, seed=seed, dates=dates, actor_types=actor_types))
        text.flush()
    finally:
        text.detach()  # the caller's stream stays open


def acled_csv_bytes(count: int, **options: object) -> bytes:
    """A small generated file in memory (for tests)."""
    buffer = io.BytesIO()
    write_acled_csv(buffer, count, **options)  # type: ignore[arg-type]
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a generated ACLED-format CSV.")
    parser.add_argument("rows", type=int, help="number of events")
    parser.add_argument("file", help="where to write it; - for standard output")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dates", choices=("iso", "words"), default="iso")
    parser.add_argument("--actor-types", choices=("codes", "labels"), default="codes")
    args = parser.parse_args(argv)
    options = {"seed": args.seed, "dates": args.dates, "actor_types": args.actor_types}
    if args.file == "-":
        write_acled_csv(sys.stdout.buffer, args.rows, **options)
    else:
        with Path(args.file).open("wb") as target:
            write_acled_csv(target, args.rows, **options)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
