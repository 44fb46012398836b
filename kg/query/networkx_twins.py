"""The networkx twin of every canned query: same parameters, same rows as the Cypher.

Each function reads the MultiDiGraph built by ``kg.graph`` (node attribute ``label``,
edge attribute ``type``) and returns plain dicts with the columns the ``.cypher`` file
returns. Ordering is applied afterwards by ``kg.query`` for both backends alike.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator
from weakref import WeakKeyDictionary

import networkx as nx

from kg.graph.schema import ENTITY_LABELS, Label, Rel
from kg.query.fulltext import matches_terms, word_tokens

Twin = Callable[..., list[dict]]
_ENTITY_LABELS = {label.value for label in ENTITY_LABELS.values()}


class GraphIndex:
    """Lookup structures over one graph, built once (first query) and kept with the graph.

    Nodes per label, a case-folded name/alias map per label, typed out/in adjacency, the
    OUTPERFORMS edges and a word-token map for full-text search: no query scans the graph.
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.by_label: dict[str, list[tuple[str, dict]]] = defaultdict(list)
        self.names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.out: dict[str, dict[str, list[tuple[str, dict]]]] = defaultdict(lambda: defaultdict(list))
        self.into: dict[str, dict[str, list[tuple[str, dict]]]] = defaultdict(lambda: defaultdict(list))
        self.outperforms: list[tuple[str, str, dict]] = []
        self.outperforms_of: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
        for node, attrs in graph.nodes(data=True):
            label = attrs.get("label")
            self.by_label[label].append((node, attrs))
            if label in _ENTITY_LABELS:
                names = self.names[label]
                for form in {attrs["name"].lower(), *(a.lower() for a in attrs.get("aliases", []))}:
                    names[form].append(node)
        for u, v, attrs in graph.edges(data=True):
            rel = attrs["type"]
            self.out[u][rel].append((v, attrs))
            self.into[v][rel].append((u, attrs))
            if rel == Rel.OUTPERFORMS.value:
                self.outperforms.append((u, v, attrs))
                self.outperforms_of[attrs["claim_id"]].append((u, v, attrs))
        self.ids = {node for node in graph}
        self._tokens: dict[str, frozenset[str]] | None = None
        self._sorted_tokens: list[str] = []

    def _token_map(self) -> dict[str, frozenset[str]]:
        """Word token -> entities (built on the first full-text search only)."""
        if self._tokens is None:
            tokens: dict[str, set[str]] = defaultdict(set)
            for label in _ENTITY_LABELS:
                for node, attrs in self.by_label.get(label, ()):
                    for form in (attrs["name"], *attrs.get("aliases", [])):
                        for token in word_tokens(form):
                            tokens[token].add(node)
            self._tokens = {token: frozenset(nodes) for token, nodes in tokens.items()}
            self._sorted_tokens = sorted(self._tokens)
        return self._tokens

    def find(self, label: str, text: str) -> list[str]:
        """Nodes of ``label`` whose id is ``text`` or whose name or an alias is it, ignoring case."""
        found = list(dict.fromkeys(self.names[label].get(text.lower(), ())))
        if text in self.ids and text not in found and any(n == text for n, _ in self.by_label[label]):
            found.append(text)
        return found

    def prefixed(self, terms: list[str]) -> set[str]:
        """Entities with, for every term, a word of their name or aliases starting with it."""
        token_map = self._token_map()
        ordered = self._sorted_tokens
        result: set[str] | None = None
        for term in terms:
            hits: set[str] = set()
            for i in range(bisect_left(ordered, term), len(ordered)):
                token = ordered[i]
                if not token.startswith(term):
                    break
                hits |= token_map[token]
            result = hits if result is None else result & hits
            if not result:
                return set()
        return result or set()


_INDEXES: WeakKeyDictionary[nx.MultiDiGraph, tuple[int, GraphIndex]] = WeakKeyDictionary()


def graph_index(graph: nx.MultiDiGraph, refresh: bool = False) -> GraphIndex:
    """The graph's index: built on first use, rebuilt when the node count changed or on
    ``refresh`` (call it after adding edges to a graph that was already queried)."""
    size = graph.number_of_nodes()  # O(1); counting edges of a MultiDiGraph is a full scan
    cached = _INDEXES.get(graph)
    if refresh or cached is None or cached[0] != size:
        cached = (size, GraphIndex(graph))
        _INDEXES[graph] = cached
    return cached[1]


