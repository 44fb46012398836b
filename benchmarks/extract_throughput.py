"""Extraction throughput on real, distinct abstracts (never replicated copies).

Reads the first N records of the arXiv corpus (``../shared/corpus-arxiv/*.jsonl.gz``) and, per
profile (``learned``: the shipped trained pipeline, the default; ``fast``: rules only), times
pipeline start-up plus extraction of all N, single-process and on all cores. Prints
abstracts/s (start-up included) and the peak RSS of the process tree.

Usage: python benchmarks/extract_throughput.py [--n 10000] [--profile learned fast]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import time
from pathlib import Path

from kg.extract import extract_papers, load_pipeline
from kg.model import Paper

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus-arxiv" / "arxiv-ai-2025-2026.jsonl.gz"


def read_abstracts(path: Path, n: int) -> list[Paper]:
    papers, seen = [], set()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in seen or not row.get("abstract"):
                continue
            seen.add(row["id"])
            papers.append(Paper(id=row["id"], title=row.get("title") or "", abstract=row["abstract"]))
            if len(papers) == n:
                break
    return papers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--profile", nargs="+", default=["learned", "fast"], choices=["learned", "fast"])
    parser.add_argument("--processes", nargs="+", type=int, default=sorted({1, os.cpu_count() or 1}))
    args = parser.parse_args()
    papers = read_abstracts(args.corpus, args.n)
    words = sum(len(p.text.split()) for p in papers)
    print(f"{len(papers)} distinct abstracts from {args.corpus.name} ({words / len(papers):.0f} words each)")
    for profile in args.profile:
        for n_process in args.processes:
            start = time.perf_counter()
            nlp = load_pipeline(profile=profile)
            loaded = time.perf_counter() - start
            count = sum(1 for _ in extract_papers(papers, nlp=nlp, n_process=n_process, batch_size=256))
            elapsed = time.perf_counter() - start
            print(
                f"{profile:7s} n_process={n_process}: {count} abstracts in {elapsed:.1f} s "
                f"(start-up {loaded:.1f} s) = {count / elapsed:,.0f} abstracts/s"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB (main process), {children:.0f} MiB (largest worker)")


if __name__ == "__main__":
    main()
