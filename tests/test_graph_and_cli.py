from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import networkx as nx

import kg
from kg.resolve import resolution_key
from kg.store.file_store import load_graph, save_graph

from .conftest import GOLD, ROOT

EXAMPLES = ROOT / "examples" / "papers.jsonl"


_CWD = Path(tempfile.mkdtemp(prefix="kg-cli-"))  # `kg build` remembers its graph in CWD/.kg


def _kg(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, check=check, cwd=_CWD
    )


def test_resolution_merges_and_keeps_apart():
    assert (
        len(
            {
                resolution_key(f)
                for f in ["Transformer", "Transformers", "the Transformer architecture", "transformer"]
            }
        )
        == 1
    )
    assert len({resolution_key(f) for f in ["Mamba", "Mamba-2", "S4", "S5", "BERT", "RoBERTa"]}) == 6


def test_build_round_trip_and_determinism(tmp_path):
    graph = kg.build([EXAMPLES])
    path = tmp_path / "g.json"
    graph.save(path)
    loaded = kg.KnowledgeGraph.load(path)
    assert nx.utils.graphs_equal(graph.graph, loaded.graph)
    again = kg.build([EXAMPLES])
    assert sorted(again.graph.nodes) == sorted(graph.graph.nodes)
    assert sorted(again.graph.edges(keys=True)) == sorted(graph.graph.edges(keys=True))
    stats = loaded.stats()
    assert stats["nodes"]["Paper"] == 8 and stats["edges"]["OUTPERFORMS"] >= 4
    methods = {a["name"] for _, a in graph.graph.nodes(data=True) if a.get("label") == "Method"}
    assert {"RippleNet", "Mamba", "Transformer"} <= methods
    beats = [
        (graph.graph.nodes[u]["name"], graph.graph.nodes[v]["name"])
        for u, v, a in graph.graph.edges(data=True)
        if a["type"] == "OUTPERFORMS"
    ]
    assert ("RippleNet", "Mamba") in beats and ("Mamba", "RippleNet") in beats
    save_graph(loaded.graph, tmp_path / "g2.json")
    assert (tmp_path / "g2.json").read_text() == path.read_text()


def test_cli_build_stats_export_on_corpus(tmp_path, corpus_files):
    out = tmp_path / "corpus.json"
    _kg("build", *map(str, corpus_files), "-o", str(out), "--quiet")
    stats = json.loads(_kg("stats", str(out), "--json").stdout)
    assert 340 <= stats["nodes"]["Paper"] <= 380
    assert stats["ingest"]["duplicates_merged"] > 0
    assert stats["ingest"]["papers"] + stats["ingest"]["duplicates_merged"] == stats["ingest"]["records_read"]
    _kg("export", str(out), "-o", str(tmp_path / "g.graphml"), "--format", "graphml")
    gml = nx.read_graphml(tmp_path / "g.graphml")
    graph = load_graph(out)
    assert gml.number_of_nodes() == graph.number_of_nodes()
    assert gml.number_of_edges() == graph.number_of_edges()
    # Gephi-ready: unique edge ids, a caption in `label`, the node type under `kind_label`.
    import xml.etree.ElementTree as ET

    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    edge_ids = [e.get("id") for e in ET.parse(tmp_path / "g.graphml").getroot().iterfind(".//g:edge", ns)]
    assert len(edge_ids) == graph.number_of_edges() == len(set(edge_ids))
    for node, attrs in gml.nodes(data=True):
        original = graph.nodes[node]
        assert attrs["kind_label"] == original["label"]
        expected = (
            original.get("name") or original.get("title") or f"{original['kind']}: {original['subject_text']}"
        )
        assert attrs["label"] == expected


def test_cli_extract_keeps_ids_and_eval(tmp_path):
    out = tmp_path / "pred.jsonl"
    _kg("extract", str(GOLD / "dev_papers.jsonl"), "-o", str(out), "--quiet")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 40 and rows[0]["id"] == "seed-000"
    assert {"proposed", "methods", "benchmarks", "metrics", "tasks", "claims"} <= rows[0].keys()
    scores = json.loads(_kg("eval", str(GOLD / "dev.jsonl"), str(out), "--json").stdout)
    assert scores["entities"]["f1"] > 0.5


def test_cli_bad_input_clear_error_and_nothing_written(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "title": "T", "abstract": "An abstract."}\n{broken\n')
    out = tmp_path / "g.json"
    result = _kg("build", str(bad), "-o", str(out), check=False)
    assert result.returncode == 1
    assert "bad.jsonl:2: record 2: malformed JSON" in result.stderr
    assert not out.exists()
    result = _kg("build", str(bad), "-o", str(out), "--on-error", "skip")
    assert out.exists() and "1 record(s) rejected" in result.stderr
    rejects = (tmp_path / "g.json.rejects.jsonl").read_text().splitlines()
    assert json.loads(rejects[0])["line"] == 2


def test_cli_schema():
    schema = json.loads(_kg("schema", "Claim").stdout)
    assert {"kind", "subject", "object", "evidence", "rule", "confidence"} <= set(schema["properties"])


def test_public_api_surface():
    assert sorted(kg.__all__) == [
        "BaselineRow",
        "BeatsRow",
        "BenchmarkOfMethodRow",
        "CannedQuery",
        "ChainRow",
        "Claim",
        "ClaimKind",
        "ClaimRow",
        "ContradictionRow",
        "Entity",
        "EntityKind",
        "EntityRow",
        "ExtractionError",
        "GraphFileError",
        "IngestReport",
        "InputError",
        "KGError",
        "KnowledgeGraph",
        "LeaderboardRow",
        "LoadReport",
        "Mention",
        "MethodForTaskRow",
        "MethodOnBenchmarkRow",
        "Neo4jGraph",
        "Neo4jSettings",
        "Neo4jStore",
        "Paper",
        "PaperExtraction",
        "QueryError",
        "RecordError",
        "Rejected",
        "Row",
        "SourceRef",
        "StoreError",
        "build",
        "connect",
        "extract",
        "queries",
        "read",
        "to_dataframe",
    ]
    assert Path(kg.__file__).with_name("py.typed").exists()


def test_docker_compose_uses_official_neo4j_and_env_file_credentials():
    import yaml

    compose = yaml.safe_load((ROOT / "docker" / "docker-compose.yml").read_text())
    neo4j, app = compose["services"]["neo4j"], compose["services"]["kg"]
    assert neo4j["image"] == "neo4j:5-community"
    assert neo4j["env_file"] == app["env_file"] == "neo4j.env"
    assert (ROOT / app["build"]["context"].replace("..", ".") / app["build"]["dockerfile"]).exists()
    assert "PASSWORD" not in (ROOT / "docker" / "docker-compose.yml").read_text().replace(
        "NEO4J_PASSWORD for kg", ""
    )
    for line in (ROOT / "docker" / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source
