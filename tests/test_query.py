"""Canned-query catalogue, parameters and the networkx twins on the example corpus."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kg
from kg.errors import QueryError
from kg.query import catalogue, get_query, prepare_params, run_query
from kg.query.fulltext import matches_terms, search_terms, word_tokens
from kg.query.networkx_twins import TWINS
from kg.query.rows import ROW_MODELS

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "papers.jsonl"
_WRITE_CLAUSE = re.compile(r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|LOAD\s+CSV|FOREACH)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def graph():
    # the rules profile: these tests pin query rows, so they read an extraction that only
    # changes when a rule does (the trained model's output is pinned in test_learned.py)
    return kg.build([EXAMPLES], profile="fast").graph


def test_catalogue_headers_twins_and_row_models_agree():
    queries = catalogue()
    assert len(queries) >= 11
    assert set(queries) == set(TWINS) == set(ROW_MODELS)
    for query in queries.values():
        assert query.description and query.cypher.strip()
        assert list(ROW_MODELS[query.name].model_fields) == query.returns, query.name
        assert {c.lstrip("-") for c in query.order} <= set(query.returns), query.name
        assert query.show and set(query.show) <= set(query.returns), query.name
        for param in query.params:
            assert f"${param.name}" in query.cypher, f"{query.name}: ${param.name} unused"
        assert not _WRITE_CLAUSE.search(query.cypher), f"{query.name} has a write clause"
        assert "+ $" not in query.cypher.replace("+ $terms", ""), "values go in as parameters only"


def test_parameters_are_checked_and_coerced():
    beats = get_query("beats")
    assert prepare_params(beats, {}) == {
        "benchmark": None,
        "metric": None,
        "min_confidence": 0.5,
        "include_generic": False,
    }
    assert (
        prepare_params(beats, {"min_confidence": "0.8", "include_generic": "true"})["min_confidence"] == 0.8
    )
    assert prepare_params(beats, {"include_generic": "yes"})["include_generic"] is True
    with pytest.raises(QueryError, match="must be a number"):
        prepare_params(beats, {"min_confidence": "high"})
    with pytest.raises(QueryError, match="must be a number"):
        prepare_params(beats, {"min_confidence": "nan"})
    with pytest.raises(QueryError, match="must be true or false"):
        prepare_params(beats, {"include_generic": "maybe"})
    with pytest.raises(
        QueryError, match="has no parameter foo; it takes: benchmark, metric, min_confidence, include_generic"
    ):
        prepare_params(beats, {"foo": "x"})
    with pytest.raises(QueryError, match="needs --param method"):
        prepare_params(get_query("beaten_by"), {})
    top = get_query("top_baselines")
    assert prepare_params(top, {"limit": "7"})["limit"] == 7
    with pytest.raises(QueryError, match="must be a int"):
        prepare_params(top, {"limit": "ten"})
    with pytest.raises(QueryError, match=">= 0"):
        prepare_params(top, {"limit": -1})
    search = get_query("search_entities")
    assert prepare_params(search, {"text": "Mamba-2 }) DETACH"})["terms"] == ["mamba", "2", "detach"]
    with pytest.raises(QueryError, match="unknown query 'nope'"):
        get_query("nope")


def test_twins_answer_the_questions(graph):
    beats = {(r.winner, r.loser) for r in run_query("beats", graph=graph)}
    assert {("RippleNet", "Mamba"), ("Mamba", "RippleNet"), ("TideFormer", "experience replay")} <= beats
    on_lra = run_query("beats", {"benchmark": "long range arena"}, graph=graph)
    assert on_lra and all(r.benchmark == "Long Range Arena" for r in on_lra)
    assert {r.winner for r in run_query("beaten_by", {"method": "mamba"}, graph=graph)} >= {"RippleNet"}
    board = run_query("leaderboard", {"benchmark": "Long Range Arena"}, graph=graph)
    assert board[0].method == "RippleNet" and board[0].values == ["4.1 accuracy points"]
    contradictions = run_query("contradictions", graph=graph)
    assert {(r.method_a, r.method_b) for r in contradictions} == {("Mamba", "RippleNet")}
    assert all(r.paper_a != r.paper_b and r.evidence_a and r.evidence_b for r in contradictions)
    chains = run_query("dominance_chains", graph=graph)
    assert any((c.a, c.b, c.c) == ("Mamba", "RippleNet", "Transformer") for c in chains)
    claims = run_query("claims_about", {"method": "RippleNet"}, graph=graph)
    assert {c.role for c in claims} == {"subject", "object"}
    assert all(c.evidence and c.end > c.start and c.rule for c in claims)
    baselines = run_query("top_baselines", {"limit": 2}, graph=graph)
    assert len(baselines) == 2 and baselines[0].paper_count >= baselines[1].paper_count
    found = run_query("search_entities", {"text": "state spa"}, graph=graph)
    assert [r.name for r in found] == ["State space models"]
    assert run_query("search_entities", {"text": "}) //"}, graph=graph) == []


def test_rows_come_in_the_documented_order(graph):
    rows = run_query("beats", graph=graph)
    keys = [(r.winner, r.loser, r.paper, r.claim_id) for r in rows]
    assert keys == sorted(keys)
    board = run_query("leaderboard", {"benchmark": "Long Range Arena"}, graph=graph)
    assert [(-r.wins, r.losses, r.method) for r in board] == sorted(
        (-r.wins, r.losses, r.method) for r in board
    )


def test_fulltext_tokens_follow_lucene_word_boundaries():
    assert word_tokens("GPT-3.5 Turbo (ChatGPT's) e.g. foo_bar 1,000") == [
        "gpt",
        "3.5",
        "turbo",
        "chatgpt's",
        "e.g",
        "foo_bar",
        "1,000",
    ]
    assert matches_terms(["Long Range Arena", "LRA"], ["lon", "aren"])
    assert not matches_terms(["Long Range Arena"], ["ange"])
    assert not matches_terms(["Long Range Arena"], [])


@given(st.text())
def test_search_terms_never_carry_lucene_syntax(text):
    for term in search_terms(text):
        assert term and not re.search(r"[\s+\-!(){}\[\]^\"~*?\\/&|]", term)
        assert len(term) <= 255
    assert len(search_terms(text)) <= 16


def _kg(*args: str, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("KG_GRAPH", None)
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_cli_query_formats_and_errors(tmp_path):
    assert _kg("build", str(EXAMPLES), "-o", "g.json", "-q", cwd=tmp_path).returncode == 0
    listed = _kg("queries", cwd=tmp_path)
    assert listed.returncode == 0 and "leaderboard" in listed.stdout and "benchmark" in listed.stdout
    as_json = json.loads(_kg("query", "beats", "--format", "json", cwd=tmp_path).stdout)
    assert as_json and set(as_json[0]) == set(get_query("beats").returns)
    as_csv = _kg("query", "beats", "--format", "csv", "--columns", "winner,loser", cwd=tmp_path).stdout
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert [(r["winner"], r["loser"]) for r in rows] == [(r["winner"], r["loser"]) for r in as_json]
    table = _kg("query", "leaderboard", "--param", "benchmark=Long Range Arena", cwd=tmp_path)
    assert table.returncode == 0 and "RippleNet" in table.stdout
    assert "RippleNet: Gated Wave Recurrences" in table.stdout  # the paper's title, not its id
    assert max(map(len, table.stdout.splitlines())) <= 100
    assert f"reading graph {tmp_path / 'g.json'}" in table.stderr
    assert "method_id" not in table.stdout and "method:" not in table.stdout
    with_ids = _kg("query", "leaderboard", "-p", "benchmark=Long Range Arena", "--ids", cwd=tmp_path)
    assert "method_id" in with_ids.stdout and "method:" in with_ids.stdout
    every = _kg("query", "beats", "--columns", "all", "--format", "csv", cwd=tmp_path).stdout
    assert every.splitlines()[0].split(",") == get_query("beats").returns
    bad_column = _kg("query", "beats", "--columns", "winner,nope", cwd=tmp_path)
    assert bad_column.returncode == 1 and "has no column nope" in bad_column.stderr
    missing = _kg("query", "leaderboard", cwd=tmp_path)
    assert missing.returncode == 1 and "needs --param benchmark" in missing.stderr
    nowhere = _kg("query", "beats", "--graph", "absent.json", cwd=tmp_path)
    assert nowhere.returncode == 1 and "absent.json" in nowhere.stderr and "Traceback" not in nowhere.stderr
    no_server = _kg("query", "beats", "--backend", "neo4j", "--uri", "bolt://127.0.0.1:1", cwd=tmp_path)
    assert no_server.returncode == 1 and "bolt://127.0.0.1:1" in no_server.stderr


CLAIM_QUERIES = {
    "beats": {},
    "beaten_by": {"method": "Mamba"},
    "leaderboard": {"benchmark": "CORe50"},
    "top_baselines": {"limit": 100},
    "dominance_chains": {},
    "contradictions": {},
    "claims_about": {"method": "TideFormer"},
}


def test_claim_queries_take_min_confidence_and_include_generic(graph):
    for name, params in CLAIM_QUERIES.items():
        query = get_query(name)
        assert query.param("min_confidence").default == 0.5, name
        assert query.param("include_generic").default is False, name
        everything = run_query(name, {**params, "min_confidence": 0, "include_generic": True}, graph=graph)
        default = run_query(name, params, graph=graph)
        strict = run_query(name, {**params, "min_confidence": 0.65}, graph=graph)
        none = run_query(name, {**params, "min_confidence": 1.01}, graph=graph)
        ids = [c for c in query.returns if c.endswith("_id")]
        as_set = lambda rows: {tuple(getattr(row, c) for c in ids) for row in rows}  # noqa: E731,B023
        assert as_set(strict) <= as_set(default) <= as_set(everything) and none == [], name
        assert everything, f"{name}: no rows at all, the comparison proves nothing"
    confidences = {r.confidence for r in run_query("beats", {"min_confidence": 0}, graph=graph)}
    assert min(confidences) < 0.65 <= max(confidences), "the examples need claims on both sides of 0.65"
    assert all(r.confidence >= 0.65 for r in run_query("beats", {"min_confidence": 0.65}, graph=graph))
    # Every OUTPERFORMS edge carries its claim's confidence and object_generic.
    for _, _, edge in graph.edges(data=True):
        if edge["type"] == "OUTPERFORMS":
            claim = graph.nodes[edge["claim_id"]]
            assert (edge["confidence"], edge["object_generic"]) == (
                claim["confidence"],
                claim["object_generic"],
            )
    # "TideFormer outperforms strong baselines" on CORe50: a generic object, shown only on request.
    generic = run_query("claims_about", {"method": "TideFormer", "include_generic": True}, graph=graph)
    assert any(c.object_generic for c in generic)
    assert not any(c.object_generic for c in run_query("claims_about", {"method": "TideFormer"}, graph=graph))
    board = {r.method: r for r in run_query("leaderboard", {"benchmark": "CORe50"}, graph=graph)}
    with_generic = {
        r.method: r
        for r in run_query("leaderboard", {"benchmark": "CORe50", "include_generic": True}, graph=graph)
    }
    before = board["TideFormer"].claims if "TideFormer" in board else 0
    assert with_generic["TideFormer"].claims == before + 1


def test_rows_that_name_a_paper_carry_its_title(graph):
    titles = {n: a["title"] for n, a in graph.nodes(data=True) if a.get("label") == "Paper"}
    for row in run_query("beats", {"min_confidence": 0}, graph=graph):
        assert row.title == titles[row.paper]
    for row in run_query("leaderboard", {"benchmark": "Long Range Arena"}, graph=graph):
        assert sorted({titles[p] for p in row.papers}) == row.titles
    for row in run_query("claims_about", {"method": "RippleNet"}, graph=graph):
        assert row.title == titles[row.paper]


def test_beats_table_on_the_corpus_reads_at_100_columns(tmp_path, corpus_files):
    graph_file = tmp_path / "corpus.json"
    kg.build(corpus_files).save(graph_file)
    table = _kg("query", "beats", "--graph", str(graph_file), cwd=tmp_path)
    rows = json.loads(
        _kg("query", "beats", "--graph", str(graph_file), "--format", "json", cwd=tmp_path).stdout
    )
    assert table.returncode == 0 and f"reading graph {graph_file}" in table.stderr
    assert f"{len(rows)} row(s)" in table.stderr and len(rows) > 20
    lines = table.stdout.splitlines()
    assert max(map(len, lines)) <= 100
    assert len(lines) <= 6 * len(rows), "a row should take a handful of lines, not dozens"
    words = set(table.stdout.split())
    for row in rows:
        for column in ("winner", "loser", "title", "benchmark", "value"):
            for word in (row[column] or "").split():
                assert word in words, f"{word!r} of {column} {row[column]!r} was split or lost"
    assert "paper:" not in table.stdout and "claim:" not in table.stdout  # no hashes by default


def test_show_finds_papers_methods_and_claims(graph, tmp_path):
    from kg.query.show import show

    paper = show(graph, "rippleNET revisited")
    assert paper.label == "Paper" and paper.fields["title"] == "RippleNet Revisited"
    assert "Mamba" in paper.related["methods"] and paper.claims
    assert all(paper.text[c.start : c.end] == c.evidence for c in paper.claims)
    method = show(graph, "RippleNet")
    assert method.label == "Method" and "Mamba" in method.related["beaten by"]
    assert {c.paper_title for c in method.claims} >= {"RippleNet Revisited"}
    claim = show(graph, method.claims[0].id)
    assert claim.label == "Claim" and claim.claims[0].id == method.claims[0].id
    with pytest.raises(QueryError, match="nothing in the graph is named"):
        show(graph, "no such thing at all")
    with pytest.raises(QueryError, match="matches .* nodes"):
        show(graph, "long")
    assert _kg("build", str(EXAMPLES), "-o", "g.json", "-q", cwd=tmp_path).returncode == 0
    shown = _kg("show", "RippleNet", "Revisited", cwd=tmp_path)
    assert shown.returncode == 0 and "Paper: RippleNet Revisited" in shown.stdout
    assert "Mamba outperforms RippleNet on Long Range Arena" in shown.stdout
    assert f"reading graph {tmp_path / 'g.json'}" in shown.stderr
    missing = _kg("show", "zzz", cwd=tmp_path)
    assert missing.returncode == 1 and "nothing in the graph is named 'zzz'" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_graph_to_dataframe(graph):
    frame = kg.to_dataframe(run_query("leaderboard", {"benchmark": "Long Range Arena"}, graph=graph))
    assert list(frame.columns) == get_query("leaderboard").returns and frame.iloc[0]["method"] == "RippleNet"
    assert kg.to_dataframe([]).empty
