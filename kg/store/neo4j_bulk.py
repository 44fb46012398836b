"""Bulk load of a graph file into an empty Neo4j database: CREATE in large UNWIND batches.

For a fresh database MERGE is wasted work (every lookup misses). This path creates the
schema first (constraints give the id indexes the relationship step matches on), then
streams the graph file: nodes with ``UNWIND $rows AS row CREATE (n:Label) SET n = row``,
relationships grouped by (source label, type, target label) with ``MATCH … CREATE``, in
batches of 10,000 rows per transaction. Memory stays bounded (one batch per group plus an
id -> label map). It refuses a database that is not empty: updates go through
``Neo4jStore.load`` (MERGE semantics).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from kg.errors import StoreError
from kg.graph.schema import Label, Rel
from kg.store.file_store import iter_graph_file
from kg.store.neo4j_store import Neo4jStore

BULK_BATCH = 10_000


class BulkReport(BaseModel):
    nodes: int
    relationships: int
    seconds: float

    @property
    def records_per_second(self) -> float:
        return (self.nodes + self.relationships) / self.seconds if self.seconds else 0.0


def _props(item: dict, drop: tuple[str, ...]) -> dict:
    return {k: v for k, v in item.items() if v is not None and k not in drop}


def bulk_load(
    store: Neo4jStore,
    path: str | Path,
    *,
    batch_size: int = BULK_BATCH,
    progress: Callable[[int], None] | None = None,
) -> BulkReport:
    """Create every node and relationship of the graph file ``path`` in an empty database."""
    started = time.perf_counter()
    nodes, rels = store.counts()
    if nodes or rels:
        raise StoreError(
            f"bulk load needs an empty database, but {store.settings.uri} holds {nodes} nodes; "
            "use `kg load` (MERGE upsert) or `kg load --replace --bulk`"
        )
    store.ensure_schema()
    labels: dict[str, str] = {}
    node_rows: dict[str, list[dict]] = defaultdict(list)
    rel_rows: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    written = {"nodes": 0, "rels": 0}

    def flush_nodes(label: str) -> None:
        rows = node_rows.pop(label, [])
        if rows:
            store._write(f"UNWIND $rows AS row CREATE (n:{label}) SET n = row", rows=rows)
            written["nodes"] += len(rows)
            if progress:
                progress(len(rows))

    def flush_rels(group: tuple[str, str, str]) -> None:
        rows = rel_rows.pop(group, [])
        if rows:
            source, rel, target = group
            store._write(
                f"UNWIND $rows AS row MATCH (a:{source} {{id: row.u}}) MATCH (b:{target} {{id: row.v}}) "
                f"CREATE (a)-[r:{rel}]->(b) SET r = row.props",
                rows=rows,
            )
            written["rels"] += len(rows)
            if progress:
                progress(len(rows))

    nodes_done = False
    for kind, item in iter_graph_file(path):
        if kind == "node":
            try:
                label = Label(item["label"]).value  # a closed set: never user text in Cypher
            except (KeyError, ValueError):
                raise StoreError(f"{path}: node {item.get('id')!r} has no known label") from None
            labels[item["id"]] = label
            rows = node_rows[label]
            rows.append(_props(item, ("label",)))
            if len(rows) >= batch_size:
                flush_nodes(label)
        elif kind == "edge":
            if not nodes_done:
                for label in list(node_rows):
                    flush_nodes(label)
                nodes_done = True
            try:
                rel = Rel(item["type"]).value
                group = (labels[item["source"]], rel, labels[item["target"]])
            except (KeyError, ValueError):
                raise StoreError(
                    f"{path}: edge {item.get('key')!r} has an unknown type or endpoint"
                ) from None
            rows = rel_rows[group]
            rows.append(
                {
                    "u": item["source"],
                    "v": item["target"],
                    "props": _props(item, ("source", "target", "type")),
                }
            )
            if len(rows) >= batch_size:
                flush_rels(group)
    for label in list(node_rows):
        flush_nodes(label)
    for group in list(rel_rows):
        flush_rels(group)
    store.read("CALL db.awaitIndexes(600)")
    return BulkReport(
        nodes=written["nodes"], relationships=written["rels"], seconds=time.perf_counter() - started
    )


__all__ = ["BULK_BATCH", "BulkReport", "bulk_load"]
