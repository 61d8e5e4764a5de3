"""Benchmark: hostile inputs (long lines, blank runs, thousands of headings on one line, 5 MB
files) — CPU seconds of govlint's check beside a baseline measured in the same run on the same
bytes (decode + one compiled regex pass), as a ratio. The tests check these inputs for the
right outcome only; the time is here (a busy machine is not a bug).

Run: `python benchmarks/bench_hostile.py [--size N]` (N characters per line input, default 200,000).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from govlint.api import check_bytes  # noqa: E402

_WORDS = re.compile(r"\d+|[\u4e00-\u9fff]+")


def inputs(n: int) -> dict[str, bytes]:
    from reportgen import Layout, render, sample_report

    line = render(sample_report(), Layout("space")).replace("\n", " ")
    cases = {
        "spaces": " " * n, "spaces + text": " " * n + "正文", "headings on one line": "一、总体情况" * (n // 6),
        "digits and spaces": "1 " * (n // 2), "tabs of zeros": "\t0" * (n // 2), "open brackets": "（" * n,
        "percent fragments": "1件（" * (n // 3), "5 MB report on one line": (line * (5_000_000 // len(line) + 1))[:1_700_000],
        "5 MB of digit lines": "1234567890 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14\n" * 110_000,
    }
    return {name: text.encode("utf-8") for name, text in cases.items()}


def cpu(fn: object) -> float:
    start = time.process_time()
    fn()  # type: ignore[operator]
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=200_000)
    args = parser.parse_args()
    print(f"{'input':28s} {'MB':>6s} {'govlint s':>10s} {'baseline s':>11s} {'ratio':>7s}")
    for name, data in inputs(args.size).items():
        base = cpu(lambda d=data: _WORDS.findall(d.decode("utf-8")))  # type: ignore[misc]
        spent = cpu(lambda d=data: check_bytes("hostile.txt", d))  # type: ignore[misc]
        print(f"{name:28s} {len(data) / 1e6:6.2f} {spent:10.3f} {base:11.4f} {spent / max(base, 1e-6):7.0f}")


if __name__ == "__main__":
    main()
