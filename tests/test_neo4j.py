"""Against a real Neo4j 5 (started by conftest.py): load, idempotence, re-ingest, parity, safety."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import networkx as nx
import pytest

import kg
from kg.errors import QueryError, StoreError
from kg.query import catalogue, run_query
from kg.store.neo4j_store import Neo4jSettings, Neo4jStore

from .conftest import ROOT

pytestmark = pytest.mark.neo4j
EXAMPLES = ROOT / "examples" / "papers.jsonl"
HOSTILE = [
    "}) DETACH DELETE n //",
    "'; MATCH (n) DETACH DELETE n; //",
    '" OR 1=1 --',
    "\\' OR ''='",
    "$benchmark",
    "*:*",
    "Ünïcødé ✓ 𝔘𝔫𝔦 \u200b\u0000",
    "x" * 5000,
]


@pytest.fixture(scope="module")
def parity_graph(corpus_files) -> nx.MultiDiGraph:
    """The whole corpus plus the examples (which hold a contradiction the corpus lacks)."""
    return kg.build([*corpus_files, EXAMPLES]).graph


def _snapshot(store: Neo4jStore) -> tuple[set, set]:
    nodes = store.read("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN a.id AS u, type(r) AS type, r.key AS key, b.id AS v, properties(r) AS props"
    )
    as_key = lambda row: json.dumps(row, sort_keys=True, default=str)  # noqa: E731
    return {as_key(r) for r in nodes}, {as_key(r) for r in rels}


def _param_sets(graph: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """Parameters drawn from the graph itself: the busiest entities, an alias, a miss."""

    def busiest(label: str, n: int) -> list[str]:
        ranked = sorted(
            (n for n, a in graph.nodes(data=True) if a.get("label") == label),
            key=lambda node: (-graph.degree(node), node),
        )
        return [graph.nodes[node]["name"] for node in ranked[:n]]

    methods = busiest("Method", 6)
    benchmarks = busiest("Benchmark", 6)
    tasks = busiest("Task", 4)
    metrics = busiest("Metric", 2)
    misses = ["no such thing"]
    sets = {
        "beats": [{}, *({"benchmark": b} for b in benchmarks), *({"metric": m} for m in metrics)],
        "beaten_by": [{"method": m} for m in [*methods, methods[0].upper(), *misses]],
        "leaderboard": [{"benchmark": b} for b in [*benchmarks, *misses]]
        + [{"benchmark": benchmarks[0], "metric": metrics[0]}],
        "methods_on_benchmark": [{"benchmark": b} for b in [*benchmarks, benchmarks[0].lower()]],
        "benchmarks_of_method": [{"method": m} for m in methods],
        "top_baselines": [{}, {"limit": 5}, {"limit": 0}],
        "methods_for_task": [{"task": t} for t in [*tasks, *misses]],
        "contradictions": [{}, {"method": "RippleNet"}, {"method": methods[0]}],
        "dominance_chains": [{}, {"method": methods[0]}],
        "claims_about": [{"method": m} for m in [*methods, "RippleNet"]],
        "search_entities": [
            {"text": t} for t in ["transformer", "lang mod", "GPT-4", "imag", "s4", "bench", "3.5", ""]
        ]
        + [{"text": "model", "label": "Method", "limit": 100}, {"text": "accuracy", "label": "Metric"}],
    }
    # The claim queries' confidence and generic-object filters, on every parameter set.
    for name in (
        "beats",
        "beaten_by",
        "leaderboard",
        "top_baselines",
        "dominance_chains",
        "contradictions",
        "claims_about",
    ):
        sets[name] += [
            {**params, **extra}
            for params in sets[name]
            for extra in (
                {"min_confidence": 0.0, "include_generic": True},
                {"min_confidence": 0.65},
                {"min_confidence": "0.6", "include_generic": "true"},
            )
        ]
    return sets


def test_load_twice_changes_nothing(neo4j_store, parity_graph):
    first = neo4j_store.load(parity_graph)
    assert (first.nodes, first.relationships) == (
        parity_graph.number_of_nodes(),
        parity_graph.number_of_edges(),
    )
    before = _snapshot(neo4j_store)
    second = neo4j_store.load(parity_graph)
    assert (second.nodes, second.relationships, second.deleted) == (first.nodes, first.relationships, 0)
    assert _snapshot(neo4j_store) == before
    labels = Counter(a["label"] for _, a in parity_graph.nodes(data=True))
    stored = {
        r["label"]: r["n"] for r in neo4j_store.read("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")
    }
    assert stored == dict(labels)


def test_every_canned_query_has_parity_on_the_corpus(neo4j_store, parity_graph):
    neo4j_store.load(parity_graph)
    param_sets = _param_sets(parity_graph)
    assert set(param_sets) == set(catalogue()), "every canned query needs parameters in the parity test"
    for name, sets in param_sets.items():
        total = 0
        for params in sets:
            on_networkx = run_query(name, params, graph=parity_graph)
            on_neo4j = run_query(name, params, store=neo4j_store)
            assert on_networkx == on_neo4j, f"{name} {params}"
            total += len(on_networkx)
        assert total > 0, f"{name} returned no rows for any parameter set; the comparison proves nothing"


def test_reingesting_a_changed_paper_replaces_its_claims(neo4j_store, tmp_path):
    original = kg.build([EXAMPLES]).graph
    neo4j_store.load(original)
    papers = [json.loads(line) for line in EXAMPLES.read_text().splitlines()]
    changed = papers[0]
    changed["abstract"] = (
        "We revisit the problem with a careful ablation of every component. "
        "The results are reported on a new suite of tasks."
    )
    path = tmp_path / "changed.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in papers))
    updated = kg.build([path]).graph
    old_claims = {n for n, a in original.nodes(data=True) if a["label"] == "Claim"}
    new_claims = {n for n, a in updated.nodes(data=True) if a["label"] == "Claim"}
    assert old_claims - new_claims, "the edit must remove at least one claim for this test to mean anything"

    report = neo4j_store.load(updated)
    assert report.deleted > 0
    stored_claims = {r["id"] for r in neo4j_store.read("MATCH (c:Claim) RETURN c.id AS id")}
    assert stored_claims == new_claims
    after_update = _snapshot(neo4j_store)
    neo4j_store.clear()
    neo4j_store.load(updated)
    assert _snapshot(neo4j_store) == after_update, "upsert must equal a fresh load of the new graph"


def test_hostile_parameters_leave_the_database_unchanged(neo4j_store):
    graph = kg.build([EXAMPLES]).graph
    neo4j_store.load(graph)
    before = _snapshot(neo4j_store)
    for query in catalogue().values():
        for param in query.params:
            for hostile in HOSTILE:
                params = {
                    p.name: ["mamba"] if p.type == "list" else "Mamba" for p in query.params if p.required
                }
                params[param.name] = [hostile] if param.type == "list" else hostile
                for backend in ({"store": neo4j_store}, {"graph": graph}):
                    try:
                        rows = run_query(query.name, params, **backend)
                    except QueryError:
                        assert param.type in ("int", "float", "bool"), (
                            f"{query.name}.{param.name} rejected {hostile!r}"
                        )
                        continue
                    assert isinstance(rows, list)
    assert _snapshot(neo4j_store) == before


def test_queries_run_in_read_mode(neo4j_store):
    with pytest.raises(StoreError, match="read access mode"):
        neo4j_store.read("CREATE (n:Intruder) RETURN n")
    assert neo4j_store.read("MATCH (n:Intruder) RETURN count(n) AS n")[0]["n"] == 0


def test_connection_errors_are_clear_and_never_show_the_password(neo4j_settings):
    secret = "not-the-password-42"
    wrong = Neo4jSettings(uri=neo4j_settings.uri, username="neo4j", password=secret)
    with pytest.raises(StoreError) as refused:
        Neo4jStore(wrong).connect()
    assert neo4j_settings.uri in str(refused.value) and secret not in str(refused.value)
    closed = Neo4jSettings(uri="bolt://127.0.0.1:1", username="neo4j", password=secret)
    with pytest.raises(StoreError, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:1"):
        Neo4jStore(closed).connect()


def test_connect_gives_the_same_rows_for_both_backends(neo4j_store, neo4j_settings, tmp_path):
    built = kg.build([EXAMPLES])
    built.save(tmp_path / "g.json")
    neo4j_store.load(built.graph)
    embedded = kg.connect(tmp_path / "g.json")
    with kg.connect(
        neo4j_settings.uri, username="neo4j", password=neo4j_settings.password.get_secret_value()
    ) as server:
        rows = server.query("beats", benchmark="Long Range Arena")
        assert rows and rows == embedded.query("beats", benchmark="Long Range Arena")
        assert isinstance(rows[0], kg.BeatsRow) and rows[0].evidence
        assert server.stats() == embedded.stats()


def test_cli_build_load_query_round_trip(neo4j_store, neo4j_settings, tmp_path):
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USERNAME": "neo4j",
        "NEO4J_PASSWORD": neo4j_settings.password.get_secret_value(),
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, cwd=tmp_path
        )

    graph = tmp_path / "g.json"
    assert run("build", str(EXAMPLES), "-o", str(graph), "-q").returncode == 0
    first = run("load", str(graph))
    second = run("load", str(graph))
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "now holds" in first.stderr
    assert first.stderr.split("now holds")[1] == second.stderr.split("now holds")[1]
    assert env["NEO4J_PASSWORD"] not in first.stdout + first.stderr
    outputs = {}
    for backend in ("neo4j", "networkx"):
        result = run("query", "beats", "--backend", backend, "--format", "json")
        assert result.returncode == 0, result.stderr
        outputs[backend] = json.loads(result.stdout)
    assert outputs["neo4j"] == outputs["networkx"] and all(row["evidence"] for row in outputs["neo4j"])
    bad = run("load", str(graph), "--uri", "bolt://127.0.0.1:1")
    assert bad.returncode == 1 and "cannot reach Neo4j at bolt://127.0.0.1:1" in bad.stderr
    assert "Traceback" not in bad.stderr
