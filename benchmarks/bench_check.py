"""Benchmark: parse+check time per report (text; HTML and PDF including reading), and wall
time of `govlint check` on one report.

Run: `python benchmarks/bench_check.py` (uses ../shared/corpus when present, plus examples/).
Not a test: the figures go in the README.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def reports() -> list[Path]:
    """The text reports to time."""
    found = sorted(CORPUS.glob("*/*.txt")) if CORPUS.is_dir() else []
    return found + sorted((ROOT / "examples").glob("*.txt"))


def per_report(paths: list[Path], rounds: int = 20) -> list[float]:
    """Median seconds of parse+check (rules loaded once, file already read) per report."""
    from govlint.api import check_bytes

    data = [(str(p), p.read_bytes()) for p in paths]
    for name, blob in data:  # warm up: load the pack, compile patterns
        check_bytes(name, blob)
    medians = []
    for name, blob in data:
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            check_bytes(name, blob)
            times.append(time.perf_counter() - start)
        medians.append(statistics.median(times))
    return medians


def cli_wall(path: Path, rounds: int = 10, cold: bool = False) -> float:
    """Median wall time of a fresh `govlint check PATH` process, with the package
    byte-compiled as `pip install` leaves it (a source tree run with
    PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on each start)."""
    import compileall

    compileall.compile_dir(str(ROOT / "govlint"), quiet=1)
    import os
    import tempfile

    times = []
    for _ in range(rounds):
        env = dict(os.environ)
        with tempfile.TemporaryDirectory() as empty:
            if cold:  # no pack cache: YAML read and validated, as on a first run
                env["GOVLINT_CACHE_DIR"] = empty
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "govlint", "check", str(path)], capture_output=True,
                           check=False, env=env)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the figures."""
    paths = reports()
    medians = per_report(paths)
    corpus = [m for p, m in zip(paths, medians, strict=True) if CORPUS in p.parents]
    print(f"reports: {len(paths)} ({len(corpus)} from the corpus)")
    print(f"parse+check per report: median {statistics.median(medians) * 1000:.2f} ms, "
          f"max {max(medians) * 1000:.2f} ms")
    if corpus:
        print(f"  corpus only: median {statistics.median(corpus) * 1000:.2f} ms")
    for path, m in sorted(zip(paths, medians, strict=True), key=lambda x: -x[1])[:5]:
        print(f"  {m * 1000:6.2f} ms  {path.name} ({path.stat().st_size // 1024} KB)")
    for suffix in (".html", ".pdf"):
        others = sorted(CORPUS.glob(f"*/*{suffix}")) if CORPUS.is_dir() else []
        if others:
            times = per_report(others, rounds=5)
            print(f"read+parse+check {suffix} (corpus, {len(others)} files): median "
                  f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")
    one = CORPUS / "seed" / "2021_zhoushan_dinghai_police.txt"
    one = one if one.exists() else ROOT / "examples" / "2023_clean.txt"
    cli_wall(one, rounds=1)  # fill the pack cache
    print(f"`govlint check {one.name}` wall time: median {cli_wall(one) * 1000:.0f} ms "
          f"(first run, empty pack cache: {cli_wall(one, cold=True) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
