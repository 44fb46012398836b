"""The embedded store: a networkx MultiDiGraph saved as node-link JSON (lossless)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import networkx as nx

from kg.errors import GraphFileError
from kg.graph import graph_to_graphml_safe


def save_graph(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write atomically (temp file + rename), so a failed run never leaves half a graph."""
    path = Path(path)
    data = nx.node_link_data(graph, edges="edges")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_graph(path: str | Path) -> nx.MultiDiGraph:
    path = Path(path)
    if not path.exists():
        raise GraphFileError(f"graph file {str(path)!r} not found; build one with `kg build INPUT -o {path}`")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("graph", {}).get("kg_format") != 1:
            raise ValueError("no kg_format marker")
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (ValueError, KeyError, TypeError) as error:
        raise GraphFileError(f"{str(path)!r} is not a kg graph file ({error})") from None


def export_graph(graph: nx.MultiDiGraph, path: str | Path, fmt: str) -> None:
    if fmt == "json":
        save_graph(graph, path)
    elif fmt == "graphml":
        nx.write_graphml(graph_to_graphml_safe(graph), str(path))
    else:
        raise GraphFileError(f"unknown export format {fmt!r}; expected 'graphml' or 'json'")
