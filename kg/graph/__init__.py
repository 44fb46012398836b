"""Graph: papers + resolved entities + claims -> a networkx ``MultiDiGraph``.

Node attribute ``label`` and edge attribute ``type`` carry the Neo4j label / relationship
type (see ``schema.py``); edge keys are the relationship type plus a discriminator, so
rebuilding the same input yields the same graph.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from kg.graph.records import Record, entity_forms, to_record
from kg.graph.schema import ENTITY_LABELS, Label, Rel
from kg.model import Entity, EntityKind, IngestReport, Paper, PaperExtraction
from kg.model.ids import claim_id
from kg.resolve import Resolver, lookup

_ANONYMOUS = re.compile(r"^(our|the proposed|this|the resulting|ours)\b", re.IGNORECASE)


def is_anonymous(forms: list[str]) -> bool:
    """ "our method" & co. name no entity of their own."""
    return bool(forms) and bool(_ANONYMOUS.match(forms[-1]))


def claims_of(record: Record) -> list[dict]:
    """The record's claims minus those whose subject names no entity ("our method")."""
    return [claim for claim in record["claims"] if not is_anonymous(claim["subject"])]


def add_to_resolver(resolver: Resolver, record: Record) -> None:
    """Feed one paper's entity forms and claim sides to the cross-paper resolver."""
    pid = record["id"]
    counts = Counter(mention[1] for mention in record["mentions"])
    for kind, forms in entity_forms(record):
        resolver.add_forms(kind, forms, pid, counts)
    for claim in claims_of(record):
        resolver.add_forms(EntityKind.method.value, claim["subject"][-1:], pid)
        if claim["object"] and not claim["object_generic"]:
            resolver.add_forms(EntityKind.method.value, claim["object"][-1:], pid)


def paper_node(paper: Paper) -> tuple[str, dict]:
    return paper.id, {
        "label": Label.Paper.value,
        "title": paper.title,
        "abstract": paper.abstract,
        "date": paper.date,
        "authors": paper.authors,
        "author_count": paper.author_count,
        "arxiv_id": paper.arxiv_id,
        "doi": paper.doi,
        "url": paper.url,
        "sources": [s.file for s in paper.sources],
        "source_records": len(paper.sources),
    }


def entity_node(entity: Entity) -> tuple[str, dict]:
    return entity.id, {
        "label": ENTITY_LABELS[entity.kind.value].value,
        "name": entity.name,
        "aliases": sorted(entity.aliases),
        "alias_counts": [entity.aliases[a] for a in sorted(entity.aliases)],
        "paper_count": len(entity.papers),
    }


def graph_attrs(report: IngestReport | None) -> dict:
    return {"kg_format": 1, "ingest": report.model_dump(mode="json") if report else None}


Edges = dict[tuple[str, str, str], dict]


def paper_items(record: Record, index: dict, names: dict[str, str]) -> tuple[dict[str, dict], Edges]:
    """One paper's claim nodes and edges (keyed ``(u, v, key)``; a repeated key updates, as networkx)."""
    pid = record["id"]
    nodes: dict[str, dict] = {}
    edges: Edges = {}

    def edge(u: str, v: str, rel: Rel, discriminator: str = "", **props: object) -> None:
        attrs = edges.setdefault((u, v, f"{rel.value}{discriminator}"), {})
        attrs.update(type=rel.value, **props)

    counts: dict[str, int] = {}
    first: dict[str, tuple[int, int]] = {}
    for kind, text, start, end in record["mentions"]:
        ent = lookup(index, kind, text)
        if ent:
            counts[ent] = counts.get(ent, 0) + 1
            first.setdefault(ent, (start, end))
    for kind, forms in entity_forms(record):
        ent = lookup(index, kind, forms[0])
        if ent is None:
            continue
        start, end = first.get(ent, (None, None))
        edge(pid, ent, Rel.MENTIONS, count=counts.get(ent, 1), start=start, end=end)
        if kind == EntityKind.benchmark.value:
            edge(pid, ent, Rel.EVALUATES_ON)
    for forms in record["proposed"]:
        ent = lookup(index, "method", forms[0])
        if ent:
            edge(pid, ent, Rel.PROPOSES)
    for claim in claims_of(record):
        subject_forms, object_forms = claim["subject"], claim["object"]
        subject = lookup(index, "method", subject_forms[-1])
        obj = (
            lookup(index, "method", object_forms[-1])
            if object_forms and not claim["object_generic"]
            else None
        )
        cid = claim_id(
            pid,
            claim["start"],
            claim["kind"],
            subject or subject_forms[0],
            obj or (object_forms[0] if object_forms else ""),
            "",
        )
        benchmarks = [b for b in (lookup(index, "benchmark", f[0]) for f in claim["benchmarks"]) if b]
        metric = lookup(index, "metric", claim["metric"][0]) if claim["metric"] else None
        nodes.setdefault(cid, {}).update(
            label=Label.Claim.value,
            kind=claim["kind"],
            subject_text=subject_forms[0],
            object_text=object_forms[0] if object_forms else None,
            object_generic=claim["object_generic"],
            value=claim["value"],
            evidence=claim["evidence"],
            sentence=claim["sentence"],
            start=claim["start"],
            end=claim["end"],
            paper_id=pid,
            rule=claim["rule"],
            confidence=claim["confidence"],
        )
        edge(pid, cid, Rel.MAKES)
        if subject:
            edge(cid, subject, Rel.SUBJECT)
        if obj:
            edge(cid, obj, Rel.OBJECT)
        for bench in benchmarks:
            edge(cid, bench, Rel.ON)
        if metric:
            edge(cid, metric, Rel.MEASURED_BY)
        if claim["kind"] == "outperforms" and subject and obj and subject != obj:
            edge(
                subject,
                obj,
                Rel.OUTPERFORMS,
                f":{cid}",
                claim_id=cid,
                paper=pid,
                benchmark=names[benchmarks[0]] if benchmarks else None,
                metric=names[metric] if metric else None,
                value=claim["value"],
                evidence=claim["evidence"],
                confidence=claim["confidence"],
                object_generic=claim["object_generic"],
            )
    return nodes, edges


