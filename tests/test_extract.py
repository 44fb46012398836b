from __future__ import annotations

import pytest

from kg.extract import extract_papers
from kg.extract.abbreviations import find_abbreviations
from kg.model import Paper


def _run(nlp, abstract: str, title: str = "A Study of Sequence Models"):
    return next(extract_papers([Paper(id="t", title=title, abstract=abstract)], nlp=nlp))


def _claims(result):
    return [
        (c.kind.value, c.subject[0], c.object[0] if c.object else None, c.object_generic)
        for c in result.claims
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("GateLoop outperforms Mamba on WikiText-103.", ("outperforms", "GateLoop", "Mamba", False)),
        ("GateLoop surpasses the Transformer.", ("outperforms", "GateLoop", "Transformer", False)),
        ("GateLoop beats Mamba.", ("outperforms", "GateLoop", "Mamba", False)),
        ("GateLoop is better than Mamba.", ("outperforms", "GateLoop", "Mamba", False)),
        ("GateLoop is superior to Mamba.", ("outperforms", "GateLoop", "Mamba", False)),
        ("GateLoop achieves lower perplexity than Mamba.", ("outperforms", "GateLoop", "Mamba", False)),
        ("Mamba lags behind GateLoop on long inputs.", ("outperforms", "GateLoop", "Mamba", False)),
        ("GateLoop performs on par with Mamba.", ("comparable", "GateLoop", "Mamba", False)),
        ("GateLoop is competitive with the Transformer.", ("comparable", "GateLoop", "Transformer", False)),
        ("GateLoop outperforms strong baselines.", ("outperforms", "GateLoop", "strong baselines", True)),
        (
            "GateLoop outperforms state-of-the-art methods.",
            ("outperforms", "GateLoop", "state-of-the-art methods", True),
        ),
    ],
)
def test_claim_forms(nlp, sentence, expected):
    assert expected in _claims(_run(nlp, "We study recurrences. " + sentence))


def test_multiple_losers_give_one_claim_each(nlp):
    claims = _claims(
        _run(nlp, "We study recurrences. GateLoop outperforms LSTMs, GRUs and Transformers on text.")
    )
    losers = {c[2] for c in claims if c[0] == "outperforms"}
    assert {"LSTMs", "GRUs", "Transformers"} <= losers


@pytest.mark.parametrize(
    "sentence",
    [
        "GateLoop does not outperform Mamba.",
        "GateLoop may outperform Mamba in future work.",
        "It is unclear whether GateLoop outperforms Mamba.",
        "GateLoop could potentially surpass Mamba.",
    ],
)
def test_negated_and_hedged_claims_are_dropped(nlp, sentence):
    assert not [c for c in _claims(_run(nlp, "We study recurrences. " + sentence)) if c[0] == "outperforms"]


def test_our_method_resolves_to_proposed_and_value_benchmark_metric(nlp):
    result = _run(
        nlp,
        "We propose GateLoop, a gated linear recurrence. Our model outperforms Mamba by 3% in accuracy on WikiText-103.",
    )
    assert result.proposed == [["GateLoop"]]
    claim = result.claims[0]
    assert (claim.subject, claim.object) == (["GateLoop"], ["Mamba"])
    assert claim.value == "3%"
    assert claim.benchmarks == [["WikiText-103"]] and claim.metric == ["accuracy"]
    text = Paper(
        id="t",
        title="A Study of Sequence Models",
        abstract="We propose GateLoop, a gated linear recurrence. Our model outperforms Mamba by 3% in accuracy on WikiText-103.",
    ).text
    assert text[claim.start : claim.end] == claim.evidence
    assert claim.rule.startswith("claim:") and 0 < claim.confidence <= 1


def test_sota_and_improves(nlp):
    result = _run(
        nlp,
        "We introduce GateLoop. GateLoop achieves state-of-the-art results on Long Range Arena. GateLoop reduces memory usage by 40%.",
    )
    kinds = {(c.kind.value, c.subject[0]) for c in result.claims}
    assert ("sota", "GateLoop") in kinds and ("improves", "GateLoop") in kinds
    improves = next(c for c in result.claims if c.kind.value == "improves")
    assert improves.value == "40%"


def test_speedup_value(nlp):
    result = _run(nlp, "We propose GateLoop. GateLoop is 3x faster than FlashAttention.")
    claim = result.claims[0]
    assert claim.kind.value == "outperforms" and claim.object == ["FlashAttention"] and claim.value == "3x"


