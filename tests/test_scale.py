"""Streaming build, extraction cache, incremental update, Dask extraction, gzip input."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.extract import pipeline_fingerprint
from kg.ingest import read_papers
from kg.pipeline import build, build_to_file
from kg.store.file_store import iter_graph_file, load_graph, save_graph
from tests.conftest import SHARED

ARXIV = SHARED / "corpus-arxiv" / "arxiv-ai-2025-2026.jsonl.gz"


def _lines(count: int, skip: int = 0) -> list[str]:
    if not ARXIV.exists():
        pytest.fail(f"the arXiv corpus is missing at {ARXIV}; set KG_SHARED to the shared folder")
    lines = []
    with gzip.open(ARXIV, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number >= skip + count:
                break
            if number >= skip:
                lines.append(line)
    return lines


@pytest.fixture(scope="module")
def arxiv_lines() -> list[str]:
    return _lines(260)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _canonical(path: Path, provenance: bool = True) -> tuple[list[str], list[str]]:
    """Sorted nodes and edges; ``provenance=False`` drops the input file names of papers."""
    nodes, edges = [], []
    for kind, item in iter_graph_file(path):
        if kind == "node":
            if not provenance:
                item.pop("sources", None)
            nodes.append(json.dumps(item, sort_keys=True))
        elif kind == "edge":
            edges.append(json.dumps(item, sort_keys=True))
    return sorted(nodes), sorted(edges)


def _body(path: Path) -> list[str]:
    """The file without its first line (the graph attributes: ingest report)."""
    return path.read_text(encoding="utf-8").splitlines()[1:]


def test_gzip_jsonl_reads_like_plain(tmp_path, arxiv_lines):
    plain = _write(tmp_path / "p.jsonl", arxiv_lines[:50])
    packed = tmp_path / "p.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    a, b = read_papers([plain]), read_papers([packed])
    assert [p.model_dump(exclude={"sources"}) for p in a.papers] == [
        p.model_dump(exclude={"sources"}) for p in b.papers
    ]
    assert b.report.papers == 50 and b.report.balanced
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(plain.read_bytes())[:-40])
    result = CliRunner().invoke(app, ["build", str(broken), "-o", str(tmp_path / "g.json")])
    assert result.exit_code == 1 and "broken.jsonl.gz" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "g.json").exists()


def test_streaming_build_equals_in_memory_build_and_caches(tmp_path, arxiv_lines):
    source = _write(tmp_path / "a.jsonl", arxiv_lines[:120])
    cache = tmp_path / "cache"
    first = build_to_file([source], tmp_path / "s.json", n_process=1, cache_dir=cache)
    assert (first.extracted, first.cached, first.papers) == (120, 0, 120)
    memory = tmp_path / "m.json"
    save_graph(build([source]).graph, memory)
    assert _canonical(tmp_path / "s.json") == _canonical(memory)
    assert load_graph(tmp_path / "s.json").graph["ingest"]["papers"] == 120
    again = build_to_file([source], tmp_path / "s2.json", n_process=2, cache_dir=cache)
    assert (again.extracted, again.cached) == (0, 120)
    assert (tmp_path / "s2.json").read_bytes() == (tmp_path / "s.json").read_bytes()
    assert sum(first.nodes.values()) == len(_canonical(memory)[0])


def test_pipeline_change_invalidates_the_cache(tmp_path):
    pipelines = Path(__file__).resolve().parents[1] / "pipelines"
    copy = tmp_path / "pipelines"
    shutil.copytree(pipelines, copy)
    same = pipeline_fingerprint(config=str(copy / "config.cfg"))
    assert same == pipeline_fingerprint()
    lexicon = copy / "lexicon" / "methods.txt"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\nZorblatron\n", encoding="utf-8")
    assert pipeline_fingerprint(config=str(copy / "config.cfg")) != same


def test_update_equals_full_rebuild_and_extracts_only_new_papers(tmp_path, arxiv_lines):
    old_lines, new_lines = arxiv_lines[:150], arxiv_lines[150:200]
    changed = []
    for line in old_lines[:5]:
        record = json.loads(line)
        record["abstract"] = (
            "We propose ZetaFormer. ZetaFormer outperforms Mamba on WikiText-103. " + record["abstract"]
        )
        changed.append(json.dumps(record) + "\n")
    old = _write(tmp_path / "old.jsonl", old_lines)
    new = _write(tmp_path / "new.jsonl", new_lines + changed)
    cache = tmp_path / "cache"
    build_to_file([old], tmp_path / "g.json", n_process=1, cache_dir=cache)
    updated = build_to_file(
        [new], tmp_path / "u.json", n_process=1, cache_dir=cache, update=tmp_path / "g.json"
    )
    assert (updated.extracted, updated.replaced, updated.added) == (55, 5, 50)
    assert updated.ingest.balanced and updated.ingest.papers == 200
    full = _write(tmp_path / "full.jsonl", changed + old_lines[5:] + new_lines)
    rebuilt = build_to_file([full], tmp_path / "r.json", n_process=1, cache_dir=tmp_path / "fresh")
    assert rebuilt.extracted == 200
    assert _canonical(tmp_path / "u.json", False) == _canonical(tmp_path / "r.json", False)
    graph = load_graph(tmp_path / "u.json")
    assert any(a.get("name") == "ZetaFormer" for _, a in graph.nodes(data=True))
    # updating again with the same input changes nothing and extracts nothing
    again = build_to_file(
        [new], tmp_path / "u2.json", n_process=1, cache_dir=cache, update=tmp_path / "u.json"
    )
    assert again.extracted == 0 and _body(tmp_path / "u2.json") == _body(tmp_path / "u.json")


def test_cli_update_and_no_overwrite_on_failure(tmp_path, arxiv_lines, monkeypatch):
    monkeypatch.chdir(tmp_path)  # `kg build` remembers its graph in CWD/.kg; never in the repository
    runner = CliRunner()
    first = _write(tmp_path / "a.jsonl", arxiv_lines[:40])
    second = _write(tmp_path / "b.jsonl", arxiv_lines[40:60])
    graph = tmp_path / "g.json"
    env = {"KG_CACHE": str(tmp_path / "cache")}
    done = runner.invoke(app, ["build", str(first), "-o", str(graph), "--n-process", "1"], env=env)
    assert done.exit_code == 0, done.output
    assert "extracted 40 papers, 0 from the cache" in done.output
    done = runner.invoke(app, ["build", "--update", str(graph), str(second), "--n-process", "1"], env=env)
    assert done.exit_code == 0, done.output
    assert "extracted 20 papers, 40 from the cache" in done.output and "20 added" in done.output
    before = graph.read_bytes()
    bad = _write(tmp_path / "bad.jsonl", ['{"id": "x", "title": "T"}\n'])
    failed = runner.invoke(app, ["build", "--update", str(graph), str(bad)], env=env)
    assert failed.exit_code == 1 and "bad.jsonl:1" in failed.output
    assert graph.read_bytes() == before


def test_dask_local_cluster_output_identical_to_local_build(tmp_path, arxiv_lines):
    source = _write(tmp_path / "d.jsonl", arxiv_lines[200:260])
    local = build_to_file([source], tmp_path / "local.json", n_process=1, cache_dir=tmp_path / "c1")
    remote = build_to_file([source], tmp_path / "dask.json", dask="local:2", cache_dir=tmp_path / "c2")
    assert remote.extracted == local.extracted == 60
    assert (tmp_path / "dask.json").read_bytes() == (tmp_path / "local.json").read_bytes()


def test_query_view_answers_every_canned_query_like_the_full_graph(tmp_path, corpus_files):
    from kg.query import run_query
    from kg.query.networkx_twins import graph_index

    from .test_neo4j import EXAMPLES, _param_sets

    path = tmp_path / "g.json"
    save_graph(build([*corpus_files, EXAMPLES]).graph, path)
    full, view = load_graph(path), load_graph(path, query_view=True)
    assert view.number_of_edges() < full.number_of_edges()
    assert "abstract" not in next(a for _, a in view.nodes(data=True) if a["label"] == "Paper")
    for name, sets in _param_sets(full).items():
        for params in sets:
            assert run_query(name, params, graph=view) == run_query(name, params, graph=full), (name, params)
    index = graph_index(full)
    assert graph_index(full) is index  # built once
    full.add_node("method:new", label="Method", name="Brand New", aliases=[], paper_count=0)
    assert graph_index(full) is not index and run_query("search_entities", {"text": "brand new"}, graph=full)
