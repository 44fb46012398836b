"""Training examples for the proposed-method and claim models, built from gold annotations.

The gold mentions stand in for the entity recognizer's output, the rule detectors run as they
do at prediction time, and the candidates and features come from the very functions the
pipeline components use (``kg.extract.learned``, ``kg.extract.claim_features``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from kg.evaluate import forms_match
from kg.extract.claim_features import KINDS, proposed_features, role_features, sentence_features
from kg.extract.learned import ProposedModel, sentence_candidates
from kg.extract.segmentation import sentence_bounds
from kg.model.names import name_key
from kg.train.gold import GENERIC_LABEL, GoldPaper, entity_spans, evidence_span

_KIND_OF_LABEL = {"METHOD": "method", "BENCHMARK": "benchmark", "METRIC": "metric", "TASK": "task"}


@dataclass
class Examples:
    sentence_rows: list[list[str]] = field(default_factory=list)
    sentence_kinds: list[set[str]] = field(default_factory=list)
    role_rows: list[list[str]] = field(default_factory=list)
    role_labels: list[str] = field(default_factory=list)
    proposed_rows: list[list[str]] = field(default_factory=list)
    proposed_labels: list[str] = field(default_factory=list)


def known_method_counts(gold: list[GoldPaper]) -> Counter:
    """In how many papers each method name (key) occurs without being proposed."""
    counts: Counter = Counter()
    for item in gold:
        proposed = {name_key(f) for forms in item.annotation.get("proposed") or [] for f in forms}
        keys = {name_key(f) for forms in item.annotation.get("methods") or [] for f in forms}
        counts.update(keys - proposed)
    return counts


def gold_doc(item: GoldPaper, rules: Language) -> Doc:
    """The paper's Doc with gold mentions in place of predicted ones, rules run on top."""
    text = item.paper.text
    doc = rules.make_doc(text)
    for name in ("kg_sentencizer", "kg_abbreviations"):
        doc = rules.get_pipe(name)(doc)
    spans = entity_spans(text, item.annotation)
    doc._.kg_mentions = [(s, e, _KIND_OF_LABEL[label], "gold", 1.0) for s, e, label in spans if label in _KIND_OF_LABEL]
    doc._.kg_generic = [(s, e) for s, e, label in spans if label == GENERIC_LABEL]
    doc = rules.get_pipe("kg_proposed")(doc)
    return doc


def add_paper(examples: Examples, item: GoldPaper, doc: Doc, known: Counter) -> None:
    text = item.paper.text
    annotation = item.annotation
    gold_proposed = annotation.get("proposed") or []
    own_methods = {name_key(f) for forms in annotation.get("methods") or [] for f in forms}
    own_proposed = {name_key(f) for forms in gold_proposed for f in forms}

    def known_elsewhere(key: str) -> int:
        count = known.get(key, 0) - (1 if key in own_methods - own_proposed else 0)
        return count if count >= 2 else 0  # no entry that one other paper alone supports

    title_end = text.find("\n")
    for group, rule in ProposedModel(0.5).candidates(doc):
        name = text[slice(*group[0])]
        forms = sorted({text[s:e] for s, e in group})
        examples.proposed_rows.append(proposed_features(text, title_end, name, group, rule, known_elsewhere(name_key(name))))
        examples.proposed_labels.append("1" if any(forms_match(forms, g) for g in gold_proposed) else "0")

    proposed_keys = {name_key(f) for forms in gold_proposed for f in forms}
    proposed_forms = gold_proposed[0] if gold_proposed else []
    bounds = sentence_bounds(doc)
    claims_at: dict[int, list[dict]] = {}
    for claim in annotation.get("claims") or []:
        span = evidence_span(text, claim.get("evidence") or "")
        if span is None:
            continue
        overlaps = [min(e, span[1]) - max(s, span[0]) for s, e in bounds]
        claims_at.setdefault(max(range(len(bounds)), key=overlaps.__getitem__), []).append(claim)
    for index, (start, end) in enumerate(bounds):
        if index == 0:
            continue
        candidates = sentence_candidates(text, start, end, doc._.kg_mentions, doc._.kg_generic, proposed_keys)
        gold_claims = claims_at.get(index, [])
        examples.sentence_rows.append(
            sentence_features(text[start:end], index=index, count=len(bounds), candidates=candidates, is_title=False)
        )
        examples.sentence_kinds.append({c["kind"] for c in gold_claims})
        for kind in KINDS:
            of_kind = [c for c in gold_claims if c["kind"] == kind]
            if not of_kind:
                continue
            for candidate in candidates:
                forms = proposed_forms if candidate.kind == "PROPOSED" else [candidate.text]
                if candidate.kind == "ANAPHOR" and proposed_forms:
                    forms = [candidate.text, *proposed_forms]
                label = "none"
                if any(forms and forms_match(forms, c["subject"]) for c in of_kind):
                    label = "subject"
                elif candidate.kind not in ("PROPOSED", "ANAPHOR") and any(
                    c.get("object") and forms_match(forms, c["object"]) for c in of_kind
                ):
                    label = "object"
                examples.role_rows.append(role_features(text[start:end], start, kind, candidate, candidates))
                examples.role_labels.append(label)


def build_examples(gold: list[GoldPaper], rules: Language, known: Counter) -> Examples:
    examples = Examples()
    for item in gold:
        add_paper(examples, item, gold_doc(item, rules), known)
    return examples
