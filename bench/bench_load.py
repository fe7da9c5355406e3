"""Benchmark: `ruralmetrics load` against `jieba.lcut` over the same normalized text.

    .venv/bin/python bench/bench_load.py [--copies 60]

Writes a corpus of seeds/ copies with their figures varied (so each file is a new document)
to a temporary folder, then times two subprocesses, each from process start to exit:
  1. `ruralmetrics load DIR` into a fresh SQLite file (imports, Rulebook, gazetteer, jieba
     init, every stage, the database);
  2. a Python process that imports jieba, initializes its dictionary and runs `jieba.lcut` over
     the normalized text of every file (prepared beforehand, read from one file).
Both include interpreter start-up and library initialization, so the comparison is fair for a
command-line run. Throughput is normalized characters per second.
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


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=60, help="variants of each seed (5 seeds)")
    parser.add_argument("--workers", type=int, default=1, help="load --workers (1: one process, as jieba)")
    args = parser.parse_args()
    rules = load_rulebook()
    with tempfile.TemporaryDirectory(prefix="rm_bench_") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths = make_corpus(folder, args.copies)
        texts = [normalize(read_file(p), rules).text for p in paths]
        chars = sum(map(len, texts))
        (Path(tmp) / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        cli = Path(sys.executable).parent / "ruralmetrics"
        load_s = timed([str(cli), "--database-url", f"sqlite:///{tmp}/bench.db", "load", "--workers",
                        str(args.workers), str(folder)])
        jieba_s = timed([sys.executable, "-c", JIEBA, str(Path(tmp) / "texts.json")])
    print(f"corpus: {len(paths)} files, {chars} normalized characters (both timings include process start-up)")
    print(f"ruralmetrics load --workers {args.workers}: {load_s:7.2f} s  {chars / load_s:10.0f} chars/s")
    print(f"jieba.lcut:        {jieba_s:7.2f} s  {chars / jieba_s:10.0f} chars/s")
    print(f"load / jieba time ratio: {load_s / jieba_s:.2f} (goal: <= 2)")


if __name__ == "__main__":
    main()