def _nodes(graph: nx.MultiDiGraph, label: Label) -> Iterator[tuple[str, dict]]:
    return iter(graph_index(graph).by_label.get(label.value, ()))


def _out(graph: nx.MultiDiGraph, node: str, *rels: Rel) -> Iterator[tuple[str, dict]]:
    typed = graph_index(graph).out.get(node, {})
    return (pair for rel in rels for pair in typed.get(rel.value, ()))


def _in(graph: nx.MultiDiGraph, node: str, *rels: Rel) -> Iterator[tuple[str, dict]]:
    typed = graph_index(graph).into.get(node, {})
    return (pair for rel in rels for pair in typed.get(rel.value, ()))


def _named(node: str, attrs: dict, text: str | None) -> bool:
    """The Cypher ``n.id = $x OR toLower(n.name) = toLower($x) OR any(alias ...)``."""
    if text is None:
        return False
    wanted = text.lower()
    return (
        node == text
        or attrs["name"].lower() == wanted
        or any(a.lower() == wanted for a in attrs.get("aliases", []))
    )


def _find(graph: nx.MultiDiGraph, label: Label, text: str | None) -> list[str]:
    if text is None:
        return []
    return graph_index(graph).find(label.value, text)


def _paper(graph: nx.MultiDiGraph, paper: str | None) -> dict:
    """The Paper node's attributes, or {} (the Cypher ``OPTIONAL MATCH (p:Paper {id: …})``)."""
    if paper is None or paper not in graph or graph.nodes[paper].get("label") != Label.Paper.value:
        return {}
    return graph.nodes[paper]


def _url(attrs: dict) -> str | None:
    arxiv = attrs.get("arxiv_id")
    return f"https://arxiv.org/abs/{arxiv}" if arxiv is not None else attrs.get("url")


def _cite(attrs: dict) -> str | None:
    """``title (arXiv:ID)``: how list columns name a paper; None when the paper is unknown."""
    title = attrs.get("title")
    if title is None:
        return None
    arxiv = attrs.get("arxiv_id")
    return title if arxiv is None else f"{title} (arXiv:{arxiv})"


def _titles(graph: nx.MultiDiGraph, papers: set[str]) -> list[str]:
    return list({c for c in (_cite(_paper(graph, p)) for p in papers) if c is not None})


def _paper_columns(graph: nx.MultiDiGraph, paper: str) -> dict:
    attrs = _paper(graph, paper)
    return {"title": attrs.get("title"), "arxiv_id": attrs.get("arxiv_id"), "url": _url(attrs)}


def _beats_row(graph: nx.MultiDiGraph, winner: str, loser: str, edge: dict) -> dict:
    return {
        "winner": graph.nodes[winner]["name"],
        "winner_id": winner,
        "loser": graph.nodes[loser]["name"],
        "loser_id": loser,
        "paper": edge["paper"],
        **_paper_columns(graph, edge["paper"]),
        "benchmark": edge.get("benchmark"),
        "metric": edge.get("metric"),
        "value": edge.get("value"),
        "confidence": edge.get("confidence"),
        "evidence": edge["evidence"],
        "claim_id": edge["claim_id"],
    }


def _confident(attrs: dict, min_confidence: float, include_generic: bool) -> bool:
    """The Cypher ``x.confidence >= $min_confidence AND ($include_generic OR NOT
    coalesce(x.object_generic, false))`` on a claim node or an OUTPERFORMS edge."""
    confidence = attrs.get("confidence")
    if confidence is None or confidence < min_confidence:
        return False
    return include_generic or not attrs.get("object_generic", False)


def _outperforms(
    graph: nx.MultiDiGraph, min_confidence: float, include_generic: bool
) -> Iterator[tuple[str, str, dict]]:
    return (
        (u, v, a)
        for u, v, a in graph_index(graph).outperforms
        if _confident(a, min_confidence, include_generic)
    )


