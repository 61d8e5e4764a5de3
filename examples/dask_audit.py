"""Recipe: audit an archive on a Dask cluster (`pip install ".[dask]"`).

    python examples/dask_audit.py ARCHIVE/ --format sarif -o audit.sarif               # a local cluster
    python examples/dask_audit.py ARCHIVE/ --scheduler tcp://host:8786 -o audit.json   # an existing one

The workers must see the files at the same paths (a shared or network file system); for an
object store, map `govlint.audit.check(name, data, config)` over (name, bytes) pairs instead.
The findings and the exit code are those `govlint check ARCHIVE/ --no-cache` gives.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from typing import Any

from govlint import audit
from govlint.config import FAIL_ON, Config


def outcomes(files: Sequence[str], config: Config, client: Any, partition_size: int = 64) -> list[Any]:
    """Check the files on the cluster `client` is connected to; outcomes in the order of `files`."""
    import dask.bag as db

    bag = db.from_sequence(files, partition_size=partition_size)
    return list(bag.map(audit.check_file, config).compute(scheduler=client.get))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--scheduler", help="address of a running scheduler (default: start a local cluster)")
    parser.add_argument("--workers", type=int, default=None, help="local cluster: worker processes")
    parser.add_argument("--format", default="json")
    parser.add_argument("-o", "--output", default="-")
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    parser.add_argument("--fail-on", default="error", choices=FAIL_ON)
    args = parser.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    config = Config(lang=args.lang, fail_on=args.fail_on)
    files = audit.discover(args.paths)
    if args.scheduler:
        with Client(args.scheduler) as client:
            results = outcomes(files, config, client)
    else:
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            results = outcomes(files, config, client)
    with contextlib.ExitStack() as stack:
        out = sys.stdout if args.output == "-" else stack.enter_context(
            open(args.output, "w", encoding="utf-8", newline=""))
        tally = audit.write(results, args.format, out, config)
    threshold, worst = config.fail_threshold(), tally.worst()
    return 1 if threshold is not None and worst is not None and worst >= threshold else 0


if __name__ == "__main__":
    sys.exit(main())
