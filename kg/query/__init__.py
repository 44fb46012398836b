"""Canned queries: the Cypher in ``queries/`` and its networkx twin, returning the same typed rows.

Examples:
    >>> sorted(catalogue())[:3]
    ['beaten_by', 'beats', 'benchmarks_of_method']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.errors import QueryError
from kg.query.catalogue import CannedQuery, QueryParam, catalogue, get_query
from kg.query.fulltext import search_terms
from kg.query.networkx_twins import TWINS
from kg.query.rows import ROW_MODELS, Row

if TYPE_CHECKING:
    from kg.store.neo4j_store import Neo4jStore


def prepare_params(query: CannedQuery, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check names, fill defaults, coerce types. ``text`` becomes ``terms`` for full-text search."""
    params = dict(params)
    if "text" in params and query.param("terms") and "terms" not in params:
        params["terms"] = search_terms(str(params.pop("text")))
    unknown = sorted(set(params) - {p.name for p in query.params})
    if unknown:
        accepted = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {', '.join(unknown)}; it takes: {accepted}")
    prepared: dict[str, Any] = {}
    for param in query.params:
        value = param.coerce(params.get(param.name), query.name)
        if value is None:
            if param.required:
                raise QueryError(f"query {query.name!r} needs --param {param.name}=… ({param.help})")
            value = param.default
        if param.type == "int" and value is not None and value < 0:
            raise QueryError(f"query {query.name!r}: {param.name} must be >= 0, got {value}")
        if param.name == "terms":
            # Re-tokenised, so only word characters ever reach the Lucene parser.
            value = search_terms(" ".join(map(str, value)))
        prepared[param.name] = value
    return prepared


def order_rows(rows: list[Row], order: list[str]) -> list[Row]:
    """Sort by the header's ``order`` columns; nulls last ascending, first descending (as Cypher)."""
    rows = list(rows)
    for column in reversed(order):
        descending = column.startswith("-")
        name = column.lstrip("-")
        rows.sort(key=lambda row: (getattr(row, name) is None, getattr(row, name)), reverse=descending)
    return rows


def run_query(
    name: str,
    params: Mapping[str, Any] | None = None,
    *,
    graph: nx.MultiDiGraph | None = None,
    store: Neo4jStore | None = None,
) -> list[Row]:
    """Run canned query ``name`` on the networkx ``graph`` or the Neo4j ``store`` (READ mode)."""
    query = get_query(name)
    prepared = prepare_params(query, params or {})
    model = ROW_MODELS[name]
    if store is not None:
        records = store.read(query.cypher, prepared)
    elif graph is not None:
        records = TWINS[name](graph, **prepared)
    else:
        raise QueryError("run_query needs a graph (networkx) or a store (Neo4j)")
    rows = order_rows([model.model_validate(record) for record in records], query.order)
    limit = prepared.get("limit")
    return rows[:limit] if limit is not None else rows


def to_dataframe(rows: list[Row]):
    """Rows as a pandas DataFrame, one column per field (needs pandas: ``pip install kg[frames]``)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        raise QueryError("to_dataframe needs pandas: pip install 'kg[frames]'") from None
    if not rows:
        return pd.DataFrame()
    return pd.DataFrame([row.model_dump() for row in rows], columns=list(type(rows[0]).model_fields))


__all__ = [
    "CannedQuery",
    "QueryParam",
    "Row",
    "catalogue",
    "get_query",
    "prepare_params",
    "run_query",
    "to_dataframe",
]
