"""``kg train``: rebuild the learned extraction pipeline from the gold annotations.

Steps (all seeded, so the same gold gives the same model):

1. read ``train.jsonl`` + ``train_papers.jsonl``; split by paper id (``gold.split_of``);
2. align entity forms to offsets and train the entity recognizer (``pipelines/ner.cfg``,
   ``spacy train``) on the train split, scored on validation;
3. fit the proposed-method and claim models on the train split (gold mentions as input);
4. assemble ``pipelines/learned.cfg``; on the validation split pick the decision thresholds
   and fit the calibration of mention, proposed and claim confidences;
5. save the pipeline (``nlp.to_disk``) with ``scores.json``: validation, and dev when given.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language

from kg.evaluate import _claim_match, _pair, evaluate, forms_match
from kg.extract import PIPELINES_DIR, load_pipeline
from kg.extract.convert import doc_to_extraction
from kg.extract.learned import NER_KINDS, Calibration, NerMentions, mention_features
from kg.extract.linear import LinearModel
from kg.model.names import name_key
from kg.train.corpus import write_ner_corpus
from kg.train.examples import build_examples, known_method_counts
from kg.train.fit import fit_claims, fit_proposed
from kg.train.gold import GoldPaper, read_gold, split_of

Log = Callable[[str], None]


def train_ner(corpus_dir: Path, output: Path, *, epochs: int, seed: int) -> Path:
    """Train tok2vec + ner with spaCy's trainer; returns the best model's directory."""
    from spacy.cli.train import train as spacy_train

    spacy_train(
        PIPELINES_DIR / "ner.cfg",
        output_path=output,
        overrides={
            "paths.train": str(corpus_dir / "train.spacy"),
            "paths.dev": str(corpus_dir / "validation.spacy"),
            "training.max_epochs": epochs,
            "system.seed": seed,
        },
        use_gpu=-1,
    )
    return output / "model-best"


def assemble(ner_model: Path) -> Language:
    config = spacy.util.load_config(PIPELINES_DIR / "learned.cfg", overrides={"paths.ner_model": str(ner_model)})
    return spacy.util.load_model_from_config(config, auto_fill=True)


def _predict(nlp: Language, gold: list[GoldPaper]) -> dict[str, dict]:
    docs = nlp.pipe((g.paper.text for g in gold), batch_size=64)
    return {g.paper.id: doc_to_extraction(doc, g.paper).model_dump(mode="json") for doc, g in zip(docs, gold, strict=True)}


class _Rerun:
    """Validation docs run once through the recognizers (up to ``ner``), so that trying
    thresholds and fitting confidences re-runs only the cheap components after it."""

    def __init__(self, nlp: Language, gold: list[GoldPaper]) -> None:
        self.nlp, self.gold = nlp, gold
        upto = nlp.pipe_names.index("kg_ner_mentions")
        with nlp.select_pipes(enable=nlp.pipe_names[:upto]):
            self.docs = list(nlp.pipe((g.paper.text for g in gold), batch_size=64))
        self.rule_mentions = [doc._.kg_mentions for doc in self.docs]
        self.rest = nlp.pipe_names[upto:]

    def docs_after(self, stop_before: str | None = None) -> list:
        names = self.rest[: self.rest.index(stop_before)] if stop_before else self.rest
        components = [self.nlp.get_pipe(name) for name in names]
        for doc, mentions in zip(self.docs, self.rule_mentions, strict=True):
            doc._.kg_mentions = list(mentions or [])
            for component in components:
                doc = component(doc)
        return self.docs

    def predict(self) -> dict[str, dict]:
        return {
            item.paper.id: doc_to_extraction(doc, item.paper).model_dump(mode="json")
            for doc, item in zip(self.docs_after(), self.gold, strict=True)
        }


def _claim_outcomes(gold: list[GoldPaper], preds: dict[str, dict]) -> tuple[list[float], list[bool]]:
    """(confidence, matched a gold claim one-to-one) for every predicted claim."""
    scores, correct = [], []
    for item in gold:
        predicted = preds[item.paper.id]["claims"]
        _, _, false = _pair(item.annotation.get("claims") or [], predicted, _claim_match)
        wrong = {id(c) for c in false}
        for claim in predicted:
            scores.append(claim["confidence"])
            correct.append(id(claim) not in wrong)
    return scores, correct


def _verifier_examples(rerun: _Rerun) -> tuple[list[list[str]], list[str]]:
    """Every raw claim of the validation docs with whether it is right (matches a gold claim)."""
    from kg.extract.learned import claim_verifier_features

    rows, labels = [], []
    for doc, item in zip(rerun.docs_after(), rerun.gold, strict=True):
        raw_claims = doc._.kg_claims or []
        gold_claims = item.annotation.get("claims") or []
        for raw in raw_claims:
            doc._.kg_claims = [raw]
            converted = doc_to_extraction(doc, item.paper).claims
            if not converted:
                continue
            claim = converted[0].model_dump(mode="json")
            rows.append(claim_verifier_features(raw, doc.text[raw["start"] : raw["end"]]))
            labels.append("1" if any(_claim_match(g, claim) for g in gold_claims) else "0")
        doc._.kg_claims = raw_claims
    return rows, labels


def _best(values, evaluate_at) -> float:
    """The value with the highest score (the first one on ties)."""
    best_value, best_score = values[0], -1.0
    for value in values:
        result = evaluate_at(value)
        if result > best_score:
            best_value, best_score = value, result
    return best_value


def tune_and_calibrate(nlp: Language, validation: list[GoldPaper], log: Log) -> dict:
    """On the validation split: fit the mention confidence model, pick the mention, proposed
    and claim-kind thresholds that maximise F1, and fit the claim verifier (confidences).
    Returns the verifier's two-fold cross-validated calibration on validation."""
    gold = {g.paper.id: g.annotation for g in validation}
    rerun = _Rerun(nlp, validation)
    fit_mentions(nlp, rerun)
    mentions = nlp.get_pipe("kg_mention_threshold")
    proposed, claims = nlp.get_pipe("kg_proposed_model"), nlp.get_pipe("kg_claim_model")
    claims.verifier = None

    def f1(name: str) -> float:
        return evaluate(gold, rerun.predict()).scores[name].f1

    def at(component, attribute: str, name: str):
        return lambda value: (setattr(component, attribute, value), f1(name))[1]

    mentions.threshold = _best([0.0, 0.2, 0.3, 0.4, 0.5], at(mentions, "threshold", "entities"))
    proposed.threshold = _best([0.3, 0.4, 0.5, 0.6, 0.7], at(proposed, "threshold", "proposed"))
    base = dict(claims.thresholds)

    def shifted(shift: float) -> dict[str, float]:
        return {k: round(min(0.95, max(0.05, v + shift)), 3) for k, v in base.items()}

    shift = _best([0.0, -0.1, -0.05, 0.05, 0.1], lambda x: (setattr(claims, "thresholds", shifted(x)), f1("claims"))[1])
    claims.thresholds = shifted(shift)
    log(f"thresholds: mentions {mentions.threshold}, proposed {proposed.threshold}, claims {claims.thresholds}")
    rows, labels = _verifier_examples(rerun)
    cross_validated = _cross_validated_calibration(rows, labels)
    claims.verifier = LinearModel.fit(rows, labels, c=0.3)
    proposed.calibration = Calibration.fit(*_proposed_outcomes(nlp, rerun))
    return cross_validated


