"""Benchmark: `ruralmetrics load` against `jieba.lcut` over the same normalized text.

    .venv/bin/python bench/bench_load.py [--copies 60] [--workers 1,2] [--backend sqlite|postgresql|both] [--halves]

Writes a corpus of seeds/ copies with their figures varied (so each file is a new document)
to a temporary folder, then times two subprocesses, each from process start to exit:
  1. `ruralmetrics load DIR` into a fresh SQLite file (imports, Rulebook, gazetteer, jieba
     init, every stage, the database);
  2. a Python process that imports jieba, initializes its dictionary and runs `jieba.lcut` over
     the normalized text of every file (prepared beforehand, read from one file).
Both include interpreter start-up and library initialization, so the comparison is fair for a
command-line run. Throughput is normalized characters per second. With several worker counts the load
is timed once per count (speed-up against the first); with `--backend both` the one-worker load is
timed into PostgreSQL too (RURALMETRICS_TEST_POSTGRES_URL's server, else a throwaway pgserver), a
fresh database each time, and its throughput is printed against SQLite's. With several counts, two
processes of a pure-Python loop are timed against one before and after the loads: the speed-up two
workers could reach on the machine at that time (shared or virtual cores give less than 2).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queries import postgres_url  # noqa: E402  (a sibling script, not a package)

from ruralmetrics.normalize import normalize
from ruralmetrics.read import read_file
from ruralmetrics.rulebook import load_rulebook

ROOT = Path(__file__).resolve().parent.parent
JIEBA = """
import json, sys, jieba
jieba.setLogLevel(60)
jieba.initialize()
for text in json.load(open(sys.argv[1], encoding="utf-8")):
    jieba.lcut(text)
"""


def make_corpus(folder: Path, copies: int) -> list[Path]:
    rng = random.Random(7)
    paths = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for n in range(copies):
            varied = re.sub(r"\d+", lambda m: str(max(1, int(m.group()) + rng.randint(-3, 3))), text)
            path = folder / f"{seed.stem}_{n:03d}.txt"
            path.write_text(varied, encoding="utf-8")
            paths.append(path)
    return paths


BURN = """
import sys, time
start = time.perf_counter()
total = 0
for i in range(int(sys.argv[1])):
    total += i * i
"""


def parallel_ceiling(loops: int = 15_000_000) -> float:
    """How much faster two processes of a pure-Python loop finish than one after the other: what two
    workers can gain on this machine at this moment (1.0-2.0; other load on the cores lowers it)."""
    one = timed([sys.executable, "-c", BURN, str(loops)])
    start = time.perf_counter()
    both = [subprocess.Popen([sys.executable, "-c", BURN, str(loops)]) for _ in range(2)]
    for process in both:
        process.wait()
    return 2 * one / (time.perf_counter() - start)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=60, help="variants of each seed (5 seeds)")
    parser.add_argument("--workers", default="1", help="load --workers, one count or several: 1,2 (1: one process, as jieba)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--halves", action="store_true",
                        help="also time two one-worker loads of half the files each, at once, into two SQLite files "
                             "(no coordination at all: the most two processes can gain on this workload here)")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    rules = load_rulebook()
    with tempfile.TemporaryDirectory(prefix="rm_bench_") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths = make_corpus(folder, args.copies)
        texts = [normalize(read_file(p), rules).text for p in paths]
        chars = sum(map(len, texts))
        (Path(tmp) / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        cli = Path(sys.executable).parent / "ruralmetrics"

        def load(url: str, workers: int) -> float:
            return timed([str(cli), "--database-url", url, "load", "-q", "--workers", str(workers), str(folder)])

        sqlite_s: dict[int, float] = {}
        ceilings = [parallel_ceiling()] if len(counts) > 1 else []
        if args.backend in ("sqlite", "both"):
            for n, workers in enumerate(counts):
                sqlite_s[workers] = load(f"sqlite:///{tmp}/bench{n}.db", workers)
        if ceilings:
            ceilings.append(parallel_ceiling())
        halves_s = None
        if args.halves:
            halves = [Path(tmp) / "half1", Path(tmp) / "half2"]
            for n, half in enumerate(halves):
                half.mkdir()
                for path in paths[n::2]:
                    (half / path.name).symlink_to(path)
            start = time.perf_counter()
            both = [subprocess.Popen([str(cli), "--database-url", f"sqlite:///{tmp}/half{n}.db", "load", "-q",
                                      "--workers", "1", str(half)], stdout=subprocess.DEVNULL)
                    for n, half in enumerate(halves)]
            if any(process.wait() for process in both):
                raise SystemExit("a half load failed")
            halves_s = time.perf_counter() - start
        postgres_s: dict[int, float] = {}
        if args.backend in ("postgresql", "both"):
            with postgres_url(Path(tmp) / "pg") as url:
                postgres_s[counts[0]] = load(url, counts[0])
        jieba_s = timed([sys.executable, "-c", JIEBA, str(Path(tmp) / "texts.json")])
    print(f"corpus: {len(paths)} files, {chars} normalized characters (every timing includes process start-up)")
    for backend, times in (("sqlite", sqlite_s), ("postgresql", postgres_s)):
        for workers, seconds in times.items():
            print(f"ruralmetrics load --workers {workers} ({backend}): {seconds:7.2f} s  {chars / seconds:10.0f} chars/s")
    print(f"jieba.lcut:        {jieba_s:7.2f} s  {chars / jieba_s:10.0f} chars/s")
    first = (sqlite_s or postgres_s)[counts[0]]
    print(f"load / jieba time ratio ({counts[0]} worker(s)): {first / jieba_s:.2f}  (throughput {jieba_s / first:.2f}x jieba; goal >= 1.0x)")
    for workers in counts[1:]:
        if workers in sqlite_s:
            print(f"{workers} workers against {counts[0]}: {sqlite_s[counts[0]] / sqlite_s[workers]:.2f}x  (goal for 2: >= 1.8x)")
    if halves_s is not None and 1 in sqlite_s:
        print(f"two one-worker loads of half the files each, at once: {halves_s:7.2f} s, "
              f"{sqlite_s[1] / halves_s:.2f}x one load of all (what two processes gain with no coordination)")
    if ceilings:
        print(f"two processes of a pure-Python loop against one after the other (the machine's ceiling for 2, "
              f"before and after the loads): {ceilings[0]:.2f}x, {ceilings[1]:.2f}x")
    if sqlite_s and postgres_s:
        print(f"PostgreSQL load throughput against SQLite ({counts[0]} worker(s)): "
              f"{sqlite_s[counts[0]] / postgres_s[counts[0]]:.2f}x  (goal >= 0.8x)")


if __name__ == "__main__":
    main()
