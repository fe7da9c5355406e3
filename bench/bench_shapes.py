"""Benchmark: extraction time per character for texts of awkward shapes, from 2K to 200K characters.

    .venv/bin/python bench/bench_shapes.py [--sizes 2000,20000,200000] [--limit 60]

Each shape is one report-like text grown to each size; ``derive`` (every stage, no database) is
timed once per size in this process. Time linear in the length shows as a flat µs/char column;
the last column is the ratio of the largest size's µs/char to the smallest's (≈1 is linear, ≈100
quadratic over 2K→200K). A size that takes longer than ``--limit`` seconds stops that shape.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from ruralmetrics.gazetteer import load_gazetteer
from ruralmetrics.pipeline import derive
from ruralmetrics.read import source_from_text
from ruralmetrics.rulebook import load_rulebook

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")


def repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


SHAPES: dict[str, Callable[[int], str]] = {
    "a seed report repeated": repeat(SEED),
    "ASCII digits": repeat("1234567890"),
    "numbers and units, no sentence end": repeat("新建道路3.5万公里余约1200亩超过300户、"),
    "no punctuation, many 工作队": repeat("县派驻村工作队帮扶村民发展产业争取资金"),
    "long sentences, both scripts": repeat("駐村工作隊爭取資金120萬元，新建道路3公里，带动200多名群众就业，"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,200000")
    parser.add_argument("--limit", type=float, default=60.0)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rules, gazetteer = load_rulebook(), load_gazetteer()
    derive(source_from_text("warm-up", SEED, "utf-8"), rules, gazetteer)  # jieba's dictionary, caches
    print(f"{'shape':40s} " + " ".join(f"{s:>10d}" for s in sizes) + "   (µs/char)  ratio")
    for name, make in SHAPES.items():
        per_char: list[float] = []
        for size in sizes:
            text = make(size)
            started = time.perf_counter()
            derive(source_from_text("bench", text, "utf-8"), rules, gazetteer)
            seconds = time.perf_counter() - started
            per_char.append(seconds / size * 1e6)
            if seconds > args.limit:
                break
        cells = " ".join(f"{v:10.1f}" for v in per_char) + " " * 11 * (len(sizes) - len(per_char))
        ratio = per_char[-1] / per_char[0] if len(per_char) == len(sizes) else float("inf")
        print(f"{name:40s} {cells}   {ratio:6.1f}" + ("" if len(per_char) == len(sizes) else "  (stopped)"))


if __name__ == "__main__":
    main()
