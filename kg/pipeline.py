"""Orchestration: ingest -> extract -> resolve/graph -> store.

Two ways to build: ``build`` returns the graph in memory (small inputs, the Python API);
``build_to_file`` streams (any size): extraction runs in chunks into the on-disk,
content-keyed extraction cache, resolution and assembly read compact records back from it
one paper at a time, and the graph file is written node by node. ``update`` is the same
streaming build over the papers of an existing graph file plus new inputs.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kg.ingest import IngestResult, OnError, read_papers
from kg.model import IngestReport, Paper, PaperExtraction, SourceRef

if TYPE_CHECKING:
    from kg.extract import Profile

CHUNK = 256
"""Papers per extraction chunk (one task for a worker process or a Dask worker)."""
READ_CHUNK = 1000
"""Records fetched from the cache per query during resolution and assembly."""


class KnowledgeGraph:
    """A built knowledge graph held in memory (networkx), saved as node-link JSON.

    Examples:
        >>> import kg
        >>> graph = kg.build(["examples/papers.jsonl"])  # doctest: +SKIP
        >>> graph.save("out/graph.json")  # doctest: +SKIP
        >>> kg.KnowledgeGraph.load("out/graph.json").stats()["nodes"]["Paper"]  # doctest: +SKIP
        12
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    @classmethod
    def load(cls, path: str | Path) -> KnowledgeGraph:
        from kg.store.file_store import load_graph

        return cls(load_graph(path))

    def save(self, path: str | Path) -> None:
        from kg.store.file_store import save_graph

        save_graph(self.graph, path)

    def nodes(self, label: str) -> list[dict]:
        return [{"id": n, **a} for n, a in self.graph.nodes(data=True) if a.get("label") == label]

    @property
    def ingest_report(self) -> IngestReport | None:
        raw = self.graph.graph.get("ingest")
        return IngestReport.model_validate(raw) if raw else None

    def stats(self) -> dict:
        nodes = Counter(a.get("label") for _, a in self.graph.nodes(data=True))
        edges = Counter(a.get("type") for _, _, a in self.graph.edges(data=True))
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}

    def query(self, name: str, **params: object) -> list:
        """Run a canned query on this graph (networkx backend); rows are pydantic models."""
        from kg.query import run_query

        return run_query(name, params, graph=self.graph)


def extract(
    papers: Iterable[Paper],
    *,
    n_process: int = 1,
    progress: Callable[[int], None] | None = None,
    profile: Profile = "learned",
) -> list[PaperExtraction]:
    from kg.extract import extract_papers

    results = []
    for extraction in extract_papers(papers, n_process=n_process, profile=profile):
        results.append(extraction)
        if progress:
            progress(1)
    return results


def build(
    paths: Iterable[str | Path],
    *,
    format: str | None = None,
    on_error: OnError = "fail",
    n_process: int = 1,
    progress: Callable[[int], None] | None = None,
    ingested: IngestResult | None = None,
    profile: Profile = "learned",
) -> KnowledgeGraph:
    """Ingest ``paths``, extract (``profile``: ``learned`` or ``fast``), resolve and build the
    graph (nothing is written)."""
    from kg.graph import build_graph

    result = ingested or read_papers(paths, format=format, on_error=on_error)
    extractions = extract(result.papers, n_process=n_process, progress=progress, profile=profile)
    return KnowledgeGraph(build_graph(result.papers, extractions, result.report))


def default_cache_dir() -> Path:
    """``KG_CACHE`` or ``.kg/cache`` in the working directory."""
    return Path(os.environ.get("KG_CACHE") or Path(".kg") / "cache")