def build_graph(
    papers: Iterable[Paper],
    extractions: Iterable[PaperExtraction],
    report: IngestReport | None = None,
) -> nx.MultiDiGraph:
    """Build the knowledge graph in memory (see README "Graph model").

    The streaming build (``kg.pipeline.build_to_file``) assembles the same nodes and edges
    from the same functions, one paper at a time.
    """
    records = [to_record(extraction) for extraction in extractions]
    resolver = Resolver()
    for record in records:
        add_to_resolver(resolver, record)
    entities, index = resolver.entities()
    graph = nx.MultiDiGraph()
    graph.graph.update(graph_attrs(report))
    for paper in papers:
        node, attrs = paper_node(paper)
        graph.add_node(node, **attrs)
    names = {}
    for entity in entities:
        node, attrs = entity_node(entity)
        graph.add_node(node, **attrs)
        names[node] = entity.name
    for record in records:
        nodes, edges = paper_items(record, index, names)
        for node, attrs in nodes.items():
            graph.add_node(node, **attrs)
        for (u, v, key), attrs in edges.items():
            graph.add_edge(u, v, key=key, **attrs)
    return graph


def caption(attrs: dict) -> str:
    """What a viewer should print on a node: a name, a paper's title, a claim's kind and subject."""
    if attrs.get("name"):
        return str(attrs["name"])
    if attrs.get("title"):
        return str(attrs["title"])
    if attrs.get("kind"):
        return f"{attrs['kind']}: {attrs.get('subject_text', '')}".strip()
    return str(attrs.get("label", ""))


def graph_to_graphml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy for GraphML viewers (Gephi, yEd): list/dict attributes as JSON strings, None dropped
    (GraphML is scalar-only); ``label`` is the caption (name / title) that Gephi shows and the
    node type moves to ``kind_label``; every edge id is unique (``source|TYPE…|target``), since
    Gephi drops edges whose id repeats."""
    safe = nx.MultiDiGraph()

    def clean(attrs: dict) -> dict:
        out = {}
        for k, v in attrs.items():
            if v is None:
                continue
            out[k] = _xml_text(json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
        return out

    for node, attrs in graph.nodes(data=True):
        cleaned = clean(attrs)
        cleaned["kind_label"] = cleaned.pop("label", "")
        cleaned["label"] = _xml_text(caption(attrs))
        safe.add_node(_xml_text(node), **cleaned)
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        cleaned = clean(attrs)
        outperforms = attrs.get("type") == Rel.OUTPERFORMS.value
        cleaned["label"] = _xml_text(
            (attrs.get("benchmark") if outperforms else None) or attrs.get("type", "")
        )
        safe.add_edge(_xml_text(u), _xml_text(v), key=_xml_text(f"{u}|{key}|{v}"), **cleaned)
    return safe


_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value):
    """Strings without the characters XML 1.0 cannot carry (control characters, lone
    surrogates); other values unchanged."""
    return _XML_INVALID.sub("\ufffd", value) if isinstance(value, str) else value


__all__ = [
    "Entity",
    "add_to_resolver",
    "build_graph",
    "caption",
    "claims_of",
    "entity_node",
    "graph_attrs",
    "graph_to_graphml_safe",
    "is_anonymous",
    "paper_items",
    "paper_node",
]
