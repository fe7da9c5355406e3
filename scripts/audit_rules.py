#!/usr/bin/env python3
"""List places where a rule file under src/ruralmetrics/data quotes a report: a run of at least
N Han characters (default 7) that also occurs in a seed or dev report (normalized to simplified).

    python scripts/audit_rules.py [--min 7] [DATA_DIR] [REPORT_DIR ...]

Rules must hold kinds of things, not one report's phrase; examples in comments should be invented.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def quoted_runs(data_dir: Path, report_dirs: list[Path], least: int) -> list[tuple[str, int, str]]:
    t2s = opencc.OpenCC("t2s")
    corpus = "\n".join(t2s.convert(p.read_text(encoding="utf-8", errors="replace"))
                       for folder in report_dirs for p in sorted(folder.glob("*.txt")))
    found = []
    for path in sorted(p for p in data_dir.rglob("*") if p.suffix in {".yaml", ".txt", ".csv"}):
        if path.name == "common_chars.txt":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for run in HAN_RUN.findall(line):
                for i in range(len(run) - least + 1):
                    piece = run[i:i + least]
                    if piece in corpus:
                        found.append((str(path.relative_to(data_dir)), number, run))
                        break
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=int, default=7)
    parser.add_argument("data", nargs="?", type=Path, default=ROOT / "src" / "ruralmetrics" / "data")
    parser.add_argument("reports", nargs="*", type=Path,
                        default=[ROOT / "seeds", ROOT.parent / "shared" / "dev" / "reports"])
    args = parser.parse_args()
    found = quoted_runs(args.data, [r for r in args.reports if r.is_dir()], args.min)
    for name, number, run in found:
        print(f"{name}:{number}: {run}")
    print(f"{len(found)} lines quote a report", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