def _cross_validated_calibration(rows: list[list[str]], labels: list[str]) -> dict[str, float]:
    """Precision and share of claims at confidence >= 0.8, each half scored by a verifier
    fitted on the other half (so the numbers are not in-sample)."""
    halves = [list(range(0, len(rows), 2)), list(range(1, len(rows), 2))]
    high, right = 0, 0
    for fit_on, score_on in (halves, halves[::-1]):
        if len({labels[i] for i in fit_on}) < 2:
            continue
        model = LinearModel.fit([rows[i] for i in fit_on], [labels[i] for i in fit_on], c=0.3)
        probabilities = model.probability([rows[i] for i in score_on], "1")
        for i, p in zip(score_on, probabilities, strict=True):
            if p >= 0.8:
                high += 1
                right += labels[i] == "1"
    return {
        "claims": len(rows),
        "share_at_0.8": round(high / len(rows), 3) if rows else 0.0,
        "precision_at_0.8": round(right / high, 3) if high else 0.0,
    }


def _proposed_outcomes(nlp: Language, rerun: _Rerun) -> tuple[list[float], list[bool]]:
    """(model score, is a gold proposed method) for every proposed-method candidate."""
    component = nlp.get_pipe("kg_proposed_model")
    scores, correct = [], []
    for doc, item in zip(rerun.docs_after(stop_before="kg_proposed_model"), rerun.gold, strict=True):
        for group, raw in component.scored(doc):
            forms = sorted({doc.text[s:e] for s, e in group})
            scores.append(raw)
            correct.append(any(forms_match(forms, g) for g in item.annotation.get("proposed") or []))
    return scores, correct