def beats(
    graph: nx.MultiDiGraph,
    benchmark: str | None = None,
    metric: str | None = None,
    min_confidence: float = 0.5,
    include_generic: bool = False,
) -> list[dict]:
    rows = []
    edges = _outperforms(graph, min_confidence, include_generic)
    if benchmark is not None:  # only the claims on that benchmark (index), not every edge
        claims = {c for b in _find(graph, Label.Benchmark, benchmark) for c, _ in _in(graph, b, Rel.ON)}
        edges = (
            (u, v, a)
            for c in claims
            for u, v, a in graph_index(graph).outperforms_of.get(c, ())
            if _confident(a, min_confidence, include_generic)
        )
    for winner, loser, edge in edges:
        claim = edge["claim_id"]
        if benchmark is not None and not any(
            _named(b, graph.nodes[b], benchmark) for b, _ in _out(graph, claim, Rel.ON)
        ):
            continue
        if metric is not None and not any(
            _named(m, graph.nodes[m], metric) for m, _ in _out(graph, claim, Rel.MEASURED_BY)
        ):
            continue
        rows.append(_beats_row(graph, winner, loser, edge))
    return rows


def beaten_by(
    graph: nx.MultiDiGraph, method: str, min_confidence: float = 0.5, include_generic: bool = False
) -> list[dict]:
    return [
        _beats_row(graph, winner, loser, edge)
        for loser in _find(graph, Label.Method, method)
        for winner, edge in _in(graph, loser, Rel.OUTPERFORMS)
        if _confident(edge, min_confidence, include_generic)
    ]


def leaderboard(
    graph: nx.MultiDiGraph,
    benchmark: str,
    metric: str | None = None,
    min_confidence: float = 0.5,
    include_generic: bool = False,
) -> list[dict]:
    claims = {
        c
        for b in _find(graph, Label.Benchmark, benchmark)
        for c, _ in _in(graph, b, Rel.ON)
        if _confident(graph.nodes[c], min_confidence, include_generic)
    }
    if metric is not None:
        claims = {
            c
            for c in claims
            if any(_named(m, graph.nodes[m], metric) for m, _ in _out(graph, c, Rel.MEASURED_BY))
        }
    stats: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for claim in claims:
        attrs = graph.nodes[claim]
        for method, edge in _out(graph, claim, Rel.SUBJECT, Rel.OBJECT):
            entry = stats[method]
            is_subject = edge["type"] == Rel.SUBJECT.value
            if attrs["kind"] == "outperforms":
                entry["wins" if is_subject else "losses"].add(claim)
            entry["claims"].add(claim)
            if is_subject and attrs.get("value") is not None:
                entry["values"].add(attrs["value"])
            entry["papers"].add(attrs["paper_id"])
    return [
        {
            "method": graph.nodes[method]["name"],
            "method_id": method,
            "wins": len(entry["wins"]),
            "losses": len(entry["losses"]),
            "claims": len(entry["claims"]),
            "values": list(entry["values"]),
            "papers": list(entry["papers"]),
            "titles": _titles(graph, entry["papers"]),
        }
        for method, entry in stats.items()
    ]


def _papers_rows(graph: nx.MultiDiGraph, pairs: set[tuple[str, str]], column: str) -> list[dict]:
    papers: dict[str, set[str]] = defaultdict(set)
    for node, paper in pairs:
        papers[node].add(paper)
    return [
        {
            column: graph.nodes[n]["name"],
            f"{column}_id": n,
            "paper_count": len(p),
            "papers": list(p),
            "titles": _titles(graph, p),
        }
        for n, p in papers.items()
    ]


def methods_on_benchmark(graph: nx.MultiDiGraph, benchmark: str) -> list[dict]:
    pairs = set()
    for bench in _find(graph, Label.Benchmark, benchmark):
        for paper, _ in _in(graph, bench, Rel.EVALUATES_ON):
            pairs |= {(m, paper) for m, _ in _out(graph, paper, Rel.PROPOSES)}
        for claim, _ in _in(graph, bench, Rel.ON):
            paper = graph.nodes[claim]["paper_id"]
            pairs |= {(m, paper) for m, _ in _out(graph, claim, Rel.SUBJECT, Rel.OBJECT)}
    return _papers_rows(graph, pairs, "method")


