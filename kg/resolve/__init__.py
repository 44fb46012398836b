"""Resolve: per-paper entity forms -> one canonical entity per real thing, across papers.

Pure Python, no database. Surface forms are folded with ``name_key`` (case, plural,
hyphens, articles, a trailing generic head such as "architecture"); forms listed together
in one paper (an acronym and its long form) join one entity. Distinct names stay distinct:
"Mamba" vs "Mamba-2", "S4" vs "S5", "BERT" vs "RoBERTa" fold to different keys.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.model import Entity, EntityKind, PaperExtraction
from kg.model.ids import entity_id
from kg.model.names import name_key


def resolution_key(form: str) -> str:
    """The key two surface forms must share to be the same entity.

    Examples:
        >>> {resolution_key(f) for f in ["Transformer", "Transformers", "the Transformer architecture", "transformer"]}
        {'transformer'}
        >>> len({resolution_key(f) for f in ["Mamba", "Mamba-2", "S4", "S5", "BERT", "RoBERTa"]})
        6
    """
    return name_key(form, drop_generic_head=True)


class Resolver:
    """Union-find over resolution keys, per entity kind."""

    def __init__(self) -> None:
        self._parent: dict[tuple[str, str], tuple[str, str]] = {}
        self._aliases: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self._papers: dict[tuple[str, str], set[str]] = defaultdict(set)

    def _find(self, node: tuple[str, str]) -> tuple[str, str]:
        self._parent.setdefault(node, node)
        while self._parent[node] != node:
            self._parent[node] = self._parent[self._parent[node]]
            node = self._parent[node]
        return node

    def _union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)  # order-independent root

    def add_forms(
        self, kind: str, forms: list[str], paper_id: str, counts: Counter[str] | None = None
    ) -> None:
        nodes = []
        for form in forms:
            key = resolution_key(form)
            if not key:
                continue
            node = (kind, key)
            self._find(node)
            self._aliases[node][form] += (counts.get(form, 0) if counts else 0) or 1
            self._papers[node].add(paper_id)
            nodes.append(node)
        for node in nodes[1:]:
            self._union(nodes[0], node)

    def entities(self) -> tuple[list[Entity], dict[tuple[str, str], str]]:
        """Resolved entities (sorted by id) and the map (kind, key) -> entity id."""
        clusters: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for node in self._parent:
            clusters[self._find(node)].append(node)
        entities, index = [], {}
        for root, members in clusters.items():
            aliases: Counter[str] = Counter()
            papers: set[str] = set()
            for member in members:
                aliases.update(self._aliases[member])
                papers |= self._papers[member]
            key_counts = Counter({m[1]: sum(self._aliases[m].values()) for m in members})
            canonical_key = min(key_counts, key=lambda k: (-key_counts[k], k))
            name = min(aliases, key=lambda a: (-aliases[a], -len(a), a))
            # an acronym's long form is the better display name when both are seen
            longer = [a for a in aliases if len(a) > len(name) and resolution_key(a) != resolution_key(name)]
            if longer and name.replace("s", "").isupper():
                name = min(longer, key=lambda a: (-aliases[a], a))
            ident = entity_id(root[0], canonical_key)
            entities.append(
                Entity(
                    id=ident,
                    kind=EntityKind(root[0]),
                    name=name,
                    aliases=dict(sorted(aliases.items())),
                    papers=sorted(papers),
                )
            )
            for member in members:
                index[member] = ident
        return sorted(entities, key=lambda e: e.id), index


def resolve(extractions: Iterable[PaperExtraction]) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Resolve every entity (and claim side) of the extractions across papers."""
    resolver = Resolver()
    for extraction in extractions:
        counts = Counter(m.text for m in extraction.mentions)
        for kind in EntityKind:
            for forms in extraction.entities(kind):
                resolver.add_forms(kind.value, forms, extraction.id, counts)
        for claim in extraction.claims:
            resolver.add_forms(EntityKind.method.value, claim.subject[-1:], extraction.id)
            if claim.object and not claim.object_generic:
                resolver.add_forms(EntityKind.method.value, claim.object[-1:], extraction.id)
    return resolver.entities()


def lookup(index: dict[tuple[str, str], str], kind: str, form: str) -> str | None:
    return index.get((kind, resolution_key(form)))