def fit_mentions(nlp: Language, rerun: _Rerun) -> None:
    """Mention probabilities: a small logistic model over the recognizers' own output on the
    validation split (was this predicted entity in the gold?)."""
    component: NerMentions = nlp.get_pipe("kg_ner_mentions")
    component.model, component.threshold = None, 0.0
    rows, labels = [], []
    fields = {"method": "methods", "benchmark": "benchmarks", "metric": "metrics", "task": "tasks"}
    labels_of = {kind: label for label, kind in NER_KINDS.items()}
    for doc, mentions, item in zip(rerun.docs, rerun.rule_mentions, rerun.gold, strict=True):
        doc._.kg_mentions = list(mentions or [])
        doc = component(doc)
        text = doc.text
        counts: dict[str, int] = {}
        for start, end, *_ in doc._.kg_mentions:
            counts[name_key(text[start:end])] = counts.get(name_key(text[start:end]), 0) + 1
        for start, end, kind, *_ in doc._.kg_mentions:
            gold_forms = item.annotation.get(fields[kind]) or []
            known = component.known.get(name_key(text[start:end]), 0)
            rows.append(mention_features(text, start, end, labels_of[kind], counts, known))
            labels.append("1" if any(forms_match([text[start:end]], g) for g in gold_forms) else "0")
    component.model = LinearModel.fit(rows, labels, c=0.3)


def score(nlp: Language, gold: list[GoldPaper]) -> dict[str, dict[str, float]]:
    preds = _predict(nlp, gold)
    report = evaluate({g.paper.id: g.annotation for g in gold}, preds)
    result = {
        name: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3)}
        for name, s in report.scores.items()
    }
    confidences, correct = _claim_outcomes(gold, preds)
    high = [ok for conf, ok in zip(confidences, correct, strict=True) if conf >= 0.8]
    result["calibration"] = {
        "claims": len(confidences),
        "share_at_0.8": round(len(high) / len(confidences), 3) if confidences else 0.0,
        "precision_at_0.8": round(sum(high) / len(high), 3) if high else 0.0,
    }
    return result


def train(
    gold_dir: str | Path,
    output: str | Path,
    *,
    epochs: int = 8,
    seed: int = 0,
    limit: int | None = None,
    ner_model: str | Path | None = None,
    log: Log = print,
) -> dict:
    """Train the whole learned pipeline into ``output`` (replaced only when training succeeds).

    ``ner_model`` reuses an already trained entity recognizer (a spaCy pipeline directory)
    instead of training one; ``limit`` keeps only the first papers (for tests).
    """
    started = time.time()
    gold_dir, output = Path(gold_dir), Path(output)
    spacy.util.fix_random_seed(seed)
    gold = read_gold(gold_dir / "train.jsonl", gold_dir / "train_papers.jsonl")
    if limit:
        gold = gold[:limit]
    train_split = [g for g in gold if split_of(g.paper.id) == "train"]
    validation = [g for g in gold if split_of(g.paper.id) == "validation"]
    log(f"{len(train_split)} training and {len(validation)} validation papers")
    with tempfile.TemporaryDirectory(prefix="kg-train-") as work:
        work_dir = Path(work)
        rules = load_pipeline(profile="fast")
        counts = write_ner_corpus(gold, rules, work_dir / "corpus")
        log(f"aligned entity spans: {dict(sorted(counts.items()))}")
        if ner_model is None:
            ner_model = train_ner(work_dir / "corpus", work_dir / "ner", epochs=epochs, seed=seed)
            log(f"entity recognizer trained ({time.time() - started:.0f} s)")
        else:
            log(f"entity recognizer reused from {ner_model}")
        known = known_method_counts(train_split)
        examples = build_examples(train_split, rules, known)
        nlp = assemble(ner_model)
        frequent = {key: count for key, count in sorted(known.items()) if count >= 2}
        nlp.get_pipe("kg_ner_mentions").known = frequent
        nlp.get_pipe("kg_proposed_model").known = frequent
        fit_proposed(examples, nlp.get_pipe("kg_proposed_model"), c=0.1)
        fit_claims(examples, nlp.get_pipe("kg_claim_model"), c=0.1)
        log(f"proposed and claim models fitted ({time.time() - started:.0f} s)")
        cross_validated = tune_and_calibrate(nlp, validation, log)
        scores = {"validation": score(nlp, validation)}
        scores["validation"]["calibration_cross_validated"] = cross_validated
        dev_gold, dev_papers = gold_dir / "dev.jsonl", gold_dir / "dev_papers.jsonl"
        if dev_gold.exists() and dev_papers.exists():
            scores["dev"] = score(nlp, read_gold(dev_gold, dev_papers))
        nlp.meta.update({"name": "kg_learned", "version": "1.0.0", "kg_scores": scores, "kg_seed": seed})
        nlp.config["paths"]["ner_model"] = None  # the recognizer is inside; no temporary path
        staging = work_dir / "model"
        nlp.to_disk(staging)
        (staging / "scores.json").write_text(json.dumps(scores, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, output)
    log(f"saved to {output} ({time.time() - started:.0f} s)")
    return scores
