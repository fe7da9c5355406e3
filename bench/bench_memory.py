"""Benchmark: memory of one `ruralmetrics load` process over 10,000 small files.

    .venv/bin/python bench/bench_memory.py [--files 10000] [--workers 1] [--interval 0.25]

Writes ``--files`` copies of the seeds with their figures varied (as bench_load.py makes them,
the five seeds interleaved, so every stretch of the load sees every kind of report) to a
temporary folder, then runs ``ruralmetrics load --workers N`` on them into a fresh SQLite file
(or ``--database-url``) and samples, every ``--interval`` seconds with psutil, the resident set
size of the process and its children together, and how many documents the warehouse holds (read
from the database, one transaction per file). Prints the peak RSS, the RSS once 1,000 files are in
(``--early``), the RSS after the last file, their ratio, and the RSS at every tenth of the run.
The issue's targets: peak < 400 MB; RSS after 10,000 files within 10% of RSS after 1,000.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

import psutil
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def make_corpus(folder: Path, files: int, seed: int = 7) -> int:
    """``files`` seed copies, figures varied by ±3 (bench_load.py's variation), seeds interleaved;
    their total size in characters."""
    rng = random.Random(seed)
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    chars = 0
    for n in range(files):
        stem, text_ = seeds[n % len(seeds)]
        varied = re.sub(r"\d+", lambda m: str(max(1, int(m.group()) + rng.randint(-3, 3))), text_)
        (folder / f"{n:05d}_{stem[:3]}.txt").write_text(varied, encoding="utf-8")
        chars += len(varied)
    return chars


@dataclass
class Sample:
    seconds: float
    rss: int  # bytes, the process and its children
    documents: int


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in (process, *process.children(recursive=True)):
        with suppress(psutil.Error):  # a child that just ended
            total += p.memory_info().rss
    return total


class Counter:
    """How many documents the warehouse holds, read without disturbing the loader."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite = make_url(url).get_backend_name() == "sqlite"
        self.engine = None if self.sqlite else create_engine(url.replace("postgresql://", "postgresql+psycopg://"))

    def __call__(self) -> int:
        try:
            if self.sqlite:
                path = make_url(self.url).database
                with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)) as con:
                    return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            assert self.engine is not None
            with self.engine.connect() as c:
                return c.execute(text("SELECT COUNT(*) FROM documents")).scalar_one()
        except Exception:  # no file or no table yet, or busy: count it as not known (-1)
            return -1


def run(folder: Path, url: str, workers: int, interval: float) -> tuple[list[Sample], float, int]:
    cli = Path(sys.executable).parent / "ruralmetrics"
    command = [str(cli), "--database-url", url, "load", "--workers", str(workers), str(folder)]
    count, samples, last = Counter(url), [], 0
    began = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while process.poll() is None:
        rss = tree_rss(process)
        found = count()
        last = found if found >= 0 else last
        if rss:
            samples.append(Sample(time.perf_counter() - began, rss, last))
        time.sleep(interval)
    return samples, time.perf_counter() - began, process.returncode


def at(samples: list[Sample], documents: int) -> Sample:
    """The first sample taken once the warehouse held ``documents`` documents."""
    return next((s for s in samples if s.documents >= documents), samples[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--early", type=int, default=1_000, help="the reference point (files loaded)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between samples")
    parser.add_argument("--database-url", help="default: a fresh SQLite file in the temporary folder")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="rm_benchm_"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        chars = make_corpus(corpus, args.files)
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        samples, seconds, code = run(corpus, url, args.workers, args.interval)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if code != 0 or not samples:
        sys.exit(f"ruralmetrics load exited with {code}")
    loaded = samples[-1].documents
    peak = max(samples, key=lambda s: s.rss)
    early = at(samples, args.early)
    end = at(samples, args.files)
    print(f"corpus: {args.files} files, {chars} characters; `ruralmetrics load --workers {args.workers}` "
          f"into {make_url(url).get_backend_name()}: {seconds:.0f} s, {args.files / seconds:.1f} files/s, "
          f"{len(samples)} samples (last seen holding {loaded} documents)")
    print("RSS of the load process (and children) by files loaded:")
    for step in range(1, 11):
        s = at(samples, args.files * step // 10)
        print(f"  {s.documents:>6} files  {s.seconds:7.1f} s  {s.rss / MB:7.1f} MB")
    print(f"peak RSS: {peak.rss / MB:.1f} MB at {peak.documents} files ({peak.seconds:.0f} s)  (target < 400 MB)")
    print(f"RSS after {early.documents} files: {early.rss / MB:.1f} MB; after {end.documents} files: "
          f"{end.rss / MB:.1f} MB; ratio {end.rss / early.rss:.3f}  (target <= 1.10)")


if __name__ == "__main__":
    main()
