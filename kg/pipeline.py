"""Orchestration: ingest -> extract -> resolve/graph -> store."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx

from kg.ingest import IngestResult, OnError, read_papers
from kg.model import IngestReport, Paper, PaperExtraction


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
    papers: Iterable[Paper], *, n_process: int = 1, progress: Callable[[int], None] | None = None
) -> list[PaperExtraction]:
    from kg.extract import extract_papers

    results = []
    for extraction in extract_papers(papers, n_process=n_process):
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
) -> KnowledgeGraph:
    """Ingest ``paths``, extract, resolve and build the graph (nothing is written)."""
    from kg.graph import build_graph

    result = ingested or read_papers(paths, format=format, on_error=on_error)
    extractions = extract(result.papers, n_process=n_process, progress=progress)
    return KnowledgeGraph(build_graph(result.papers, extractions, result.report))
