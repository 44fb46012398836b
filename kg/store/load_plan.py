"""Checking a graph completely and cutting it into per-paper groups, before any write.

``plan_load`` validates every node and edge (labels and relationship types from the schema,
property values Neo4j can store, integers inside 64 bits) and raises ``GraphFileError`` on
the first problem, so an invalid graph file never changes the database. It then assigns
each node and edge to the paper it belongs to: the paper's own node, its claims, the
relationships from both, the OUTPERFORMS edges derived from its claims, and the entity
nodes these point at. The store writes one group of papers per transaction, so the
database only ever holds whole papers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.errors import GraphFileError
from kg.graph.schema import ENTITY_LABELS, Label, Rel

INT64 = (-(2**63), 2**63 - 1)
_PRIMITIVES = (str, bool, int, float)


@dataclass
class PaperGroup:
    """Everything one transaction writes for some papers."""

    papers: list[dict] = field(default_factory=list)  # {id, claims, edge_keys} for stale deletion
    nodes: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))  # label -> rows
    rels: dict[tuple[str, str, str], list[dict]] = field(default_factory=lambda: defaultdict(list))
    _node_ids: set[str] = field(default_factory=set)

    def add_node(self, node: str, label: str, attrs: dict) -> None:
        if node not in self._node_ids:
            self._node_ids.add(node)
            self.nodes[label].append({"id": node, "props": {**props(attrs, ("label",)), "id": node}})


@dataclass
class LoadPlan:
    groups: list[PaperGroup]
    paper_count: int
    node_count: int
    edge_count: int


def props(attrs: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Neo4j properties: drop None (absent) and our own bookkeeping keys."""
    return {k: v for k, v in attrs.items() if v is not None and k not in skip}


def _check_value(value: Any) -> str | None:
    """Why Neo4j cannot store ``value`` as a property, or None when it can."""
    if value is None or isinstance(value, str | bool):
        return None
    if isinstance(value, int):
        return None if INT64[0] <= value <= INT64[1] else "integer outside the 64-bit range"
    if isinstance(value, float):
        return None if not math.isnan(value) else "NaN"
    if isinstance(value, list):
        kinds = {bool if isinstance(v, bool) else type(v) for v in value}
        if not kinds <= set(_PRIMITIVES):
            return "a list holding something other than strings, numbers or booleans"
        if len(kinds - {int, float}) + (1 if kinds & {int, float} else 0) > 1:
            return "a list mixing types"
        for item in value:
            problem = _check_value(item)
            if problem:
                return f"a list holding an {problem}"
        return None
    return f"a {type(value).__name__} (Neo4j stores strings, numbers, booleans and lists of them)"


def _check_props(what: str, attrs: dict) -> None:
    for key, value in attrs.items():
        if not isinstance(key, str):
            raise GraphFileError(f"{what}: property name {key!r} is not a string; nothing was written")
        problem = _check_value(value)
        if problem:
            raise GraphFileError(f"{what}: property {key!r} is {problem}; nothing was written")


def _label(node: Any, attrs: dict) -> str:
    if not isinstance(node, str) or not node:
        raise GraphFileError(f"graph node {node!r}: ids must be non-empty strings; nothing was written")
    try:
        return Label(attrs.get("label")).value
    except ValueError:
        raise GraphFileError(
            f"graph node {node!r}: label {attrs.get('label')!r} is not one of "
            f"{', '.join(label.value for label in Label)}; nothing was written"
        ) from None


def validate(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Labels by node id; raises GraphFileError naming the first invalid node or edge."""
    labels = {}
    for node, attrs in graph.nodes(data=True):
        labels[node] = _label(node, attrs)
        _check_props(f"graph node {node!r}", props(attrs, ("label",)))
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        what = f"graph edge {u!r} -[{key!r}]-> {v!r}"
        try:
            Rel(attrs.get("type"))
        except ValueError:
            raise GraphFileError(
                f"{what}: relationship type {attrs.get('type')!r} is not one of "
                f"{', '.join(rel.value for rel in Rel)}; nothing was written"
            ) from None
        if not isinstance(key, str):
            raise GraphFileError(f"{what}: edge keys must be strings; nothing was written")
        _check_props(what, props(attrs, ("type",)))
    return labels


_PAPER_EDGES = (Rel.MENTIONS.value, Rel.PROPOSES.value, Rel.EVALUATES_ON.value)


def plan_load(graph: nx.MultiDiGraph, papers_per_group: int) -> LoadPlan:
    """Validate ``graph`` and group it by paper (see module docstring)."""
    if not isinstance(graph, nx.MultiDiGraph):
        raise GraphFileError(f"expected a kg graph (networkx MultiDiGraph), got {type(graph).__name__}")
    labels = validate(graph)
    paper = Label.Paper.value
    owner: dict[str, str] = {n: n for n, label in labels.items() if label == paper}
    for u, v, attrs in graph.edges(data=True):
        if attrs["type"] == Rel.MAKES.value and labels[u] == paper:
            owner.setdefault(v, u)  # a claim belongs to the paper that makes it
    papers = sorted(n for n, label in labels.items() if label == paper)
    group_of = {p: index // papers_per_group for index, p in enumerate(papers)}
    groups = [PaperGroup() for _ in range((len(papers) + papers_per_group - 1) // papers_per_group)]
    rest = PaperGroup()  # edges and nodes tied to no paper (hand-made graphs)

    def group_for(node_owner: str | None) -> PaperGroup:
        return groups[group_of[node_owner]] if node_owner in group_of else rest

    for p in papers:
        claims, edge_keys = [], []
        for _, target, key, edge in graph.out_edges(p, keys=True, data=True):
            if edge["type"] == Rel.MAKES.value:
                claims.append(target)
            elif edge["type"] in _PAPER_EDGES:
                edge_keys.append(f"{target}|{key}")
        group_for(p).papers.append({"id": p, "claims": claims, "edge_keys": edge_keys})
    for node, attrs in graph.nodes(data=True):
        if node in owner:
            group_for(owner[node]).add_node(node, labels[node], attrs)
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        edge_owner = owner.get(u)
        if attrs["type"] == Rel.OUTPERFORMS.value and attrs.get("paper") in group_of:
            edge_owner = attrs["paper"]
        group = group_for(edge_owner)
        for node in (u, v):  # entities (and anything else) travel with the edges that need them
            group.add_node(node, labels[node], graph.nodes[node])
        row = {"u": u, "v": v, "props": {**props(attrs, ("type",)), "key": key}}
        group.rels[(labels[u], attrs["type"], labels[v])].append(row)
    entity_labels = {label.value for label in ENTITY_LABELS.values()}
    for node, attrs in graph.nodes(data=True):
        if node not in owner and graph.degree(node) == 0 and labels[node] not in entity_labels:
            rest.add_node(node, labels[node], attrs)  # (isolated entities would only be orphans)
    if rest.nodes or rest.rels:
        groups.append(rest)
    return LoadPlan(
        groups=groups,
        paper_count=len(papers),
        node_count=graph.number_of_nodes(),
        edge_count=graph.number_of_edges(),
    )


def batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
