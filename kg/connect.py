"""One entry point for querying either backend: ``kg.connect(...)``.

Examples:
    >>> import kg
    >>> graph = kg.connect("out/graph.json")            # embedded networkx  # doctest: +SKIP
    >>> graph = kg.connect("bolt://127.0.0.1:7687")     # Neo4j, password from NEO4J_PASSWORD  # doctest: +SKIP
    >>> [row.winner for row in graph.query("beats", benchmark="ImageNet")]  # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kg.pipeline import KnowledgeGraph
from kg.query import Row, run_query
from kg.store.neo4j_store import Neo4jSettings, Neo4jStore

_NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


class Neo4jGraph:
    """A knowledge graph held in Neo4j. ``query`` has the same signature and rows as
    ``KnowledgeGraph.query``; canned queries run in READ access mode."""

    def __init__(self, store: Neo4jStore) -> None:
        self.store = store

    def query(self, name: str, **params: Any) -> list[Row]:
        return run_query(name, params, store=self.store)

    def stats(self) -> dict:
        nodes = self.store.read(
            "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
        )
        edges = self.store.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type")
        return {"nodes": {r["label"]: r["n"] for r in nodes}, "edges": {r["type"]: r["n"] for r in edges}}

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Neo4jGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(
    target: str | Path | None = None,
    *,
    username: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> KnowledgeGraph | Neo4jGraph:
    """Open a graph for querying.

    ``target`` is a graph file (embedded networkx backend) or a Neo4j URI; with no target,
    the Neo4j server named by NEO4J_URI. Credentials come from NEO4J_USERNAME /
    NEO4J_PASSWORD / NEO4J_DATABASE unless given here.
    """
    text = str(target) if target is not None else None
    if text is None or text.startswith(_NEO4J_SCHEMES):
        settings = Neo4jSettings.from_env(text or os.environ.get("NEO4J_URI"), username, password, database)
        store = Neo4jStore(settings)
        store.connect()
        return Neo4jGraph(store)
    return KnowledgeGraph.load(text)
