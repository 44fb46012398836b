"""The shipped learned pipeline (pipelines/model) on crafted sentences, its confidences, and
its determinism. Sentences are written for these tests, not taken from any gold set."""

from __future__ import annotations

import pytest

from kg.extract import DEFAULT_MODEL, extract_papers, load_pipeline
from kg.model import ClaimKind, Paper


@pytest.fixture
def nlp(learned_nlp):
    return learned_nlp


def extract(nlp, abstract: str, title: str = "A test paper"):
    return next(extract_papers([Paper(id="t", title=title, abstract=abstract)], nlp=nlp))


def claims_of(extraction, kind: ClaimKind | None = None):
    return [c for c in extraction.claims if kind is None or c.kind == kind]


def test_the_default_profile_is_the_shipped_trained_model(nlp):
    assert DEFAULT_MODEL.is_dir()
    assert {"tok2vec", "ner", "kg_proposed_model", "kg_claim_model"} <= set(nlp.pipe_names)
    assert nlp.meta["kg_scores"]["validation"]["entities"]["f1"] > 0.5


def test_outperforms_with_a_named_loser_and_the_proposed_subject(nlp):
    result = extract(
        nlp,
        "We propose GraphMixer, a lightweight architecture for link prediction. "
        "GraphMixer outperforms GraphSAGE by 4.2% accuracy on the OGB-Collab benchmark.",
    )
    assert ["GraphMixer"] in result.proposed
    beats = claims_of(result, ClaimKind.outperforms)
    assert any(c.subject[0] == "GraphMixer" and "GraphSAGE" in c.object for c in beats)


def test_anaphora_our_method_resolves_to_the_proposed_name(nlp):
    result = extract(
        nlp,
        "We introduce TokenWeave, a scheduler for speculative decoding. "
        "Experiments on three datasets show that our method significantly outperforms Medusa and EAGLE.",
    )
    subjects = {c.subject[0] for c in claims_of(result, ClaimKind.outperforms)}
    assert subjects == {"TokenWeave"}
    losers = {c.object[0] for c in claims_of(result, ClaimKind.outperforms)}
    assert {"Medusa", "EAGLE"} <= losers


def test_generic_losers_are_marked_generic(nlp):
    result = extract(
        nlp,
        "We present FlowPrune, a token pruning method for vision transformers. "
        "FlowPrune consistently outperforms existing pruning methods on ImageNet.",
    )
    beats = claims_of(result, ClaimKind.outperforms)
    assert beats and all(c.object_generic for c in beats)


def test_comparable_forms(nlp):
    result = extract(
        nlp,
        "We propose LiteRank, a distilled reranker. "
        "LiteRank achieves performance comparable to ColBERT while using ten times less memory.",
    )
    assert any(c.kind == ClaimKind.comparable and "ColBERT" in c.object for c in result.claims)


def test_improvement_without_a_number(nlp):
    result = extract(
        nlp,
        "We propose CurriculumMix, a data ordering strategy for instruction tuning. "
        "CurriculumMix substantially improves reasoning accuracy on GSM8K.",
    )
    assert any(c.kind in (ClaimKind.improves, ClaimKind.outperforms) and c.subject[0] == "CurriculumMix" for c in result.claims)


def test_hedged_and_future_work_sentences_state_no_claim(nlp):
    result = extract(
        nlp,
        "We study whether retrieval could help small language models. "
        "In future work, we may explore whether such methods can outperform larger models.",
    )
    assert not result.claims


def test_every_mention_and_claim_carries_a_probability_and_provenance(nlp):
    abstract = (
        "We propose SparseDiff, a diffusion sampler. SparseDiff reduces FID by 12% on CIFAR-10 "
        "and outperforms DDIM on ImageNet."
    )
    text = Paper(id="t", title="A test paper", abstract=abstract).text
    result = extract(nlp, abstract)
    assert result.mentions and result.claims
    for mention in result.mentions:
        assert 0.0 <= mention.confidence <= 1.0 and mention.rule
        assert text[mention.start : mention.end] == mention.text
    for claim in result.claims:
        assert 0.0 <= claim.confidence <= 1.0 and claim.rule
        assert text[claim.start : claim.end] == claim.evidence and claim.paper_id == "t"


def test_min_confidence_drops_claims_and_mentions_below_it(nlp):
    paper = Paper(
        id="t",
        title="A test paper",
        abstract="We propose SparseDiff, a diffusion sampler. SparseDiff outperforms DDIM and PLMS on ImageNet.",
    )
    everything = next(extract_papers([paper], nlp=nlp))
    threshold = sorted({c.confidence for c in everything.claims})[-1]
    kept = next(extract_papers([paper], nlp=nlp, min_confidence=threshold))
    assert kept.claims and all(c.confidence >= threshold for c in kept.claims)
    assert len(kept.claims) <= len(everything.claims)
    assert all(m.confidence >= threshold for m in kept.mentions)


def test_the_shipped_model_is_deterministic(nlp):
    abstract = (
        "We propose KernelBoost, a boosting method for tabular data. KernelBoost outperforms "
        "XGBoost and LightGBM on the Adult dataset, improving AUC by 1.3 points."
    )
    first = extract(nlp, abstract).model_dump()
    again = extract(load_pipeline(), abstract).model_dump()
    assert first == again


def test_fast_profile_is_rules_only():
    fast = load_pipeline(profile="fast")
    assert "ner" not in fast.pipe_names and "kg_claims" in fast.pipe_names
