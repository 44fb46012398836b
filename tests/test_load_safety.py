"""Loads that are safe under concurrency and failure, against a real Neo4j (issue 11).

* two `kg load` runs at once take turns and end equal to the same loads run one after the other;
* a kill -9 of the server mid-load leaves only whole papers, and `kg load` run again after a
  restart on the same data ends equal to a clean load;
* an invalid graph file is refused before the database is touched.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.errors import GraphFileError, StoreError
from kg.store.file_store import save_graph
from kg.store.neo4j_store import LEASE_LABEL, Neo4jStore

from .conftest import ROOT

pytestmark = pytest.mark.neo4j
EXAMPLES = ROOT / "examples" / "papers.jsonl"


def _snapshot(store: Neo4jStore) -> tuple[set, set]:
    nodes = store.read("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN a.id AS u, type(r) AS type, r.key AS key, b.id AS v, properties(r) AS props"
    )
    as_key = lambda row: json.dumps(row, sort_keys=True, default=str)  # noqa: E731
    return {as_key(r) for r in nodes}, {as_key(r) for r in rels}


@pytest.fixture(scope="module")
def halves(corpus_files, tmp_path_factory) -> tuple[Path, Path, nx.MultiDiGraph, nx.MultiDiGraph]:
    """Two overlapping graph files from a third of the corpus each (the overlap differs in
    entity counts); small enough to keep these tests to about a minute each."""
    third = len(corpus_files) // 3
    first = kg.build([*corpus_files[: third + 1], EXAMPLES]).graph
    second = kg.build(corpus_files[third - 1 : 2 * third]).graph
    folder = tmp_path_factory.mktemp("halves")
    paths = folder / "first.json", folder / "second.json"
    save_graph(first, paths[0])
    save_graph(second, paths[1])
    return paths[0], paths[1], first, second


def _env(settings) -> dict:
    return {
        **os.environ,
        "NEO4J_URI": settings.uri,
        "NEO4J_USERNAME": "neo4j",
        "NEO4J_PASSWORD": settings.password.get_secret_value(),
    }


def _kg_load(settings, graph: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "load", str(graph), *extra],
        env=_env(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_concurrent_loads_equal_the_same_loads_in_sequence(neo4j_store, neo4j_settings, halves):
    """Both `kg load` runs start while a third party holds the lease, so they really contend;
    they must both succeed, one after the other, and the database must equal the two loads
    run in sequence (in the order they got the lease)."""
    first_path, second_path, first, second = halves
    sequential = {}
    for order in ((first, second), (second, first)):
        neo4j_store.clear()
        for graph in order:
            neo4j_store.load(graph)
        sequential[order[0] is first] = _snapshot(neo4j_store)
    assert sequential[True] != sequential[False], "the overlap must make the order matter"
    neo4j_store.clear()

    with Neo4jStore(neo4j_settings) as holder, holder.lease():
        runs = [_kg_load(neo4j_settings, path) for path in (first_path, second_path)]
        logs: list[list[str]] = [[], []]
        readers = [
            threading.Thread(target=lambda r=run, log=log: log.extend(r.stderr), daemon=True)
            for run, log in zip(runs, logs, strict=True)
        ]
        for reader in readers:
            reader.start()
        deadline = time.monotonic() + 180
        while not all(any("waiting for another load" in line for line in log) for log in logs):
            assert time.monotonic() < deadline and all(r.poll() is None for r in runs), logs
            time.sleep(0.1)
    for run, reader in zip(runs, readers, strict=True):
        assert run.wait(timeout=300) == 0, logs
        reader.join(timeout=30)
    assert _snapshot(neo4j_store) in (sequential[True], sequential[False])
    assert neo4j_store.load_in_progress() is None


def test_a_busy_database_is_one_clear_line_with_no_wait(neo4j_store, neo4j_settings, tmp_path):
    graph = kg.build([EXAMPLES]).graph
    save_graph(graph, tmp_path / "g.json")
    with Neo4jStore(neo4j_settings) as other, other.lease():
        with pytest.raises(StoreError, match="another load into Neo4j at .* is running"):
            neo4j_store.load(graph, wait=0)
        busy = _kg_load(neo4j_settings, tmp_path / "g.json", "--wait", "0")
        _, stderr = busy.communicate(timeout=120)
        assert busy.returncode == 1 and "another load" in stderr and "Traceback" not in stderr
    assert neo4j_store.counts() == (0, 0)


def test_invalid_graph_is_refused_before_the_database_changes(neo4j_store):
    graph = kg.build([EXAMPLES]).graph
    neo4j_store.load(graph)
    before = _snapshot(neo4j_store)
    paper = next(n for n, a in graph.nodes(data=True) if a["label"] == "Paper")
    claims = [v for _, v, a in graph.out_edges(paper, data=True) if a["type"] == "MAKES"]
    assert claims
    broken = graph.copy()
    broken.remove_node(claims[0])  # a changed paper: the old loader deleted its claim first...
    u, v, key = next(iter(broken.edges(keys=True)))
    broken.edges[u, v, key]["type"] = "DROP_EVERYTHING"  # ...then failed on this
    with pytest.raises(GraphFileError, match="relationship type 'DROP_EVERYTHING'.*nothing was written"):
        neo4j_store.load(broken)
    overflow = graph.copy()
    overflow.nodes[paper]["author_count"] = 2**70
    with pytest.raises(GraphFileError, match="author_count.*64-bit range"):
        neo4j_store.load(overflow)
    assert _snapshot(neo4j_store) == before


def _paper_subgraphs(store: Neo4jStore) -> dict[str, set]:
    rows = store.read(
        """
        MATCH (p:Paper)
        OPTIONAL MATCH (p)-[r]->(x)
        OPTIONAL MATCH (x:Claim)-[cr]->(y)
        RETURN p.id AS paper, collect(DISTINCT [type(r), x.id, r.key]) AS out,
               collect(DISTINCT [type(cr), x.id, y.id]) AS claim_out
        """
    )
    return {row["paper"]: {json.dumps(e) for e in row["out"] + row["claim_out"] if e[0]} for row in rows}


def _expected_subgraph(graph: nx.MultiDiGraph, paper: str) -> set:
    edges = set()
    for _, x, key, attrs in graph.out_edges(paper, keys=True, data=True):
        edges.add(json.dumps([attrs["type"], x, key]))
        if attrs["type"] == "MAKES":
            for _, y, claim_edge in graph.out_edges(x, data=True):
                edges.add(json.dumps([claim_edge["type"], x, y]))
    return edges


KILLER = """
import os, signal, sys
from kg.store.file_store import load_graph
from kg.store.neo4j_store import Neo4jSettings, Neo4jStore

