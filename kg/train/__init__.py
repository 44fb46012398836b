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
from kg.extract.learned import Calibration, NerMentions, mention_features
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
    """Validation docs run once through the components before the proposed model, so that
    trying thresholds re-runs only the two cheap decision components."""

    def __init__(self, nlp: Language, gold: list[GoldPaper]) -> None:
        self.nlp, self.gold = nlp, gold
        upto = nlp.pipe_names.index("kg_proposed_model")
        with nlp.select_pipes(enable=nlp.pipe_names[:upto]):
            self.docs = list(nlp.pipe((g.paper.text for g in gold), batch_size=64))
        self.rule_proposed = [doc._.kg_proposed for doc in self.docs]

    def predict(self) -> dict[str, dict]:
        names = self.nlp.pipe_names
        rest = [self.nlp.get_pipe(name) for name in names[names.index("kg_proposed_model") :]]
        result = {}
        for doc, rules, item in zip(self.docs, self.rule_proposed, self.gold, strict=True):
            doc._.kg_proposed = rules
            for component in rest:
                doc = component(doc)
            result[item.paper.id] = doc_to_extraction(doc, item.paper).model_dump(mode="json")
        return result


def _claim_outcomes(gold: list[GoldPaper], preds: dict[str, dict]) -> tuple[list[float], list[bool], list[str]]:
    """(confidence, matched a gold claim, producing rule) for every predicted claim."""
    scores, correct, rules = [], [], []
    for item in gold:
        predicted = preds[item.paper.id]["claims"]
        _, _, false = _pair(item.annotation.get("claims") or [], predicted, _claim_match)
        wrong = {id(c) for c in false}
        for claim in predicted:
            scores.append(claim["confidence"])
            correct.append(id(claim) not in wrong)
            rules.append(claim["rule"])
    return scores, correct, rules


def tune_and_calibrate(nlp: Language, validation: list[GoldPaper], log: Log) -> None:
    """Pick the proposed and claim-kind thresholds that maximise validation F1, then fit the
    isotonic calibration of claim confidences on the validation predictions."""
    gold = {g.paper.id: g.annotation for g in validation}
    proposed, claims = nlp.get_pipe("kg_proposed_model"), nlp.get_pipe("kg_claim_model")
    rerun = _Rerun(nlp, validation)
    best = (-1.0, proposed.threshold)
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        proposed.threshold = threshold
        best = max(best, (evaluate(gold, rerun.predict()).scores["proposed"].f1, threshold))
    proposed.threshold = best[1]
    base = dict(claims.thresholds)
    best = (-1.0, 0.0)
    for shift in (-0.1, -0.05, 0.0, 0.05, 0.1):
        claims.thresholds = {k: min(0.95, max(0.05, v + shift)) for k, v in base.items()}
        best = max(best, (evaluate(gold, rerun.predict()).scores["claims"].f1, shift))
    claims.thresholds = {k: round(min(0.95, max(0.05, v + best[1])), 3) for k, v in base.items()}
    log(f"thresholds: proposed {proposed.threshold}, claims {claims.thresholds}")
    claims.calibration = claims.rule_calibration = Calibration()  # identity: confidences = raw scores
    outcomes = _claim_outcomes(validation, rerun.predict())
    for attribute, from_model in (("calibration", True), ("rule_calibration", False)):
        pairs = [(s, ok) for s, ok, rule in zip(*outcomes, strict=True) if rule.startswith("model:") == from_model]
        setattr(claims, attribute, Calibration.fit([s for s, _ in pairs], [ok for _, ok in pairs]))
    # proposed confidences: calibrated the same way, on the model's candidate scores
    proposed.calibration = Calibration.fit(*_proposed_outcomes(nlp, validation))


def _proposed_outcomes(nlp: Language, gold: list[GoldPaper]) -> tuple[list[float], list[bool]]:
    """(model score, is a gold proposed method) for every proposed-method candidate."""
    component = nlp.get_pipe("kg_proposed_model")
    upto = nlp.pipe_names.index("kg_proposed_model")
    scores, correct = [], []
    with nlp.select_pipes(enable=nlp.pipe_names[:upto]):
        for doc, item in zip(nlp.pipe(g.paper.text for g in gold), gold, strict=True):
            for group, raw in component.scored(doc):
                forms = sorted({doc.text[s:e] for s, e in group})
                scores.append(raw)
                correct.append(any(forms_match(forms, g) for g in item.annotation.get("proposed") or []))
    return scores, correct


def fit_mentions(nlp: Language, validation: list[GoldPaper]) -> None:
    """Mention probabilities: a small logistic model over the recognizer's own output on the
    validation split (was this predicted entity in the gold?)."""
    component: NerMentions = nlp.get_pipe("kg_ner_mentions")
    upto = nlp.pipe_names.index("kg_ner_mentions") + 1
    rows, labels = [], []
    fields = {"method": "methods", "benchmark": "benchmarks", "metric": "metrics", "task": "tasks"}
    with nlp.select_pipes(enable=nlp.pipe_names[:upto]):
        for doc, item in zip(nlp.pipe(g.paper.text for g in validation), validation, strict=True):
            text = doc.text
            counts: dict[str, int] = {}
            for ent in doc.ents:
                counts[name_key(ent.text)] = counts.get(name_key(ent.text), 0) + 1
            for ent in doc.ents:
                if ent.label_ == "GENERIC":
                    continue
                kind = ent.label_.lower()
                gold_forms = item.annotation.get(fields[kind]) or []
                rows.append(mention_features(text, ent.start_char, ent.end_char, ent.label_, counts, component.known.get(name_key(ent.text), 0)))
                labels.append("1" if any(forms_match([ent.text], g) for g in gold_forms) else "0")
    component.model = LinearModel.fit(rows, labels, c=0.3)


def score(nlp: Language, gold: list[GoldPaper]) -> dict[str, dict[str, float]]:
    preds = _predict(nlp, gold)
    report = evaluate({g.paper.id: g.annotation for g in gold}, preds)
    result = {
        name: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3)}
        for name, s in report.scores.items()
    }
    confidences, correct, _rules = _claim_outcomes(gold, preds)
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
        fit_mentions(nlp, validation)
        tune_and_calibrate(nlp, validation, log)
        scores = {"validation": score(nlp, validation)}
        dev_gold, dev_papers = gold_dir / "dev.jsonl", gold_dir / "dev_papers.jsonl"
        if dev_gold.exists() and dev_papers.exists():
            scores["dev"] = score(nlp, read_gold(dev_gold, dev_papers))
        nlp.meta.update({"name": "kg_learned", "version": "1.0.0", "kg_scores": scores, "kg_seed": seed})
        staging = work_dir / "model"
        nlp.to_disk(staging)
        (staging / "scores.json").write_text(json.dumps(scores, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, output)
    log(f"saved to {output} ({time.time() - started:.0f} s)")
    return scores