@dataclass
class BuildReport:
    """What a streaming build did: counts, cache use and time per stage (seconds)."""

    papers: int = 0
    extracted: int = 0
    cached: int = 0
    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)
    ingest: IngestReport | None = None
    previous_papers: int | None = None
    replaced: int = 0
    added: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def papers_of_graph(path: str | Path) -> tuple[list[Paper], IngestReport | None]:
    """The papers stored in a graph file (streamed; for ``--update``) and its ingest report."""
    from kg.store.file_store import iter_graph_file

    papers, report = [], None
    for kind, item in iter_graph_file(path):
        if kind == "graph":
            report = IngestReport.model_validate(item["ingest"]) if item.get("ingest") else None
        elif kind == "node" and item.get("label") == "Paper":
            papers.append(
                Paper(
                    id=item["id"],
                    title=item["title"],
                    abstract=item["abstract"],
                    date=item.get("date"),
                    authors=item.get("authors") or [],
                    author_count=item.get("author_count"),
                    arxiv_id=item.get("arxiv_id"),
                    doi=item.get("doi"),
                    url=item.get("url"),
                    sources=[SourceRef(file=f, record=0, format="graph") for f in item.get("sources", [])],
                )
            )
    return papers, report


def merge_update(
    old: list[Paper], old_report: IngestReport | None, new: IngestResult
) -> tuple[list[Paper], IngestReport, int]:
    """Old papers in place, each replaced by a new paper with the same arXiv id, DOI or title;
    then the new papers. Returns the papers, the combined report and the replaced count."""
    from kg.ingest.dedup import PaperIndex

    by_key: dict[str, Paper] = {}
    for paper in new.papers:
        for key in PaperIndex._keys(paper):
            by_key.setdefault(key, paper)
    placed: set[int] = set()
    papers: list[Paper] = []
    replaced = 0
    for paper in old:
        hit = next((by_key[k] for k in PaperIndex._keys(paper) if k in by_key), None)
        if hit is None:
            papers.append(paper)
            continue
        replaced += 1
        if id(hit) not in placed:
            placed.add(id(hit))
            papers.append(hit)
    papers.extend(p for p in new.papers if id(p) not in placed)
    before = old_report or IngestReport(records_read=len(old), papers=len(old))
    after = new.report
    by_file = dict(before.by_file)
    for name, count in after.by_file.items():
        by_file[name] = by_file.get(name, 0) + count
    report = IngestReport(
        records_read=before.records_read + after.records_read,
        papers=len(papers),
        duplicates_merged=before.duplicates_merged + after.duplicates_merged + replaced,
        rejected=before.rejected + after.rejected,
        by_file=by_file,
        rejects=[*before.rejects, *after.rejects],
    )
    return papers, report, replaced


def build_to_file(
    paths: Iterable[str | Path],
    output: str | Path,
    *,
    format: str | None = None,
    on_error: OnError = "fail",
    n_process: int = -1,
    dask: str | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    update: str | Path | None = None,
    ingested: IngestResult | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    profile: Profile = "learned",
    min_confidence: float = 0.0,
) -> BuildReport:
    """Streaming build: ingest, extract (cached), resolve and write the graph file ``output``.

    Memory stays bounded by the papers' text plus the resolver's maps: extractions live in
    the cache on disk, never all in memory, and the file is written one item at a time.

    Args:
        n_process: local extraction processes (-1: all cores); ignored with ``dask``.
        dask: ``local:N`` or a scheduler address; extraction runs on that cluster.
        cache_dir: the extraction cache (default ``KG_CACHE`` or ``.kg/cache``).
        use_cache: False keeps the cache in a temporary directory removed afterwards.
        update: an existing graph file whose papers are kept, replaced or added to.
        progress: called with (stage, done, total) as extraction advances.
        profile: ``learned`` (the trained pipeline) or ``fast`` (rules only).
        min_confidence: claims below this calibrated confidence stay out of the graph
            (the cache keeps them, so another threshold needs no new extraction).
    """
    from kg.extract import pipeline_fingerprint
    from kg.runners import make_runner

    report = BuildReport()
    clock = time.perf_counter()
    # workers start before ingest, while this process is small (forked pages are shared)
    runner = make_runner(n_process, dask, profile)
    temp_cache = None if use_cache else tempfile.TemporaryDirectory(prefix="kg-cache-")
    try:
        result = ingested or read_papers(paths, format=format, on_error=on_error)
        papers, ingest = result.papers, result.report
        if update is not None:
            old, old_report = papers_of_graph(update)
            papers, ingest, report.replaced = merge_update(old, old_report, result)
            report.previous_papers = len(old)
            report.added = len(papers) - len(old)
        report.papers, report.ingest = len(papers), ingest
        report.seconds["ingest"] = time.perf_counter() - clock
        directory = temp_cache.name if temp_cache else (cache_dir or default_cache_dir())
        fingerprint = pipeline_fingerprint(profile)
        _build_streaming(papers, ingest, output, runner, directory, fingerprint, report, progress, min_confidence)
    finally:
        runner.close()  # idempotent; _build_streaming closes it as soon as extraction is done
        if temp_cache:
            temp_cache.cleanup()
    report.seconds["total"] = time.perf_counter() - clock
    return report


