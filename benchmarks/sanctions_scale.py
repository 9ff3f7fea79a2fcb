"""Child process of bench_sanctions_matching: index a generated list of N names and screen
queries against it, alone in its process so that its peak RSS is the matcher's own.

    .venv/bin/python -m benchmarks.sanctions_scale 1000000 5000   # names, queries

Times are CPU seconds of this process (the machine may be shared; wall-clock figures are
given too). Prints one JSON object: build seconds, queries per second, hits, peak RSS in
MB (and the RSS with only the name list in memory), and the peers on a few of the same
queries: rapidfuzz token_sort_ratio over every name, logic-v2's time per pair.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from rapidfuzz import fuzz, process, utils

from accordwatch.sanctions.matching import Entry, Index
from benchmarks.sanctions_data import generated_names


def _peak_rss_mb() -> float:
    """This process's peak RSS. /proc's VmHWM starts afresh at exec; getrusage's maximum
    would include the parent's memory at fork time."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _logic_v2_ms_per_pair(query: str, listed: list[str]) -> float | None:
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2, ScoringConfig
    except ImportError:
        return None
    config = ScoringConfig.defaults()
    left = model.make_entity("Person")
    left.id = "scale-query"
    left.add("name", query)
    for number, name in enumerate(listed[:20]):  # warm-up: its reference data loads lazily
        right = model.make_entity("Person")
        right.id = f"warm-{number}"
        right.add("name", name)
        LogicV2.compare(left, right, config)
    started = time.process_time()
    for number, name in enumerate(listed):
        right = model.make_entity("Person")
        right.id = f"listed-{number}"
        right.add("name", name)
        LogicV2.compare(left, right, config)
    return round((time.process_time() - started) * 1000 / len(listed), 4)


def main() -> None:
    size = int(sys.argv[1])
    queries = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    names = generated_names(size, seed=11)
    list_mb = _peak_rss_mb()
    started, started_cpu = time.perf_counter(), time.process_time()
    index = Index.build(Entry(str(i), [name]) for i, name in enumerate(names))
    build_seconds = time.perf_counter() - started
    build_cpu = time.process_time() - started_cpu
    # Queries: unseen generated names (the bulk of any screening) and, one in ten, a listed
    # name respelled by a typo, so that hits are found and explained too.
    query_names = generated_names(queries, seed=12)
    for i in range(0, queries, 10):
        listed = names[(i * 7919) % size]
        query_names[i] = listed[:-2] + listed[-1] + listed[-2]
    started, started_cpu = time.perf_counter(), time.process_time()
    hits = sum(len(index.search(q)) for q in query_names)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - started_cpu
    peak_mb = _peak_rss_mb()
    # Baselines on a few of the same queries: rapidfuzz over every name, logic-v2 per pair.
    sample = query_names[:3]
    started_cpu = time.process_time()
    for query in sample:
        process.extract(
            query, names, scorer=fuzz.token_sort_ratio, processor=utils.default_process, limit=10
        )
    brute_qps = len(sample) / (time.process_time() - started_cpu)
    logic_v2_ms = _logic_v2_ms_per_pair(query_names[1], names[:200])
    print(
        json.dumps(
            {
                "names": len(index),
                "build_s": round(build_seconds, 2),
                "build_cpu_s": round(build_cpu, 2),
                "queries": queries,
                "qps": round(queries / cpu_seconds, 1),
                "qps_wall": round(queries / seconds, 1),
                "hits": hits,
                "peak_rss_mb": round(peak_mb, 1),
                "list_rss_mb": round(list_mb, 1),
                "brute_qps": round(brute_qps, 3),
                "logic_v2_ms_per_pair": logic_v2_ms,
            }
        )
    )


if __name__ == "__main__":
    main()
