"""Canned-query catalogue, parameters and the networkx twins on the example corpus."""

from __future__ import annotations

import csv
import io
import json
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
    return kg.build([EXAMPLES]).graph


def test_catalogue_headers_twins_and_row_models_agree():
    queries = catalogue()
    assert len(queries) >= 11
    assert set(queries) == set(TWINS) == set(ROW_MODELS)
    for query in queries.values():
        assert query.description and query.cypher.strip()
        assert list(ROW_MODELS[query.name].model_fields) == query.returns, query.name
        assert {c.lstrip("-") for c in query.order} <= set(query.returns), query.name
        for param in query.params:
            assert f"${param.name}" in query.cypher, f"{query.name}: ${param.name} unused"
        assert not _WRITE_CLAUSE.search(query.cypher), f"{query.name} has a write clause"
        assert "+ $" not in query.cypher.replace("+ $terms", ""), "values go in as parameters only"


def test_parameters_are_checked_and_coerced():
    beats = get_query("beats")
    assert prepare_params(beats, {}) == {"benchmark": None, "metric": None}
    with pytest.raises(QueryError, match="has no parameter foo; it takes: benchmark, metric"):
        prepare_params(beats, {"foo": "x"})
    with pytest.raises(QueryError, match="needs --param method"):
        prepare_params(get_query("beaten_by"), {})
    top = get_query("top_baselines")
    assert prepare_params(top, {"limit": "7"}) == {"limit": 7}
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
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd)


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
    missing = _kg("query", "leaderboard", cwd=tmp_path)
    assert missing.returncode == 1 and "needs --param benchmark" in missing.stderr
    nowhere = _kg("query", "beats", "--graph", "absent.json", cwd=tmp_path)
    assert nowhere.returncode == 1 and "absent.json" in nowhere.stderr and "Traceback" not in nowhere.stderr
    no_server = _kg("query", "beats", "--backend", "neo4j", "--uri", "bolt://127.0.0.1:1", cwd=tmp_path)
    assert no_server.returncode == 1 and "bolt://127.0.0.1:1" in no_server.stderr
