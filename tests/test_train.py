"""Training the learned pipeline: gold alignment, the fixed split, and `kg train` end to end."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kg.train.gold import entity_spans, evidence_span, find_form, read_gold, split_of

from .conftest import SHARED

GOLD = SHARED / "gold"


@given(
    before=st.text(alphabet="abc XYZ,.()-", max_size=30),
    form=st.from_regex(r"[A-Za-z][A-Za-z0-9\-]{0,10}( [A-Za-z0-9]{1,8}){0,2}", fullmatch=True),
    after=st.text(alphabet="abc XYZ,.()-", max_size=30),
)
def test_find_form_finds_an_inserted_form_at_word_boundaries(before, form, after):
    text = f"{before} {form} {after}"
    at = len(before) + 1
    found = find_form(text, form.upper())
    assert (at, at + len(form)) in found
    for start, end in found:
        assert text[start:end].lower() == form.lower()
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not text[end].isalnum()


def test_find_form_ignores_matches_inside_words():
    assert find_form("QLoRA and LoRA", "LoRA") == [(10, 14)]
    assert find_form("nothing here", "") == []


def test_entity_spans_keep_the_longest_and_never_overlap():
    annotation = {
        "methods": [["BERT"], ["BERT-large"]],
        "benchmarks": [["GLUE"]],
        "tasks": [["question answering"]],
        "claims": [
            {"kind": "outperforms", "subject": ["BERT-large"], "object": ["strong baselines"],
             "object_generic": True, "evidence": "BERT-large beats strong baselines on GLUE."}
        ],
    }
    text = "T\n\nBERT-large beats strong baselines on GLUE. BERT does question answering."
    spans = entity_spans(text, annotation)
    labels = [(text[s:e], label) for s, e, label in spans]
    assert labels == [
        ("BERT-large", "METHOD"), ("strong baselines", "GENERIC"), ("GLUE", "BENCHMARK"),
        ("BERT", "METHOD"), ("question answering", "TASK"),
    ]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_every_gold_form_and_evidence_aligns():
    """The guidelines promise every form occurs verbatim (case-insensitively) in the text."""
    gold = read_gold(GOLD / "train.jsonl", GOLD / "train_papers.jsonl")
    missing_forms, missing_evidence, forms = 0, 0, 0
    for item in gold:
        text = item.paper.text
        for field in ("methods", "benchmarks", "metrics", "tasks"):
            for entity in item.annotation.get(field) or []:
                forms += 1
                missing_forms += not any(find_form(text, f) for f in entity)
        for claim in item.annotation["claims"]:
            missing_evidence += evidence_span(text, claim["evidence"]) is None
    assert missing_evidence == 0
    assert missing_forms / forms < 0.01  # a handful of forms carry punctuation at a word edge


def test_split_is_fixed_by_paper_id_and_about_one_in_ten():
    gold = read_gold(GOLD / "train.jsonl", GOLD / "train_papers.jsonl")
    validation = [g.paper.id for g in gold if split_of(g.paper.id) == "validation"]
    assert 0.07 < len(validation) / len(gold) < 0.13
    assert validation == [g.paper.id for g in gold if split_of(g.paper.id) == "validation"]
    assert split_of("arxiv-2506.05305") == split_of("arxiv-2506.05305")


def _tree_equal(a: Path, b: Path) -> bool:
    comparison = filecmp.dircmp(a, b)
    if comparison.left_only or comparison.right_only:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, comparison.common_files, shallow=False)
    return not mismatch and not errors and all(_tree_equal(a / d, b / d) for d in comparison.common_dirs)


def test_kg_train_end_to_end_on_a_handful_of_papers_is_deterministic(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.extract import extract_papers, load_pipeline
    from kg.model import Paper

    runner = CliRunner()
    args = ["train", "--gold", str(GOLD), "--limit", "40", "--epochs", "1"]
    first = runner.invoke(app, [*args, "-o", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, [*args, "-o", str(tmp_path / "b")])
    assert second.exit_code == 0, second.output
    assert _tree_equal(tmp_path / "a", tmp_path / "b")
    scores = json.loads((tmp_path / "a" / "scores.json").read_text())
    assert {"validation", "dev"} <= set(scores)
    nlp = load_pipeline(tmp_path / "a")
    assert "kg_claim_model" in nlp.pipe_names
    paper = Paper(id="p", title="FooNet", abstract="We propose FooNet. FooNet outperforms BERT on GLUE.")
    extraction = next(extract_papers([paper], nlp=nlp))
    assert all(0.0 <= m.confidence <= 1.0 for m in extraction.mentions)


def test_kg_train_names_a_missing_gold_folder(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["train", "--gold", str(tmp_path), "-o", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "train.jsonl: not found" in result.output
    assert not (tmp_path / "m").exists()
