"""``kg show``: find one paper, method (or other entity) or claim by id or words, and gather
what the graph says about it. Returns plain data; the CLI renders it."""

from __future__ import annotations

import re

import networkx as nx
from pydantic import BaseModel

from kg.errors import QueryError
from kg.graph.schema import ENTITY_LABELS, Label, Rel

_ENTITY_LABELS = {label.value for label in ENTITY_LABELS.values()}
_WORD = re.compile(r"\w+")


class ClaimView(BaseModel):
    id: str
    kind: str
    subject: str
    object: str | None
    object_generic: bool
    benchmarks: list[str]
    metric: str | None
    value: str | None
    confidence: float | None
    rule: str | None
    evidence: str
    start: int
    end: int
    paper: str
    paper_title: str | None


class Shown(BaseModel):
    """What ``kg show`` prints about one node."""

    id: str
    label: str
    name: str
    fields: dict[str, str]
    related: dict[str, list[str]]
    text: str | None = None
    claims: list[ClaimView]


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def find(graph: nx.MultiDiGraph, needle: str) -> str:
    """A node id: the exact id, an arXiv id or DOI, a name/alias/title equal to ``needle``
    (any case), or else the node whose name or title contains every word of ``needle``."""
    text = needle.strip()
    if not text:
        raise QueryError("kg show needs an id, a name or some title words")
    if text in graph:
        return text
    lowered = text.lower()
    exact, partial = [], []
    wanted = _words(text)
    for node, attrs in graph.nodes(data=True):
        label = attrs.get("label")
        if label == Label.Paper.value:
            keys = [attrs.get("title") or "", attrs.get("arxiv_id") or "", attrs.get("doi") or ""]
        elif label in _ENTITY_LABELS:
            keys = [attrs.get("name") or "", *attrs.get("aliases", [])]
        else:
            continue
        if any(k.lower() == lowered for k in keys if k):
            exact.append(node)
        elif wanted and any(wanted <= _words(k) for k in keys if k):
            partial.append(node)
    found = exact or partial
    if not found:
        raise QueryError(f"nothing in the graph is named {needle!r} (try an id, a name or title words)")
    if len(found) > 1:
        ranked = sorted(found, key=lambda n: (-graph.degree(n), n))
        names = "; ".join(f"{_name(graph, n)} [{n}]" for n in ranked[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise QueryError(f"{needle!r} matches {len(found)} nodes: {names}{more}; give an id or more words")
    return found[0]


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    attrs = graph.nodes[node]
    return str(attrs.get("name") or attrs.get("title") or node)


def _claim(graph: nx.MultiDiGraph, claim: str) -> ClaimView:
    attrs = graph.nodes[claim]

    def target(rel: Rel) -> list[str]:
        return [_name(graph, v) for _, v, t in graph.out_edges(claim, data="type") if t == rel.value]

    subject, obj, metric = target(Rel.SUBJECT), target(Rel.OBJECT), target(Rel.MEASURED_BY)
    paper = attrs.get("paper_id", "")
    return ClaimView(
        id=claim,
        kind=attrs["kind"],
        subject=subject[0] if subject else attrs.get("subject_text", ""),
        object=obj[0] if obj else attrs.get("object_text"),
        object_generic=bool(attrs.get("object_generic")),
        benchmarks=sorted(target(Rel.ON)),
        metric=metric[0] if metric else None,
        value=attrs.get("value"),
        confidence=attrs.get("confidence"),
        rule=attrs.get("rule"),
        evidence=attrs.get("evidence", ""),
        start=attrs.get("start", 0),
        end=attrs.get("end", 0),
        paper=paper,
        paper_title=graph.nodes[paper].get("title") if paper in graph else None,
    )


def show(graph: nx.MultiDiGraph, needle: str) -> Shown:
    node = find(graph, needle)
    attrs = graph.nodes[node]
    label = attrs.get("label", "")
    related: dict[str, list[str]] = {}
    if label == Label.Paper.value:
        for _, target, rel in graph.out_edges(node, data="type"):
            if rel in (Rel.PROPOSES.value, Rel.MENTIONS.value):
                kind = "proposes" if rel == Rel.PROPOSES.value else graph.nodes[target]["label"].lower() + "s"
                related.setdefault(kind, []).append(_name(graph, target))
        claims = [t for _, t, rel in graph.out_edges(node, data="type") if rel == Rel.MAKES.value]
        arxiv = attrs.get("arxiv_id")
        fields = {
            "title": attrs.get("title") or "",
            "arXiv": f"{arxiv}  https://arxiv.org/abs/{arxiv}" if arxiv else "",
            "url": attrs.get("url") or "",
            "doi": attrs.get("doi") or "",
            "date": attrs.get("date") or "",
            "authors": ", ".join(attrs.get("authors") or []),
        }
        text = f"{attrs.get('title', '')}\n\n{attrs.get('abstract', '')}"
    elif label == Label.Claim.value:
        claims = [node]
        fields = {"kind": attrs["kind"], "rule": attrs.get("rule") or ""}
        paper = attrs.get("paper_id")
        text = None
        if paper in graph:
            paper_attrs = graph.nodes[paper]
            text = f"{paper_attrs.get('title', '')}\n\n{paper_attrs.get('abstract', '')}"
    else:
        fields = {"aliases": ", ".join(attrs.get("aliases", [])), "papers": str(attrs.get("paper_count", ""))}
        for source, _, rel in graph.in_edges(node, data="type"):
            if rel == Rel.PROPOSES.value:
                related.setdefault("proposed by", []).append(_name(graph, source))
        for _, target, rel in graph.out_edges(node, data="type"):
            if rel == Rel.OUTPERFORMS.value:
                related.setdefault("beats", []).append(_name(graph, target))
        for source, _, rel in graph.in_edges(node, data="type"):
            if rel == Rel.OUTPERFORMS.value:
                related.setdefault("beaten by", []).append(_name(graph, source))
        claims = [
            s
            for s, _, rel in graph.in_edges(node, data="type")
            if rel in (Rel.SUBJECT.value, Rel.OBJECT.value, Rel.ON.value)
        ]
        text = None
    views = sorted((_claim(graph, c) for c in set(claims)), key=lambda c: (c.paper, c.start, c.id))
    return Shown(
        id=node,
        label=label,
        name=_name(graph, node),
        fields={k: v for k, v in fields.items() if v},
        related={k: sorted(set(v)) for k, v in related.items()},
        text=text,
        claims=views,
    )


__all__ = ["ClaimView", "Shown", "find", "show"]
