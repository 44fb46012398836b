"""Neo4j load throughput: the corpus graph, replicated to >= N papers, into an empty database.

Needs a running server (scripts/neo4j-server start) and NEO4J_URI / NEO4J_PASSWORD; the
database is EMPTIED first. Prints nodes+relationships/s for the first load and the no-op
reload, and peak memory (RSS) of this process.
Usage: python benchmarks/neo4j_load.py [--copies 4] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import networkx as nx

import kg
from kg.store.neo4j_store import Neo4jSettings, Neo4jStore


def replicate(graph: nx.MultiDiGraph, copies: int) -> nx.MultiDiGraph:
    """Disjoint copies with distinct ids, so each copy is new data for the database."""
    out = nx.MultiDiGraph()
    for copy in range(copies):
        suffix = f"#{copy}" if copy else ""
        mapping = {node: f"{node}{suffix}" for node in graph}
        for node, attrs in graph.nodes(data=True):
            out.add_node(mapping[node], **attrs)
        for u, v, key, attrs in graph.edges(keys=True, data=True):
            extra = (
                {"claim_id": attrs["claim_id"] + suffix, "paper": attrs["paper"] + suffix}
                if "claim_id" in attrs
                else {}
            )
            out.add_edge(
                mapping[u], mapping[v], key=key + suffix if ":" in key else key, **{**attrs, **extra}
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    args = parser.parse_args()
    base = kg.build(sorted(Path(args.corpus).glob("*.txt"))).graph
    graph = replicate(base, args.copies)
    items = graph.number_of_nodes() + graph.number_of_edges()
    with Neo4jStore(Neo4jSettings.from_env()) as store:
        store.clear()
        for run in ("first load", "reload (no-op)"):
            start = time.perf_counter()
            report = store.load(graph)
            elapsed = time.perf_counter() - start
            print(
                f"{run}: {graph.number_of_nodes():,} nodes + {graph.number_of_edges():,} relationships "
                f"in {elapsed:.1f} s = {items / elapsed:,.0f} items/s (db: {report.nodes:,} nodes, "
                f"{report.relationships:,} relationships)"
            )
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