def test_abbreviations_become_aliases(nlp):
    result = _run(
        nlp, "Large language models (LLMs) are costly. We propose Gated Sparse Routing (GSR) for LLMs."
    )
    assert ["Large language models", "LLMs"] in result.methods
    assert ["Gated Sparse Routing", "GSR"] in result.proposed
    text = "We use the Abstraction and Reasoning Corpus (ARC)."
    ((a, b, c, d),) = find_abbreviations(text)
    assert text[a:b] == "Abstraction and Reasoning Corpus" and text[c:d] == "ARC"


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        ("A Study", "In this paper, we introduce HydraNet, a multi-head network. It works.", ["HydraNet"]),
        (
            "A Study",
            "Our model, the Routing Transformer, uses clustering. It works well.",
            ["Routing Transformer"],
        ),
        ("A Study", "We design a recurrent unit, which we call LoopCell. It is small.", ["LoopCell"]),
        ("VQToken: Token Reduction for Video", "VQToken compresses video tokens. It is fast.", ["VQToken"]),
        ("A Study", "We propose a novel method for compression. It is fast.", None),
        ("A Study", "We present an approach for using LLMs in planning. It helps.", None),
        ("A Study", "We develop a Monte Carlo Tree Search (MCTS) protocol for routing. It helps.", None),
        ("A Study", "We introduce FASER, a system for serving. It is fast.", ["FASER"]),
        (
            "A Study",
            "We train Quasar Nets (QNs) -- a new class of recurrent models. They scale.",
            ["Quasar Nets", "QNs"],
        ),
        (
            "A Study",
            "We add a mechanism, which we refer to as Drift Gating, to the model. It helps.",
            ["Drift Gating"],
        ),
        ("A Study", "Good models follow a principle called Occam's razor. We test it.", None),
        (
            "Music Transformer",
            "We propose a model that captures long-term structure. It works.",
            ["Music Transformer"],
        ),
        (
            "Gated Sparse Networks for Speech Recognition",
            "We propose a sparse gated architecture. It is fast.",
            ["Gated Sparse Networks"],
        ),
        ("Evaluating Sequence-to-Sequence Models", "We propose a protocol. It is fair.", None),
        ("Pre-Trained Language Models for Planning", "We propose a study of planning. It is fair.", None),
    ],
)
def test_proposed_detection(nlp, title, abstract, expected):
    result = _run(nlp, abstract, title=title)
    if expected is None:
        assert result.proposed == []
    else:
        assert expected in result.proposed


def test_entities_have_provenance(nlp):
    result = _run(nlp, "We evaluate Mamba on ImageNet for image classification and report top-1 accuracy.")
    kinds = {(m.kind.value, m.text) for m in result.mentions}
    assert {
        ("method", "Mamba"),
        ("benchmark", "ImageNet"),
        ("task", "image classification"),
        ("metric", "top-1 accuracy"),
    } <= kinds
    for mention in result.mentions:
        assert mention.rule and mention.paper_id == "t"


def test_pipe_is_deterministic_and_multiprocess_safe(nlp, corpus_files):
    from kg.ingest import read_papers

    papers = read_papers(corpus_files[:1]).papers[:20]
    one = [e.model_dump() for e in extract_papers(papers, nlp=nlp)]
    two = [e.model_dump() for e in extract_papers(papers, nlp=nlp, n_process=2, batch_size=5)]
    assert one == two


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "We propose GateLoop. GateLoop cuts latency by 40% compared to Mamba.",
            ("outperforms", "GateLoop", "Mamba", False),
        ),
        (
            "We propose GateLoop. It improves throughput by 2x over state-of-the-art systems.",
            ("outperforms", "GateLoop", "state-of-the-art systems", True),
        ),
        (
            "We propose GateLoop. We find that it outperforms recent baselines such as Mamba and GLA.",
            ("outperforms", "GateLoop", "GLA", False),
        ),
        (
            "We propose GateLoop. The proposed model reduces forgetting across many encoders, outperforming "
            "relevant baselines.",
            ("outperforms", "GateLoop", "relevant baselines", True),
        ),
        (
            "We propose GateLoop. GateLoop outperforms Mamba, closely approaching full fine-tuning.",
            ("comparable", "GateLoop", "full fine-tuning", False),
        ),
        (
            "We propose GateLoop. GateLoop achieves superior performance over the Transformer.",
            ("outperforms", "GateLoop", "Transformer", False),
        ),
        (
            "We train word vectors on ten languages. We show that our vectors achieve state-of-the-art "
            "performance on these tasks.",
            ("sota", "our vectors", None, False),
        ),
        (
            "We propose FASER. Our FASER prototype in vLLM improves throughput by 53% compared to "
            "state-of-the-art systems.",
            ("outperforms", "FASER", "state-of-the-art systems", True),
        ),
    ],
)
def test_comparisons_stated_indirectly(nlp, abstract, expected):
    assert expected in _claims(_run(nlp, abstract))


def test_sota_used_as_an_adjective_is_no_sota_claim(nlp):
    result = _run(nlp, "We propose GateLoop. GateLoop reduces computation by 51% over SOTA prefix-caching.")
    assert [c[0] for c in _claims(result)] == ["outperforms"]


@pytest.mark.parametrize(
    ("abstract", "not_a_method"),
    [
        ("Code is at github.com/someone/GateLoop. It works.", "github.com/someone/GateLoop"),
        ("The Transformer (Vaswani et al., 2017) is popular. It works.", "Vaswani"),
        ("We map S to R with a functor. It works.", "S"),
        ("We use LM-based policies. They work.", "LM-based"),
        ("We train a student model and a teacher model. They work.", "student model"),
    ],
)
def test_name_lookalikes_are_not_methods(nlp, abstract, not_a_method):
    result = _run(nlp, abstract)
    assert all(not_a_method not in forms for forms in result.methods)


def test_comparative_about_a_property_needs_a_method_on_the_other_side(nlp):
    result = _run(
        nlp, "We probe GateLoop. Its subspace is much lower than those of the representation spaces."
    )
    assert result.claims == []
    result = _run(nlp, "We propose GateLoop. GateLoop reaches lower perplexity than Mamba.")
    assert ("outperforms", "GateLoop", "Mamba", False) in _claims(result)


def test_objects_drop_adverbs_and_verb_phrases(nlp):
    result = _run(nlp, "We propose GateLoop. GateLoop outperforms existing sequential models consistently.")
    assert ("outperforms", "GateLoop", "existing sequential models", False) in _claims(result)
    result = _run(nlp, "We propose GateLoop. GateLoop outperforms inserting pause tokens.")
    assert result.claims == []
