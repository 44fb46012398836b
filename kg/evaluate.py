"""Scoring extractions against gold annotations (``kg eval``).

Matching is lenient, as the guidelines' scorer is: two entities match when any surface form
of one matches any form of the other after folding case, leading articles, plurals and
hyphens (``name_key``), when one is an acronym of the other, or when one form is a
contiguous word span of the other with the same head word ("comparable sparse attention
models" ~ "sparse attention models"). Items are paired one-to-one, greedily, per paper.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from pydantic import BaseModel

from kg.errors import InputError
from kg.model.names import name_key

ENTITY_FIELDS = ("methods", "benchmarks", "metrics", "tasks")


class Score(BaseModel):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class PaperDiff:
    id: str
    misses: dict[str, list[str]] = field(default_factory=dict)
    false_hits: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class EvalReport:
    scores: dict[str, Score]
    papers: int
    missing_predictions: list[str]
    diffs: list[PaperDiff]


def _acronym_of(short: str, long: str) -> bool:
    letters = [ch for ch in short if ch.isalpha()]
    if len(letters) < 2 or not short.rstrip("s").isupper():
        return False
    initials = "".join(w[0] for w in long.replace("-", " ").split() if w and w[0].isalpha())
    core = "".join(letters).rstrip("s") if short.endswith("s") else "".join(letters)
    return initials.lower() == core.lower()


def forms_match(a: list[str], b: list[str]) -> bool:
    """Lenient equality of two entities given as lists of surface forms.

    Examples:
        >>> forms_match(["Transformers"], ["the Transformer"])
        True
        >>> forms_match(["LLMs"], ["large language models"])
        True
        >>> forms_match(["sparse attention models"], ["comparable sparse attention models"])
        True
        >>> forms_match(["Mamba"], ["Mamba-2"]), forms_match(["BERT"], ["RoBERTa"])
        (False, False)
    """
    for x in a:
        for y in b:
            kx, ky = name_key(x, drop_generic_head=True), name_key(y, drop_generic_head=True)
            if not kx or not ky:
                continue
            if kx == ky or name_key(x) == name_key(y):
                return True
            if _acronym_of(x, y) or _acronym_of(y, x):
                return True
            short, long = sorted((kx.split(), ky.split()), key=len)
            if short[-1] == long[-1] and any(
                long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1)
            ):
                return True
    return False


def _pair(gold: list, pred: list, same: Callable[[object, object], bool]) -> tuple[Score, list, list]:
    """Maximum one-to-one matching (Hopcroft–Karp), so a lenient match never steals a
    prediction that an exact one needed."""
    graph = nx.Graph()
    graph.add_nodes_from(("g", i) for i in range(len(gold)))
    graph.add_nodes_from(("p", j) for j in range(len(pred)))
    graph.add_edges_from(
        (("g", i), ("p", j)) for i, g in enumerate(gold) for j, p in enumerate(pred) if same(g, p)
    )
    top = [("g", i) for i in range(len(gold))]
    matching = nx.bipartite.hopcroft_karp_matching(graph, top_nodes=top)
    matched_gold = {i for (side, i) in matching if side == "g"}
    matched_pred = {j for (side, j) in matching if side == "p"}
    missed = [g for i, g in enumerate(gold) if i not in matched_gold]
    false = [p for j, p in enumerate(pred) if j not in matched_pred]
    return Score(tp=len(matched_gold), fp=len(false), fn=len(missed)), missed, false


def _claim_match(g: dict, p: dict) -> bool:
    if g["kind"] != p["kind"] or not forms_match(g["subject"], p["subject"]):
        return False
    if not g.get("object") and not p.get("object"):
        return True
    return bool(g.get("object")) and bool(p.get("object")) and forms_match(g["object"], p["object"])


def _claim_str(c: dict) -> str:
    obj = f" > {c['object'][0]}" if c.get("object") else ""
    return f"{c['kind']}: {c['subject'][0] if c['subject'] else '?'}{obj}"


def load_jsonl(path: str | Path) -> dict[str, dict]:
    rows = {}
    for line_no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows[str(row["id"])] = row
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise InputError(str(path), f"not a JSON object with an 'id': {error}", line=line_no) from None
    return rows


def evaluate(gold: dict[str, dict], pred: dict[str, dict]) -> EvalReport:
    """Per-type precision/recall/F1; papers absent from ``pred`` count as empty predictions."""
    names = [*ENTITY_FIELDS, "entities", "proposed", "claims", "outperforms_named"]
    scores = {name: Score() for name in names}
    diffs = []
    missing = [pid for pid in gold if pid not in pred]
    for pid, g in gold.items():
        p = pred.get(pid, {})
        diff = PaperDiff(id=pid)
        for name in (*ENTITY_FIELDS, "proposed"):
            score, missed, false = _pair(g.get(name, []), p.get(name, []), forms_match)
            scores[name].add(score)
            if name != "proposed":
                scores["entities"].add(score)
            diff.misses[name] = [m[0] for m in missed]
            diff.false_hits[name] = [f[0] for f in false]
        score, missed, false = _pair(g.get("claims", []), p.get("claims", []), _claim_match)
        scores["claims"].add(score)
        diff.misses["claims"] = [_claim_str(c) for c in missed]
        diff.false_hits["claims"] = [_claim_str(c) for c in false]

        def named(claims: Iterable[dict]) -> list[dict]:
            return [
                c
                for c in claims
                if c["kind"] == "outperforms" and c.get("object") and not c.get("object_generic")
            ]

        score, _, _ = _pair(named(g.get("claims", [])), named(p.get("claims", [])), _claim_match)
        scores["outperforms_named"].add(score)
        diffs.append(diff)
    return EvalReport(scores=scores, papers=len(gold), missing_predictions=missing, diffs=diffs)
