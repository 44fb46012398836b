#!/usr/bin/env python3
"""Fuzz campaign over every reader: runs tests/test_ingest_fuzz.py with many more examples
and prints how many records were generated, read as papers, rejected (with a reason and a
position) and how many test failures (uncaught exceptions or silent drops) occurred.

    .venv/bin/python scripts/fuzz_ingest.py --examples 400     # ~11,000 records, a few minutes
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=400, help="hypothesis examples per fuzz test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        stats = Path(folder) / "stats.jsonl"
        env = {**os.environ, "KG_FUZZ_EXAMPLES": str(args.examples), "KG_FUZZ_STATS": str(stats)}
        started = time.perf_counter()
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "tests/test_ingest_fuzz.py",
                "-k",
                "fuzz and not regression",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        by_reader: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for line in stats.read_text().splitlines() if stats.exists() else []:
            row = json.loads(line)
            by_reader[row.pop("reader")].update(row)
    total = sum(by_reader.values(), collections.Counter())
    failed = next(
        (line for line in run.stdout.splitlines()[::-1] if " passed" in line or " failed" in line), ""
    )
    print(f"{'reader':<12} {'records':>8} {'papers':>8} {'rejects':>8} {'file rejects':>12}")
    for reader, counts in sorted(by_reader.items()):
        print(
            f"{reader:<12} {counts['records']:>8} {counts['papers']:>8} {counts['rejects']:>8} "
            f"{counts['file_rejects']:>12}"
        )
    print(
        f"{'total':<12} {total['records']:>8} {total['papers']:>8} {total['rejects']:>8} "
        f"{total['file_rejects']:>12}"
    )
    print(f"pytest: {failed} in {seconds:.0f} s (a failure = an uncaught exception or a silent drop)")
    print("(records: those in the structured files; arbitrary-text files add papers and rejects only)")
    if run.returncode != 0:
        print(run.stdout[-4000:])
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
