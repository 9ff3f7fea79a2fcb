"""Name matching (accordwatch.sanctions.matching): accuracy and speed beside two peers measured
in the same run.

Peers:

- OpenSanctions' nomenklatura ``logic-v2`` matcher (``pip install -e '.[bench]'``), each
  name made a FollowTheMoney entity of the pair's schema with that one name, scored with
  ``LogicV2.compare`` and the default configuration; its declared threshold is 0.7.
- brute-force rapidfuzz ``token_sort_ratio`` (default processor), no declared threshold: it
  is shown at the threshold that suits it best on each set, which flatters it.

Accuracy on ``name-bench-cases.csv`` (826 labelled pairs, nomenklatura's public benchmark)
and on our Sahel transliteration set (benchmarks/data/sahel-names.csv, see
make_sahel_set.py): precision, recall and F1 at each matcher's declared threshold and at the
best threshold found on the set itself (an optimistic figure, labelled so); for ours also a
two-fold check (threshold chosen on half of the pairs, measured on the other half).

Speed on one core, in CPU seconds of the process (the machine may be shared; wall-clock
rates are printed beside them): screening queries against the whole 2020 UN list, and
against a generated list of ``ACCORDWATCH_BENCH_SANCTIONS_NAMES`` names (default 200,000;
set 1000000 for the issue's million) in a child process, so its peak RSS is the index's
own. Before each timed UN pass every cache the matcher keeps between queries is emptied
(``matching.clear_caches`` and ``Index.clear_caches``: the names read, the words' tokens,
keys and consonants, what the index learnt about them): every pass screens names it has
never seen, as a fresh screening run does; only the index stays.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

from rapidfuzz import fuzz, process, utils

from accordwatch.sanctions.matching import DEFAULT_THRESHOLD, Index, clear_caches, compare
from benchmarks.sanctions_data import NAME_BENCH, ROOT, SAHEL_SET, generated_names, un_records

LOGIC_V2_THRESHOLD = 0.7
UN_QUERIES = 5000
SCALE_NAMES = int(os.environ.get("ACCORDWATCH_BENCH_SANCTIONS_NAMES", "200000"))
SCALE_QUERIES = int(os.environ.get("ACCORDWATCH_BENCH_SANCTIONS_QUERIES", "3000"))

Pair = tuple[str, str, bool, str]  # name, name, same person?, schema


def _pairs_name_bench() -> list[Pair]:
    with NAME_BENCH.open(encoding="utf-8") as handle:
        return [
            (r["name1"], r["name2"], r["is_match"].strip().lower() == "true", r["schema"])
            for r in csv.DictReader(handle)
        ]


def _pairs_sahel() -> list[Pair]:
    with SAHEL_SET.open(encoding="utf-8") as handle:
        return [
            (r["query"], r["listed"], r["is_match"] == "true", "Person")
            for r in csv.DictReader(handle)
        ]


def _ours(a: str, b: str, schema: str) -> float:
    return compare(a, b).score


def _token_sort(a: str, b: str, schema: str) -> float:
    return fuzz.token_sort_ratio(a, b, processor=utils.default_process) / 100.0


def _logic_v2() -> Callable[[str, str, str], float] | None:
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2, ScoringConfig
    except ImportError:
        return None
    config = ScoringConfig.defaults()
    numbers = itertools.count()

    def score(a: str, b: str, schema: str) -> float:
        # Fresh ids for every pair: nomenklatura caches what it derives from an entity by id.
        left, right = model.make_entity(schema), model.make_entity(schema)
        left.id, right.id = f"left-{next(numbers)}", f"right-{next(numbers)}"
        left.add("name", a)
        right.add("name", b)
        return float(LogicV2.compare(left, right, config).score)

    return score


def _metrics(scores: list[float], labels: list[bool], threshold: float) -> tuple[float, ...]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < threshold and y)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _best_threshold(scores: list[float], labels: list[bool]) -> float:
    candidates = [t / 100 for t in range(30, 100)]
    return max(candidates, key=lambda t: (_metrics(scores, labels, t)[2], -t))


def _recall_at_precision(scores: list[float], labels: list[bool], floor: float) -> tuple:
    best = (0.0, 0.0, 1.0)
    for t in (t / 100 for t in range(30, 100)):
        precision, recall, _ = _metrics(scores, labels, t)
        if precision >= floor and recall > best[1]:
            best = (precision, recall, t)
    return best


def _line(label: str, metrics: tuple[float, ...], threshold: float, note: str = "") -> str:
    precision, recall, f1 = metrics
    return (
        f"  {label}: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f} "
        f"at {threshold:.2f}{note}"
    )


def _accuracy(name: str, pairs: list[Pair], goal: str) -> Iterator[str]:
    labels = [p[2] for p in pairs]
    yield f"{name} ({len(pairs)} pairs, {sum(labels)} same person) — goal: {goal}"
    matchers: list[tuple[str, Callable[[str, str, str], float] | None, float | None]] = [
        ("ours", _ours, DEFAULT_THRESHOLD),
        ("nomenklatura logic-v2", _logic_v2(), LOGIC_V2_THRESHOLD),
        ("rapidfuzz token_sort_ratio", _token_sort, None),
    ]
    for label, matcher, declared in matchers:
        if matcher is None:
            yield f"  {label}: not installed (.venv/bin/pip install -e '.[bench]')"
            continue
        started = time.perf_counter()
        scores = [matcher(a, b, schema) for a, b, _, schema in pairs]
        per_pair_ms = (time.perf_counter() - started) * 1000 / len(pairs)
        best = _best_threshold(scores, labels)
        if declared is not None:
            yield _line(
                f"{label} (declared threshold)", _metrics(scores, labels, declared), declared
            )
        yield _line(
            f"{label} (best threshold on this set, optimistic)",
            _metrics(scores, labels, best),
            best,
            f"; {per_pair_ms:.2f} ms/pair",
        )
        if name.startswith("Sahel"):
            precision, recall, threshold = _recall_at_precision(scores, labels, 0.95)
            yield (
                f"  {label}: best recall at precision >= 0.95: recall {recall:.3f} "
                f"(precision {precision:.3f} at {threshold:.2f})"
            )
        if label == "ours":
            halves = (list(range(0, len(pairs), 2)), list(range(1, len(pairs), 2)))
            folds = []
            for train, test in (halves, halves[::-1]):
                chosen = _best_threshold([scores[i] for i in train], [labels[i] for i in train])
                folds.append(
                    (chosen, _metrics([scores[i] for i in test], [labels[i] for i in test], chosen))
                )
            text = "; ".join(
                f"threshold {t:.2f} -> F1 {m[2]:.3f} (P {m[0]:.3f} R {m[1]:.3f})" for t, m in folds
            )
            yield f"  ours, two-fold (threshold from one half, measured on the other): {text}"


def _clear_caches(index: Index) -> None:
    clear_caches()
    index.clear_caches()


def _throughput_un(runs: int) -> Iterator[str]:
    entries = [r.entry for r in un_records()]
    started = time.perf_counter()
    index = Index.build(entries)
    build_ms = (time.perf_counter() - started) * 1000
    names = [(name if isinstance(name, str) else name.text) for e in entries for name in e.names]
    # Queries: unlisted generated names (most of any screening) and, one in ten, a respelled
    # listed name from the Sahel set, so that hits are found and explained too.
    queries = generated_names(UN_QUERIES, seed=5)
    respelled = [p[0] for p in _pairs_sahel() if p[2]]
    for i in range(0, UN_QUERIES, 10):
        queries[i] = respelled[(i // 10) % len(respelled)]
    yield (
        f"Screening against the whole UN list (2020: {len(entries)} entries, {len(index)} names;"
        f" index built in {build_ms:.0f} ms), {len(queries)} queries, one core, every cache"
        " emptied before each pass"
    )
    rates = []
    hits = 0
    walls = []
    for _ in range(max(1, min(runs, 5))):
        _clear_caches(index)
        started, started_cpu = time.perf_counter(), time.process_time()
        hits = sum(len(index.search(q)) for q in queries)
        rates.append(len(queries) / (time.process_time() - started_cpu))
        walls.append(len(queries) / (time.perf_counter() - started))
    ours = statistics.median(rates)
    sample = queries[:300]
    started = time.process_time()
    for query in sample:
        process.extract(
            query,
            names,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            score_cutoff=80,
            limit=10,
        )
    brute = len(sample) / (time.process_time() - started)
    yield (
        f"  ours: {ours:,.0f} queries/s CPU ({statistics.median(walls):,.0f} wall; {hits} hits)"
        f" — goal >= 20,000 [{'ok' if ours >= 20000 else 'BELOW GOAL'}]"
    )
    yield (
        f"  rapidfuzz token_sort_ratio brute force (C, every name): {brute:,.0f} queries/s "
        f"(ours {ours / brute:.1f}x)"
    )
    logic_v2 = _logic_v2()
    if logic_v2 is None:
        yield "  nomenklatura logic-v2: not installed (.venv/bin/pip install -e '.[bench]')"
        return
    compared = names[:200]
    for listed in names[-20:]:  # warm-up: logic-v2 loads its reference data on first use
        logic_v2(queries[1], listed, "Person")
    started = time.process_time()
    for listed in compared:
        logic_v2(queries[1], listed, "Person")
    per_pair = (time.process_time() - started) / len(compared)
    lv2 = 1 / (per_pair * len(names))
    yield (
        f"  nomenklatura logic-v2 against every name (no index of its own; {per_pair * 1000:.2f}"
        f" ms/pair over {len(compared)} pairs): {lv2:,.2f} queries/s (ours {ours / lv2:,.0f}x)"
    )


def _throughput_scale() -> Iterator[str]:
    command = [
        sys.executable,
        "-m",
        "benchmarks.sanctions_scale",
        str(SCALE_NAMES),
        str(SCALE_QUERIES),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    yield (
        f"Screening against {result['names']:,} generated names (ACCORDWATCH_BENCH_SANCTIONS_NAMES"
        f"), {result['queries']:,} queries, child process, one core"
    )
    yield (
        f"  index built in {result['build_cpu_s']:.1f} s CPU ({result['build_s']:.1f} s wall; goal"
        f" < 60 s for 1,000,000), peak RSS "
        f"{result['peak_rss_mb']:,.0f} MB (goal < 2,048), baseline: the name list alone "
        f"{result['list_rss_mb']:,.0f} MB"
    )
    ours = result["qps"]
    yield (
        f"  ours: {ours:,.0f} queries/s CPU ({result['qps_wall']:,.0f} wall; "
        f"{result['hits']:,} hits) — goal >= 1,000 [{'ok' if ours >= 1000 else 'BELOW GOAL'}]"
    )
    brute = result["brute_qps"]
    yield (
        f"  rapidfuzz token_sort_ratio brute force over every name: {brute:,.2f} queries/s "
        f"(ours {ours / brute:,.0f}x)"
    )
    if result.get("logic_v2_ms_per_pair"):
        lv2 = 1000 / (result["logic_v2_ms_per_pair"] * result["names"])
        yield (
            f"  nomenklatura logic-v2 against every name ({result['logic_v2_ms_per_pair']:.2f}"
            f" ms/pair): {lv2:,.4f} queries/s (ours {ours / lv2:,.0f}x)"
        )


def run(*, runs: int = 7) -> Iterator[str]:
    yield from _accuracy(
        "name-bench-cases.csv", _pairs_name_bench(), "F1 >= 0.85 (logic-v2 about 0.79)"
    )
    yield from _accuracy(
        "Sahel transliteration set", _pairs_sahel(), "recall >= 0.97 at precision >= 0.95"
    )
    yield from _throughput_un(runs)
    yield from _throughput_scale()


if __name__ == "__main__":
    for line in run(runs=5):
        print(line, flush=True)
