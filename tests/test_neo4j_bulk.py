"""Bulk CREATE load into an empty Neo4j: same database as the MERGE load, refuses a non-empty one."""

from __future__ import annotations

import pytest

import kg
from kg.errors import StoreError
from kg.query import run_query
from kg.store.file_store import save_graph
from kg.store.neo4j_bulk import bulk_load

from .test_neo4j import EXAMPLES, _snapshot

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def graph_file(corpus_files, tmp_path_factory):
    path = tmp_path_factory.mktemp("bulk") / "g.json"
    graph = kg.build([*corpus_files, EXAMPLES]).graph
    save_graph(graph, path)
    return path, graph


def test_bulk_load_equals_merge_load_then_merge_keeps_it(neo4j_store, graph_file):
    path, graph = graph_file
    report = bulk_load(neo4j_store, path, batch_size=700)
    assert (report.nodes, report.relationships) == (graph.number_of_nodes(), graph.number_of_edges())
    assert neo4j_store.counts() == (graph.number_of_nodes(), graph.number_of_edges())
    bulk = _snapshot(neo4j_store)
    again = neo4j_store.load(graph)  # an incremental load after the bulk one: MERGE, nothing changes
    assert again.deleted == 0 and _snapshot(neo4j_store) == bulk
    neo4j_store.clear()
    neo4j_store.load(graph)
    assert _snapshot(neo4j_store) == bulk
    rows = kg.connect(str(path)).query("beats")
    assert rows and rows == run_query("beats", {}, store=neo4j_store)


def test_bulk_load_refuses_a_database_with_data(neo4j_store, graph_file):
    path, graph = graph_file
    neo4j_store.load(graph)
    with pytest.raises(StoreError, match="empty database"):
        bulk_load(neo4j_store, path)
