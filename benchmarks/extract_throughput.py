"""Extraction throughput: the shared corpus replicated to >= N abstracts.

Prints abstracts/s single-process and with all cores, and peak memory (RSS).
Usage: python benchmarks/extract_throughput.py [--n 10000] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from kg.extract import extract_papers, load_pipeline
from kg.ingest import read_papers
from kg.model import Paper


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    args = parser.parse_args()
    base = read_papers(sorted(Path(args.corpus).glob("*.txt"))).papers
    papers = [
        Paper(id=f"{p.id}#{i}", title=p.title, abstract=p.abstract)
        for i in range(args.n // len(base) + 1)
        for p in base
    ][: args.n]
    nlp = load_pipeline()
    for n_process in sorted({1, os.cpu_count() or 1}):
        start = time.perf_counter()
        count = sum(1 for _ in extract_papers(papers, nlp=nlp, n_process=n_process, batch_size=256))
        elapsed = time.perf_counter() - start
        print(
            f"n_process={n_process}: {count} abstracts in {elapsed:.1f} s = {count / elapsed:,.0f} abstracts/s"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB (main), {children:.0f} MiB (largest worker)")


if __name__ == "__main__":
    main()
