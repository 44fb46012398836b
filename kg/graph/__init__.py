"""Graph: papers + resolved entities + claims -> a networkx ``MultiDiGraph``.

Node attribute ``label`` and edge attribute ``type`` carry the Neo4j label / relationship
type (see ``schema.py``); edge keys are the relationship type plus a discriminator, so
rebuilding the same input yields the same graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import networkx as nx

from kg.graph.schema import ENTITY_LABELS, Label, Rel
from kg.model import Entity, EntityKind, IngestReport, Paper, PaperExtraction
from kg.model.ids import claim_id
from kg.resolve import lookup, resolve

_ANONYMOUS = re.compile(r"^(our|the proposed|this|the resulting|ours)\b", re.IGNORECASE)


def is_anonymous(forms: list[str]) -> bool:
    """ "our method" & co. name no entity of their own."""
    return bool(forms) and bool(_ANONYMOUS.match(forms[-1]))


def build_graph(
    papers: Iterable[Paper],
    extractions: Iterable[PaperExtraction],
    report: IngestReport | None = None,
) -> nx.MultiDiGraph:
    """Build the knowledge graph (see README "Graph model")."""
    papers = list(papers)
    extractions = list(extractions)
    for extraction in extractions:
        extraction.claims = [c for c in extraction.claims if not is_anonymous(c.subject)]
    entities, index = resolve(extractions)
    graph = nx.MultiDiGraph()
    graph.graph["kg_format"] = 1
    graph.graph["ingest"] = report.model_dump(mode="json") if report else None
    for paper in papers:
        graph.add_node(
            paper.id,
            label=Label.Paper.value,
            title=paper.title,
            abstract=paper.abstract,
            date=paper.date,
            authors=paper.authors,
            author_count=paper.author_count,
            arxiv_id=paper.arxiv_id,
            doi=paper.doi,
            url=paper.url,
            sources=[s.file for s in paper.sources],
            source_records=len(paper.sources),
        )
    for entity in entities:
        graph.add_node(
            entity.id,
            label=ENTITY_LABELS[entity.kind.value].value,
            name=entity.name,
            aliases=sorted(entity.aliases),
            alias_counts=[entity.aliases[a] for a in sorted(entity.aliases)],
            paper_count=len(entity.papers),
        )
    for extraction in extractions:
        _add_paper_edges(graph, extraction, index)
    return graph


def _edge(graph: nx.MultiDiGraph, u: str, v: str, rel: Rel, discriminator: str = "", **props: object) -> None:
    graph.add_edge(u, v, key=f"{rel.value}{discriminator}", type=rel.value, **props)


def _add_paper_edges(graph: nx.MultiDiGraph, extraction: PaperExtraction, index: dict) -> None:
    pid = extraction.id
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, int]] = {}
    for mention in extraction.mentions:
        ent = lookup(index, mention.kind.value, mention.text)
        if ent:
            counts[ent] = counts.get(ent, 0) + 1
            first.setdefault(ent, (mention.start, mention.end))
    for kind in EntityKind:
        for forms in extraction.entities(kind):
            ent = lookup(index, kind.value, forms[0])
            if ent is None:
                continue
            start, end = first.get(ent, (None, None))
            _edge(graph, pid, ent, Rel.MENTIONS, count=counts.get(ent, 1), start=start, end=end)
            if kind is EntityKind.benchmark:
                _edge(graph, pid, ent, Rel.EVALUATES_ON)
    for forms in extraction.proposed:
        ent = lookup(index, "method", forms[0])
        if ent:
            _edge(graph, pid, ent, Rel.PROPOSES)
    for claim in extraction.claims:
        subject = lookup(index, "method", claim.subject[-1])
        obj = lookup(index, "method", claim.object[-1]) if claim.object and not claim.object_generic else None
        cid = claim_id(
            pid,
            claim.start,
            claim.kind.value,
            subject or claim.subject[0],
            obj or (claim.object[0] if claim.object else ""),
            "",
        )
        benchmarks = [b for b in (lookup(index, "benchmark", f[0]) for f in claim.benchmarks) if b]
        metric = lookup(index, "metric", claim.metric[0]) if claim.metric else None
        graph.add_node(
            cid,
            label=Label.Claim.value,
            kind=claim.kind.value,
            subject_text=claim.subject[0],
            object_text=claim.object[0] if claim.object else None,
            object_generic=claim.object_generic,
            value=claim.value,
            evidence=claim.evidence,
            sentence=claim.sentence,
            start=claim.start,
            end=claim.end,
            paper_id=pid,
            rule=claim.rule,
            confidence=claim.confidence,
        )
        _edge(graph, pid, cid, Rel.MAKES)
        if subject:
            _edge(graph, cid, subject, Rel.SUBJECT)
        if obj:
            _edge(graph, cid, obj, Rel.OBJECT)
        for bench in benchmarks:
            _edge(graph, cid, bench, Rel.ON)
        if metric:
            _edge(graph, cid, metric, Rel.MEASURED_BY)
        if claim.kind.value == "outperforms" and subject and obj and subject != obj:
            bench_names = [graph.nodes[b]["name"] for b in benchmarks]
            _edge(
                graph,
                subject,
                obj,
                Rel.OUTPERFORMS,
                f":{cid}",
                claim_id=cid,
                paper=pid,
                benchmark=bench_names[0] if bench_names else None,
                metric=graph.nodes[metric]["name"] if metric else None,
                value=claim.value,
                evidence=claim.evidence,
            )


def graph_to_graphml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy with list/dict attributes as JSON strings and None dropped (GraphML is scalar-only)."""
    safe = nx.MultiDiGraph()

    def clean(attrs: dict) -> dict:
        out = {}
        for k, v in attrs.items():
            if v is None:
                continue
            out[k] = json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
        return out

    for node, attrs in graph.nodes(data=True):
        safe.add_node(node, **clean(attrs))
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        safe.add_edge(u, v, key=key, **clean(attrs))
    return safe


__all__ = ["build_graph", "graph_to_graphml_safe", "is_anonymous", "Entity"]