graph = load_graph(sys.argv[1])
pid, after = int(sys.argv[2]), int(sys.argv[3])

def kill(done, total):
    if done == after:
        os.kill(pid, signal.SIGKILL)
        print(f"killed the server after {done} of {total} transactions", flush=True)

with Neo4jStore(Neo4jSettings.from_env()) as store:
    store.load(graph, papers_per_transaction=10, on_transaction=kill)
"""


def test_server_kill9_mid_load_leaves_whole_papers_and_a_rerun_finishes(neo4j_server, neo4j_settings, halves):
    first_path, _, first, _ = halves
    with Neo4jStore(neo4j_settings) as store:
        store.clear()
        store.load(first)
        clean = _snapshot(store)
        store.clear()
    pid = int((Path(neo4j_server.home) / "server.pid").read_text())
    started = time.perf_counter()
    crashed = subprocess.run(
        [sys.executable, "-c", KILLER, str(first_path), str(pid), "6"],
        env=_env(neo4j_settings),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "killed the server after 6" in crashed.stdout, crashed.stdout + crashed.stderr
    assert crashed.returncode != 0
    assert "Neo4j" in crashed.stderr.strip().splitlines()[-1]  # a StoreError, not a hang
    assert time.perf_counter() - started < 120
    neo4j_server.start()  # the same data directory (scripts/neo4j-server keeps data by default)

    with Neo4jStore(neo4j_settings) as store:
        stored = _paper_subgraphs(store)
        papers = sum(1 for _, a in first.nodes(data=True) if a["label"] == "Paper")
        assert len(stored) == 60 < papers, (len(stored), papers)  # six transactions of ten papers
        for paper, edges in stored.items():
            assert edges == _expected_subgraph(first, paper), f"{paper} is half-loaded"
        assert store.load_in_progress() is not None  # the interrupted load is visible
        report = store.load(first)  # `kg load` again: finishes the job
        assert report.resumed
        assert _snapshot(store) == clean
        assert store.read(f"MATCH (l:{LEASE_LABEL}) RETURN count(l) AS n")[0]["n"] == 0
    assert signal.SIGKILL  # (the server was really killed: the pid changed)
    assert int((Path(neo4j_server.home) / "server.pid").read_text()) != pid
