"""Benchmark: batch audit of a synthetic archive — throughput with `-j 1` and `-j auto`, peak
memory of the whole process tree, findings identical whatever -j, and the cache speed-up.

Run: `python benchmarks/bench_batch.py [ARCHIVE] [--reports N]`. Without ARCHIVE, a seeded archive
of N reports (default 10,000; about 115 MB, a few minutes to write) is generated in a temporary
folder by benchmarks/archive.py. Not a test: the figures go in the README.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc; 0 elsewhere)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def run(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident bytes (sampled every 20 ms) of one govlint run."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "govlint", *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"govlint failed ({process.returncode}): {err.decode()[-2000:]}")
    return time.perf_counter() - start, peak


def count(archive: Path) -> int:
    return sum(1 for p in archive.rglob("*") if p.suffix in {".txt", ".md", ".html", ".docx", ".pdf"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("archive", type=Path, nargs="?")
    parser.add_argument("--reports", type=int, default=10_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = options.archive
        if archive is None:
            archive = Path(tmp) / "archive"
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "archive.py"), str(archive),
                            "--reports", str(options.reports)], check=True)
        env = {**os.environ, "GOVLINT_CACHE_DIR": str(Path(tmp) / "cache"), "CI": "1"}
        n = count(archive)
        print(f"archive: {archive} ({n} reports), {os.cpu_count()} CPUs")
        common = ["check", str(archive), "--format", "json-lines", "--fail-on", "never"]
        outputs = {}
        rates = {}
        for jobs in ("1", "auto"):
            outputs[jobs] = Path(tmp) / f"j{jobs}.jsonl"
            wall, peak = run([*common, "--no-cache", "-j", jobs, "-o", str(outputs[jobs])], env)
            rates[jobs] = n / wall
            print(f"-j {jobs:4}  {wall:6.1f} s  {rates[jobs]:6.0f} reports/s  peak memory {peak / 2**20:5.0f} MB")
        print(f"speed-up of -j auto over -j 1: {rates['auto'] / rates['1']:.2f}x")
        same = outputs["1"].read_bytes() == outputs["auto"].read_bytes()
        print(f"findings identical for -j 1 and -j auto: {'yes' if same else 'NO'}")
        cold, _ = run([*common, "-o", os.devnull], env)
        warm, peak = run([*common, "-o", os.devnull], env)
        print(f"cache: first run {cold:.1f} s, second run over the unchanged archive {warm:.1f} s "
              f"({cold / warm:.1f}x faster, peak memory {peak / 2**20:.0f} MB)")


if __name__ == "__main__":
    main()