def benchmarks_of_method(graph: nx.MultiDiGraph, method: str) -> list[dict]:
    pairs = set()
    for node in _find(graph, Label.Method, method):
        for paper, _ in _in(graph, node, Rel.PROPOSES):
            pairs |= {(b, paper) for b, _ in _out(graph, paper, Rel.EVALUATES_ON)}
        for claim, _ in _in(graph, node, Rel.SUBJECT, Rel.OBJECT):
            paper = graph.nodes[claim]["paper_id"]
            pairs |= {(b, paper) for b, _ in _out(graph, claim, Rel.ON)}
    return _papers_rows(graph, pairs, "benchmark")


def top_baselines(
    graph: nx.MultiDiGraph, limit: int = 20, min_confidence: float = 0.5, include_generic: bool = False
) -> list[dict]:
    papers: dict[str, set[str]] = defaultdict(set)
    claims: dict[str, set[str]] = defaultdict(set)
    for claim, attrs in _nodes(graph, Label.Claim):
        if attrs["kind"] not in ("outperforms", "comparable"):
            continue
        if not _confident(attrs, min_confidence, include_generic):
            continue
        for method, _ in _out(graph, claim, Rel.OBJECT):
            papers[method].add(attrs["paper_id"])
            claims[method].add(claim)
    return [
        {
            "method": graph.nodes[m]["name"],
            "method_id": m,
            "paper_count": len(papers[m]),
            "claim_count": len(claims[m]),
        }
        for m in papers
    ]


def methods_for_task(graph: nx.MultiDiGraph, task: str) -> list[dict]:
    papers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for node in _find(graph, Label.Task, task):
        for paper, _ in _in(graph, node, Rel.MENTIONS):
            for method, _ in _out(graph, paper, Rel.PROPOSES):
                papers[(node, method)].add(paper)
    return [
        {
            "task": graph.nodes[t]["name"],
            "task_id": t,
            "method": graph.nodes[m]["name"],
            "method_id": m,
            "paper_count": len(p),
            "papers": list(p),
            "titles": _titles(graph, p),
        }
        for (t, m), p in papers.items()
    ]


def _involves(graph: nx.MultiDiGraph, nodes: tuple[str, ...], method: str | None) -> bool:
    return method is None or any(_named(n, graph.nodes[n], method) for n in nodes)


def _first_edges(
    graph: nx.MultiDiGraph, method: str | None, min_confidence: float, include_generic: bool, chains: bool
) -> Iterator[tuple[str, str, dict]]:
    """The OUTPERFORMS edges that can start a row involving ``method``: from the index, only
    edges touching it (and, for chains, edges into its beaters), not every edge."""
    if method is None:
        yield from _outperforms(graph, min_confidence, include_generic)
        return
    index = graph_index(graph)
    seen: set[int] = set()
    for node in _find(graph, Label.Method, method):
        candidates = [(node, v, a) for v, a in _out(graph, node, Rel.OUTPERFORMS)]
        candidates += [(u, node, a) for u, a in _in(graph, node, Rel.OUTPERFORMS)]
        if chains:
            for beater, _ in _in(graph, node, Rel.OUTPERFORMS):
                candidates += [
                    (u, beater, a) for u, a in index.into.get(beater, {}).get(Rel.OUTPERFORMS.value, ())
                ]
        for u, v, attrs in candidates:
            if id(attrs) not in seen and _confident(attrs, min_confidence, include_generic):
                seen.add(id(attrs))
                yield u, v, attrs


def contradictions(
    graph: nx.MultiDiGraph,
    method: str | None = None,
    min_confidence: float = 0.5,
    include_generic: bool = False,
) -> list[dict]:
    rows = []
    for a, b, first in _first_edges(graph, method, min_confidence, include_generic, chains=False):
        if not a < b or not _involves(graph, (a, b), method):
            continue
        for target, second in _out(graph, b, Rel.OUTPERFORMS):
            if target != a or second["paper"] == first["paper"]:
                continue
            if not _confident(second, min_confidence, include_generic):
                continue
            paper_a, paper_b = _paper(graph, first["paper"]), _paper(graph, second["paper"])
            rows.append(
                {
                    "method_a": graph.nodes[a]["name"],
                    "method_a_id": a,
                    "method_b": graph.nodes[b]["name"],
                    "method_b_id": b,
                    "paper_a": first["paper"],
                    "title_a": paper_a.get("title"),
                    "arxiv_a": paper_a.get("arxiv_id"),
                    "claim_a": first["claim_id"],
                    "evidence_a": first["evidence"],
                    "paper_b": second["paper"],
                    "title_b": paper_b.get("title"),
                    "arxiv_b": paper_b.get("arxiv_id"),
                    "claim_b": second["claim_id"],
                    "evidence_b": second["evidence"],
                }
            )
    return rows


