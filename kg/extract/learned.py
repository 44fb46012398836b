"""The learned pipeline components: entity mentions from the trained NER, the proposed-method
classifier and the claim model.

They write the same ``Doc._`` attributes as the rule components (``kg_mentions``,
``kg_proposed``, ``kg_claims``), so ``convert.doc_to_extraction`` serves both profiles.
Weights live next to the pipeline (``nlp.to_disk``): hashed-feature logistic models
(``linear.LinearModel``) and isotonic calibration tables fitted on the validation split.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.claim_features import (
    _CUE,
    _HEDGE,
    _NEGATION,
    ANAPHOR,
    GENERIC_PHRASE,
    KINDS,
    TRIGGERS,
    Candidate,
    proposed_features,
    role_features,
    sentence_features,
)
from kg.extract.guards import MAX_SENTENCE_CHARS
from kg.extract.linear import LinearModel, hash_features
from kg.extract.segmentation import doc_text, sentence_bounds
from kg.model.names import name_key

if not Doc.has_extension("kg_generic"):
    Doc.set_extension("kg_generic", default=None)

NER_KINDS = {"METHOD": "method", "BENCHMARK": "benchmark", "METRIC": "metric", "TASK": "task"}


class Calibration:
    """A monotone map from a model score to a probability (isotonic regression, stored as points)."""

    def __init__(self, xs: list[float] | None = None, ys: list[float] | None = None) -> None:
        self.xs = list(xs or [0.0, 1.0])
        self.ys = list(ys or [0.0, 1.0])

    def __call__(self, score: float | numpy.ndarray):
        return numpy.interp(score, self.xs, self.ys)

    @classmethod
    def fit(cls, scores: Iterable[float], correct: Iterable[bool]) -> Calibration:
        from sklearn.isotonic import IsotonicRegression

        scores, correct = numpy.asarray(list(scores), float), numpy.asarray(list(correct), float)
        if len(scores) < 10:
            return cls()
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(scores, correct)
        return cls([float(x) for x in iso.X_thresholds_], [float(y) for y in iso.y_thresholds_])

    def to_json(self) -> dict:
        return {"xs": self.xs, "ys": self.ys}


def _save_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# --- mentions -------------------------------------------------------------------------------


def mention_features(text: str, start: int, end: int, label: str, counts: dict[str, int], known: int) -> list[str]:
    surface = text[start:end]
    n_words = len(surface.split())
    features = [f"label={label}", f"words={min(n_words, 5)}", f"label={label}|known={min(known, 3)}"]
    features.append(f"label={label}|count={min(counts.get(name_key(surface), 0), 3)}")
    if surface.isupper():
        features.append("upper")
    if surface[:1].isupper():
        features.append(f"label={label}|capital")
    if re.search(r"\d", surface):
        features.append("digit")
    if start < text.find("\n") if "\n" in text else False:
        features.append("in_title")
    return features


@Language.factory(
    "kg_ner_mentions",
    assigns=["doc._.kg_mentions", "doc._.kg_generic"],
    requires=["doc.ents"],
    default_config={"threshold": 0.0, "keep_rule_mentions": True},
)
def make_ner_mentions(nlp: Language, name: str, threshold: float, keep_rule_mentions: bool) -> NerMentions:
    return NerMentions(threshold, keep_rule_mentions)


class NerMentions:
    """``doc.ents`` -> ``doc._.kg_mentions`` with a calibrated probability per mention;
    GENERIC spans ("strong baselines") go to ``doc._.kg_generic`` for the claim model."""

    def __init__(self, threshold: float, keep_rule_mentions: bool = True) -> None:
        self.threshold = threshold
        self.keep_rule_mentions = keep_rule_mentions
        self.model: LinearModel | None = None
        self.known: dict[str, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        if self.keep_rule_mentions and doc._.kg_mentions:
            # what the rule recognizer found where the model found nothing (lexicon terms,
            # abbreviation definitions) comes along, scored by the same mention model
            labels = {kind: label for label, kind in NER_KINDS.items()}
            taken = [(s, e) for s, e, _ in ents]
            extra = [
                (s, e, labels[kind])
                for s, e, kind, *_ in doc._.kg_mentions
                if all(e <= ts or s >= te for ts, te in taken)
            ]
            ents = sorted(ents + extra)
        counts: dict[str, int] = {}
        for start, end, _label in ents:
            key = name_key(text[start:end])
            counts[key] = counts.get(key, 0) + 1
        mentions, generic = [], []
        rows = []
        for start, end, label in ents:
            if label == "GENERIC":
                generic.append((start, end))
                continue
            if label not in NER_KINDS:
                continue
            mentions.append((start, end, NER_KINDS[label]))
            rows.append(mention_features(text, start, end, label, counts, self.known.get(name_key(text[start:end]), 0)))
        probabilities = self.model.probability(rows, "1") if self.model and rows else [0.75] * len(rows)
        doc._.kg_mentions = [
            (s, e, kind, "ner", round(float(p), 3))
            for (s, e, kind), p in zip(mentions, probabilities, strict=True)
            if p >= self.threshold
        ]
        doc._.kg_generic = generic
        return doc

    def to_disk(self, path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.model:
            self.model.to_disk(path / "mentions")
        _save_json(path / "known.json", self.known)

    def from_disk(self, path, exclude=()) -> NerMentions:
        path = Path(path)
        if (path / "mentions.npz").exists():
            self.model = LinearModel.from_disk(path / "mentions")
        self.known = json.loads((path / "known.json").read_text(encoding="utf-8"))
        return self


@Language.factory(
    "kg_mention_threshold", assigns=["doc._.kg_mentions"], requires=["doc._.kg_claims"], default_config={"threshold": 0.0}
)
def make_mention_threshold(nlp: Language, name: str, threshold: float) -> MentionThreshold:
    return MentionThreshold(threshold)


class MentionThreshold:
    """Last in the pipeline: drops mentions below ``threshold``, except those a claim or a
    proposed method rests on. The claim model still sees every candidate; only the entity
    lists get the precision the threshold buys."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        if self.threshold <= 0:
            return doc
        used = {(s, e) for s, e, *_ in doc._.kg_proposed or []}
        for claim in doc._.kg_claims or []:
            for side in (claim["subject"], claim.get("object")):
                if side and side[0] == "mention":
                    used.add((side[1], side[2]))
                elif side and side[0] == "phrase" and side[2] is not None:
                    used.add((side[2], side[3]))
            used.update(tuple(span) for span in claim["benchmarks"])
            if claim.get("metric"):
                used.add(tuple(claim["metric"]))
        doc._.kg_mentions = [m for m in doc._.kg_mentions or [] if m[4] >= self.threshold or (m[0], m[1]) in used]
        return doc

    def to_disk(self, path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        _save_json(path / "state.json", {"threshold": self.threshold})

    def from_disk(self, path, exclude=()) -> MentionThreshold:
        self.threshold = json.loads((Path(path) / "state.json").read_text(encoding="utf-8"))["threshold"]
        return self


# --- proposed -------------------------------------------------------------------------------


def method_groups(text: str, mentions: list, abbreviations: list) -> list[list[tuple[int, int]]]:
    """Method mentions grouped into entities (same name key, or linked by an abbreviation)."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    spans: dict[str, list[tuple[int, int]]] = {}
    for start, end, kind, *_ in mentions:
        if kind == "method":
            key = name_key(text[start:end])
            parent.setdefault(key, key)
            spans.setdefault(key, []).append((start, end))
    for long_start, long_end, short_start, short_end in abbreviations or []:
        a, b = name_key(text[long_start:long_end]), name_key(text[short_start:short_end])
        if a in parent and b in parent and find(a) != find(b):
            parent[find(b)] = find(a)
    groups: dict[str, list[tuple[int, int]]] = {}
    for key, found in spans.items():
        groups.setdefault(find(key), []).extend(found)
    return [sorted(group) for group in groups.values()]


@Language.factory(
    "kg_proposed_model",
    assigns=["doc._.kg_proposed"],
    requires=["doc._.kg_mentions"],
    default_config={"threshold": 0.5},
)
def make_proposed_model(nlp: Language, name: str, threshold: float) -> ProposedModel:
    return ProposedModel(threshold)


class ProposedModel:
    """Decides which method entities the paper proposes; the rule detector's picks are a feature."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.model: LinearModel | None = None
        self.known: dict[str, int] = {}
        self.calibration = Calibration()

    def candidates(self, doc: Doc) -> list[tuple[list[tuple[int, int]], bool]]:
        text = doc_text(doc)
        groups = method_groups(text, doc._.kg_mentions or [], doc._.kg_abbreviations)
        rule_spans = [(s, e) for s, e, *_ in doc._.kg_proposed or []]
        result = []
        for group in groups:
            keys = {name_key(text[s:e]) for s, e in group}
            result.append((group, any(name_key(text[s:e]) in keys for s, e in rule_spans)))
        return result

    def scored(self, doc: Doc) -> list[tuple[list[tuple[int, int]], float]]:
        """Every method entity of the doc (its spans) with the model's raw score."""
        text = doc_text(doc)
        title_end = text.find("\n") if "\n" in text else len(text)
        candidates = self.candidates(doc)
        rows = []
        for group, rule in candidates:
            name = text[slice(*group[0])]
            rows.append(proposed_features(text, title_end, name, group, rule, self.known.get(name_key(name), 0)))
        scores = self.model.probability(rows, "1") if self.model and rows else numpy.zeros(len(rows))
        return [(group, float(score)) for (group, _rule), score in zip(candidates, scores, strict=True)]

    def __call__(self, doc: Doc) -> Doc:
        proposed = []
        for group, score in self.scored(doc):
            if score >= self.threshold:
                start, end = max(group, key=lambda span: (span[1] - span[0], -span[0]))
                proposed.append((start, end, "model:proposed", round(float(self.calibration(score)), 3)))
        doc._.kg_proposed = proposed
        return doc

    def to_disk(self, path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.model:
            self.model.to_disk(path / "proposed")
        state = {"known": self.known, "calibration": self.calibration.to_json(), "threshold": self.threshold}
        _save_json(path / "state.json", state)

    def from_disk(self, path, exclude=()) -> ProposedModel:
        path = Path(path)
        self.model = LinearModel.from_disk(path / "proposed")
        state = json.loads((path / "state.json").read_text(encoding="utf-8"))
        self.known, self.calibration = state["known"], Calibration(**state["calibration"])
        self.threshold = state.get("threshold", self.threshold)
        return self


# --- claims ---------------------------------------------------------------------------------


def sentence_candidates(
    text: str, start: int, end: int, mentions: list, generic: list, proposed_keys: set[str]
) -> list[Candidate]:
    """Subjects/objects a claim in ``text[start:end]`` can have, in reading order, plus the
    paper's proposed method as a pseudo-candidate when the sentence does not name it."""
    sentence = text[start:end]
    found: list[Candidate] = []

    def free(s: int, e: int) -> bool:
        return all(e <= c.start or s >= c.end for c in found)

    for s, e, kind, *_ in mentions:
        if kind == "method" and start <= s and e <= end:
            found.append(Candidate(s, e, text[s:e], "METHOD", name_key(text[s:e]) in proposed_keys))
    for s, e in generic:
        if start <= s and e <= end and free(s, e):
            found.append(Candidate(s, e, text[s:e], "GENERIC"))
    for pattern, kind in ((ANAPHOR, "ANAPHOR"), (GENERIC_PHRASE, "GENERIC")):
        for match in pattern.finditer(sentence):
            s, e = match.start() + start, match.end() + start
            if free(s, e):
                found.append(Candidate(s, e, text[s:e], kind, kind == "ANAPHOR" and bool(proposed_keys)))
    found.sort(key=lambda c: c.start)
    if proposed_keys and not any(c.proposed for c in found):
        found.append(Candidate(-1, -1, "", "PROPOSED", True))
    return found


_VALUE = re.compile(
    r"(?:\bby\s+|\bof\s+|\bup to\s+|\bto\s+|\bwith\s+)?"
    r"(?P<value>\d+(?:[.,]\d+)?\s*(?:\\?%|x\b|×|-?fold|\s?(?:absolute\s+|percentage\s+)?points?|pp\b|times\b))",
    re.IGNORECASE,
)


def _distinct(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    seen, result = set(), []
    for start, end in spans:
        key = name_key(text[start:end])
        if key not in seen:
            seen.add(key)
            result.append((start, end))
    return result


def _value_near(sentence: str, offset: int, metric: tuple[int, int] | None, values: list[str]) -> str | None:
    """With several results in a sentence, the amount written closest after the metric."""
    if not values or metric is None:
        return values[0] if values else None
    at = metric[0] - offset
    following = [m for m in _VALUE.finditer(sentence) if m.start() >= at]
    return (following[0] if following else list(_VALUE.finditer(sentence))[-1]).group("value").strip()


@Language.factory(
    "kg_claim_model",
    assigns=["doc._.kg_claims"],
    requires=["doc._.kg_mentions", "doc._.kg_proposed"],
    default_config={"thresholds": {}, "role_threshold": 0.3, "keep_rule_claims": True},
)
def make_claim_model(
    nlp: Language, name: str, thresholds: dict, role_threshold: float, keep_rule_claims: bool
) -> ClaimModel:
    return ClaimModel(thresholds, role_threshold, keep_rule_claims)


def _side_key(text: str, side: tuple | None) -> str:
    if side is None:
        return ""
    if side[0] == "mention":
        return name_key(text[side[1] : side[2]])
    if side[0] == "our":
        return "our"
    return name_key(side[1])


def _claim_key(text: str, claim: dict) -> tuple:
    return (claim["sentence"], claim["kind"], _side_key(text, claim["subject"]), _side_key(text, claim.get("object")))


def claim_verifier_features(claim: dict, sentence: str) -> list[str]:
    """What the confidence model sees of a claim: its kind, where it came from, the shape of
    its arguments, the sentence model's score (bucketed) and cues of the sentence."""
    source = "model" if claim["rule"].startswith("model:") else "rules"
    subject, obj = claim["subject"], claim.get("object")
    score = min(int(claim["score"] * 10), 9)
    features = [
        f"source={source}",
        f"kind={claim['kind']}",
        f"source={source}|kind={claim['kind']}",
        f"score={score}",
        f"source={source}|score={score}",
        f"kind={claim['kind']}|score={score}",
        f"subject={subject[0]}",
        f"object={obj[0] if obj else 'none'}",
        f"generic={bool(claim.get('object_generic')) or (obj is not None and obj[0] == 'phrase' and obj[2] is None)}",
        f"value={claim.get('value') is not None}",
        f"benchmarks={min(len(claim.get('benchmarks') or []), 2)}",
        f"metric={claim.get('metric') is not None}",
        f"agree={claim.get('agree', False)}",
        f"source={source}|agree={claim.get('agree', False)}",
        f"p_kind={min(int(claim.get('p_kind', claim['score']) * 10), 9)}",
    ]
    if source == "rules":
        features.append(f"rule={claim['rule']}")
    lower = sentence.lower()
    trigger = TRIGGERS[claim["kind"]].search(lower)
    features.append(f"trigger={trigger.group().split()[0][:12] if trigger else 'none'}")
    for name, pattern in (("hedge", _HEDGE), ("negation", _NEGATION), ("cue", _CUE)):
        features.append(f"{name}={bool(pattern.search(lower))}")
    features.append(f"kind={claim['kind']}|subject={subject[0]}|object={obj[0] if obj else 'none'}")
    return features


class ClaimModel:
    """Per sentence: which claim kinds it states (one logistic model per kind), then which
    candidates are subject and objects (a three-way logistic role model). The rule detector's
    claims join in, and a verifier (logistic, fitted on the validation split) gives each claim
    its confidence: the probability that it is right."""

    def __init__(self, thresholds: dict, role_threshold: float, keep_rule_claims: bool = True) -> None:
        self.thresholds = {kind: float(thresholds.get(kind, 0.5)) for kind in KINDS}
        self.role_threshold = role_threshold
        self.keep_rule_claims = keep_rule_claims
        self.kind_models: dict[str, LinearModel] = {}
        self.role_model: LinearModel | None = None
        self.verifier: LinearModel | None = None

    def __call__(self, doc: Doc) -> Doc:
        rule_claims = (doc._.kg_claims or []) if self.keep_rule_claims else []
        doc._.kg_claims = self.claims(doc, rule_claims) if self.role_model else []
        return doc

    def claims(self, doc: Doc, rule_claims: list[dict] = ()) -> list[dict]:
        """The model's claims, then the rule detector's (a claim both find keeps the model's
        arguments); a rule claim is scored by the kind model's belief in its sentence."""
        text = doc_text(doc)
        mentions = doc._.kg_mentions or []
        proposed_keys = {name_key(text[s:e]) for s, e, *_ in doc._.kg_proposed or []}
        bounds = sentence_bounds(doc)
        # a "sentence" longer than any real one (a list, a table, noise) gets no candidates:
        # role features look across the sentence per candidate, which would be quadratic
        all_candidates = [
            sentence_candidates(text, s, e, mentions, doc._.kg_generic or [], proposed_keys)
            if e - s <= MAX_SENTENCE_CHARS
            else []
            for s, e in bounds
        ]
        rows = [
            sentence_features(text[s:e], index=i, count=len(bounds), candidates=c, is_title=i == 0)
            for i, ((s, e), c) in enumerate(zip(bounds, all_candidates, strict=True))
        ]
        matrix = hash_features(rows)  # hashed once for the four kind models
        kind_probabilities = {
            kind: model.predict_proba_matrix(matrix)[:, model.classes.index("1")] if "1" in model.classes
            else numpy.zeros(len(rows))
            for kind, model in self.kind_models.items()
        }
        # every (sentence, kind) that passes goes to the role model in one batch
        tasks, role_rows = [], []
        for index, ((start, end), candidates) in enumerate(zip(bounds, all_candidates, strict=True)):
            if index == 0 or not candidates:
                continue  # the title states no results
            for kind in KINDS:
                p_kind = float(kind_probabilities[kind][index])
                if p_kind >= self.thresholds[kind]:
                    tasks.append((index, start, end, kind, p_kind, candidates, len(role_rows)))
                    role_rows.extend(role_features(text[start:end], start, kind, c, candidates) for c in candidates)
        roles = self.role_model.predict_proba(role_rows)
        claims = []
        for index, start, end, kind, p_kind, candidates, at in tasks:
            probabilities = roles[at : at + len(candidates)]
            claims.extend(self._decode(text, index, start, end, kind, p_kind, candidates, mentions, probabilities))
        for claim in rule_claims:
            if claim["sentence"] == 0:
                continue
            score = float(kind_probabilities[claim["kind"]][claim["sentence"]])
            claims.append({**claim, "score": score, "p_kind": score})
        # a claim the model and the rules both state is likelier right: the verifier sees it
        keys = [_claim_key(text, claim) for claim in claims]
        sources = {}
        for key, claim in zip(keys, claims, strict=True):
            sources.setdefault(key, set()).add(claim["rule"].startswith("model:"))
        for key, claim in zip(keys, claims, strict=True):
            claim["agree"] = len(sources[key]) == 2
        confidences = (
            self.verifier.probability([claim_verifier_features(c, text[c["start"] : c["end"]]) for c in claims], "1")
            if self.verifier and claims
            else [c["score"] for c in claims]
        )
        for claim, confidence in zip(claims, confidences, strict=True):
            claim["confidence"] = round(float(confidence), 3)
        return claims

    def _decode(self, text, index, start, end, kind, p_kind, candidates, mentions, probabilities) -> list[dict]:
        sentence = text[start:end]
        column = {label: probabilities[:, i] for i, label in enumerate(self.role_model.classes)}
        absent = numpy.zeros(len(candidates))
        p_subject = column.get("subject", absent)
        best = int(numpy.argmax(p_subject))
        if p_subject[best] < self.role_threshold:
            return []
        subject = candidates[best]
        objects: list[tuple[Candidate, float]] = []
        if kind in ("outperforms", "comparable"):
            p_object = column.get("object", absent)
            subject_key = name_key(subject.text) if subject.text else None
            for i, candidate in enumerate(candidates):
                if i == best or candidate.kind in ("PROPOSED", "ANAPHOR") or candidate.proposed:
                    continue
                if subject_key and name_key(candidate.text) == subject_key:
                    continue
                if p_object[i] >= 0.5 or (not objects and p_object[i] >= self.role_threshold and i == int(numpy.argmax(p_object))):
                    objects.append((candidate, float(p_object[i])))
            if not objects:
                return []
        benchmarks = _distinct(text, [(s, e) for s, e, k, *_ in mentions if k == "benchmark" and start <= s and e <= end])
        metrics = _distinct(text, [(s, e) for s, e, k, *_ in mentions if k == "metric" and start <= s and e <= end])
        values = [m.group("value").strip() for m in _VALUE.finditer(sentence)]
        # the guidelines' convention: separate results per metric (or benchmark) are separate claims
        if len(metrics) > 1:
            results = [([*benchmarks], metric, None) for metric in metrics]
        elif len(benchmarks) > 1 and len(values) > 1:
            results = [([benchmark], metrics[0] if metrics else None, None) for benchmark in benchmarks]
        else:
            results = [(benchmarks, metrics[0] if metrics else None, values[0] if values else None)]
        score = p_kind * float(p_subject[best])
        claims = []
        for result_benchmarks, metric, value in results:
            base = {
                "kind": kind,
                "p_kind": p_kind,
                "subject": self._side(subject),
                "benchmarks": result_benchmarks,
                "metric": metric,
                "value": value if value is not None else _value_near(sentence, start, metric, values),
                "sentence": index,
                "start": start,
                "end": end,
                "rule": "model:claims",
            }
            if not objects:
                claims.append({**base, "object": None, "score": score})
            for candidate, p in objects:
                claims.append(
                    {
                        **base,
                        "object": self._side(candidate),
                        "object_generic": candidate.kind == "GENERIC",
                        "score": score * p,
                    }
                )
        return claims

    @staticmethod
    def _side(candidate: Candidate) -> tuple:
        if candidate.kind == "PROPOSED":
            return ("our", "our method")
        if candidate.kind == "ANAPHOR":
            return ("our", candidate.text)
        if candidate.kind == "GENERIC":
            return ("phrase", candidate.text, None, None)
        return ("mention", candidate.start, candidate.end)

    def to_disk(self, path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for kind, model in self.kind_models.items():
            model.to_disk(path / f"kind_{kind}")
        if self.role_model:
            self.role_model.to_disk(path / "roles")
        if self.verifier:
            self.verifier.to_disk(path / "verifier")
        state = {
            "thresholds": self.thresholds,
        }
        _save_json(path / "state.json", {**state, "role_threshold": self.role_threshold})

    def from_disk(self, path, exclude=()) -> ClaimModel:
        path = Path(path)
        self.kind_models = {kind: LinearModel.from_disk(path / f"kind_{kind}") for kind in KINDS}
        self.role_model = LinearModel.from_disk(path / "roles")
        state = json.loads((path / "state.json").read_text(encoding="utf-8"))
        self.thresholds = state["thresholds"]
        self.role_threshold = state.get("role_threshold", self.role_threshold)
        if (path / "verifier.npz").exists():
            self.verifier = LinearModel.from_disk(path / "verifier")
        return self