def _build_streaming(
    papers: list[Paper],
    ingest: IngestReport,
    output: str | Path,
    runner,
    cache_dir: str | Path,
    fingerprint: str,
    report: BuildReport,
    progress: Callable[[str, int, int], None] | None,
    min_confidence: float = 0.0,
) -> None:
    from kg.graph import add_to_resolver, entity_node, graph_attrs, paper_items, paper_node
    from kg.graph.records import decode
    from kg.resolve import Resolver
    from kg.store.extraction_cache import ExtractionCache, paper_key
    from kg.store.file_store import GraphWriter

    clock = time.perf_counter()
    keys = [paper_key(fingerprint, paper) for paper in papers]
    with ExtractionCache(cache_dir) as cache:
        missing = cache.missing(keys)
        todo, seen = [], set()
        for key, paper in zip(keys, papers, strict=True):
            if key in missing and key not in seen:
                seen.add(key)
                todo.append((key, paper.id, paper.title, paper.abstract))
        report.extracted, report.cached = len(todo), len(papers) - len(todo)
        done = 0
        for results in runner.run(_chunks(todo, CHUNK)):
            cache.put_many(results)
            done += len(results)
            if progress:
                progress("extracting", done, len(todo))
        del todo, seen, missing
        runner.close()  # workers hold their own memory; free it before resolution
        report.seconds["extract"] = time.perf_counter() - clock

        def records() -> Iterator[dict]:
            for part in _chunks(keys, READ_CHUNK):
                found = cache.get_many(part)
                for key in part:
                    record = decode(found[key])
                    if min_confidence > 0:
                        record["claims"] = [c for c in record["claims"] if c["confidence"] >= min_confidence]
                    yield record

        clock = time.perf_counter()
        resolver = Resolver()
        for record in records():
            add_to_resolver(resolver, record)
        entities, index = resolver.entities()
        del resolver
        report.seconds["resolve"] = time.perf_counter() - clock

        clock = time.perf_counter()
        with GraphWriter(output, graph_attrs(ingest)) as writer:
            for paper in papers:
                writer.add_node(*paper_node(paper))
            names = {}
            for entity in entities:
                node, attrs = entity_node(entity)
                writer.add_node(node, attrs)
                names[node] = entity.name
            del entities
            for record in records():
                nodes, edges = paper_items(record, index, names)
                for node, attrs in nodes.items():
                    writer.add_node(node, attrs)
                for (u, v, key), attrs in edges.items():
                    writer.add_edge(u, v, key, attrs)
        report.nodes = dict(sorted((k, v) for k, v in writer.nodes.items() if k))
        report.edges = dict(sorted((k, v) for k, v in writer.edges.items() if k))
        report.seconds["assemble"] = time.perf_counter() - clock