def dominance_chains(
    graph: nx.MultiDiGraph,
    method: str | None = None,
    min_confidence: float = 0.5,
    include_generic: bool = False,
) -> list[dict]:
    steps: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    for a, b, first in _first_edges(graph, method, min_confidence, include_generic, chains=True):
        for c, second in _out(graph, b, Rel.OUTPERFORMS):
            if c == a or not _involves(graph, (a, b, c), method):
                continue
            if not _confident(second, min_confidence, include_generic):
                continue
            papers_ab, papers_bc = steps.setdefault((a, b, c), (set(), set()))
            papers_ab.add(first["paper"])
            papers_bc.add(second["paper"])
    return [
        {
            "a": graph.nodes[a]["name"],
            "a_id": a,
            "b": graph.nodes[b]["name"],
            "b_id": b,
            "c": graph.nodes[c]["name"],
            "c_id": c,
            "papers_ab": list(ab),
            "papers_bc": list(bc),
            "titles_ab": _titles(graph, ab),
            "titles_bc": _titles(graph, bc),
        }
        for (a, b, c), (ab, bc) in steps.items()
    ]


def claims_about(
    graph: nx.MultiDiGraph, method: str, min_confidence: float = 0.5, include_generic: bool = False
) -> list[dict]:
    rows: dict[tuple[str, str], dict] = {}
    for node in _find(graph, Label.Method, method):
        for claim, edge in _in(graph, node, Rel.SUBJECT, Rel.OBJECT):
            attrs = graph.nodes[claim]
            if not _confident(attrs, min_confidence, include_generic):
                continue
            subject = next((graph.nodes[s]["name"] for s, _ in _out(graph, claim, Rel.SUBJECT)), None)
            obj = next((graph.nodes[o]["name"] for o, _ in _out(graph, claim, Rel.OBJECT)), None)
            metric = next((graph.nodes[m]["name"] for m, _ in _out(graph, claim, Rel.MEASURED_BY)), None)
            role = edge["type"].lower()
            rows[(claim, role)] = {
                "claim_id": claim,
                "kind": attrs["kind"],
                "role": role,
                "subject": subject or attrs["subject_text"],
                "object": obj or attrs.get("object_text"),
                "object_generic": attrs["object_generic"],
                "benchmarks": [graph.nodes[b]["name"] for b, _ in _out(graph, claim, Rel.ON)],
                "metric": metric,
                "value": attrs.get("value"),
                "paper": attrs["paper_id"],
                **_paper_columns(graph, attrs["paper_id"]),
                "evidence": attrs["evidence"],
                "start": attrs["start"],
                "end": attrs["end"],
                "rule": attrs["rule"],
                "confidence": attrs["confidence"],
            }
    return list(rows.values())


def search_entities(
    graph: nx.MultiDiGraph, terms: list[str], label: str | None = None, limit: int = 25
) -> list[dict]:
    index = graph_index(graph)
    candidates = index.prefixed(terms) if terms else set()
    return [
        {
            "id": node,
            "label": attrs["label"],
            "name": attrs["name"],
            "aliases": attrs.get("aliases", []),
            "paper_count": attrs["paper_count"],
        }
        for node in candidates
        for attrs in (graph.nodes[node],)
        if attrs.get("label") in _ENTITY_LABELS
        and (label is None or attrs["label"] == label)
        and matches_terms([attrs["name"], *attrs.get("aliases", [])], terms)
    ]


TWINS: dict[str, Twin] = {
    "beats": beats,
    "beaten_by": beaten_by,
    "leaderboard": leaderboard,
    "methods_on_benchmark": methods_on_benchmark,
    "benchmarks_of_method": benchmarks_of_method,
    "top_baselines": top_baselines,
    "methods_for_task": methods_for_task,
    "contradictions": contradictions,
    "dominance_chains": dominance_chains,
    "claims_about": claims_about,
    "search_entities": search_entities,
}
