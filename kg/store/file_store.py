"""The embedded store: a networkx MultiDiGraph saved as node-link JSON (lossless).

Files are written one node or edge per line by ``GraphWriter`` (streaming: nothing holds the
whole document, no giant string) and stay ordinary node-link JSON::

    {"directed": true, "multigraph": true, "graph": {...},
    "nodes": [
    {"id": ..., ...},
    ...
    ],
    "edges": [
    {"source": ..., "target": ..., "key": ..., ...}
    ]}

so they can also be read line by line (``iter_graph_file``) without parsing the whole file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.errors import GraphFileError
from kg.graph import graph_to_graphml_safe

_NODES_OPEN = '"nodes": [\n'
_EDGES_OPEN = '"edges": [\n'


def _dumps(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False, sort_keys=True)


class GraphWriter:
    """Write a graph file node by node and edge by edge, atomically (temp file + rename).

    Nodes must all be added before ``end_nodes()``; edges added earlier wait in a spool file
    next to the output. Used as a context manager the file appears only on success.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.json"
        >>> with GraphWriter(path, {"kg_format": 1}) as writer:
        ...     writer.add_node("a", {"label": "Method", "name": "A"})
        ...     writer.add_node("b", {"label": "Method", "name": "B"})
        ...     writer.add_edge("a", "b", "OUTPERFORMS", {"type": "OUTPERFORMS"})
        >>> sorted(load_graph(path).edges(keys=True))
        [('a', 'b', 'OUTPERFORMS')]
    """

    def __init__(self, path: str | Path, graph_attrs: dict[str, Any]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        self._out: IO[str] = os.fdopen(fd, "w", encoding="utf-8")
        self._spool: IO[str] | None = None
        self._nodes_done = False
        self._first_edge = True
        self._first_node = True
        self.nodes: Counter[str] = Counter()
        self.edges: Counter[str] = Counter()
        self._out.write(
            '{"directed": true, "multigraph": true, "graph": ' + _dumps(graph_attrs) + ",\n" + _NODES_OPEN
        )

    def add_node(self, node: str, attrs: dict[str, Any]) -> None:
        if self._nodes_done:
            raise RuntimeError("add_node after end_nodes")
        self._out.write(("" if self._first_node else ",\n") + _dumps({"id": node, **attrs}))
        self._first_node = False
        self.nodes[attrs.get("label")] += 1

    def add_edge(self, u: str, v: str, key: str, attrs: dict[str, Any]) -> None:
        line = _dumps({"source": u, "target": v, "key": key, **attrs})
        self.edges[attrs.get("type")] += 1
        if self._nodes_done:
            self._out.write(("" if self._first_edge else ",\n") + line)
            self._first_edge = False
            return
        if self._spool is None:
            self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", dir=self.path.parent)
        self._spool.write(line + "\n")

    def end_nodes(self) -> None:
        """Close the node list; spooled edges are copied over, later edges go straight out."""
        if self._nodes_done:
            return
        self._nodes_done = True
        self._out.write(("" if self._first_node else "\n") + "],\n" + _EDGES_OPEN)
        if self._spool is not None:
            self._spool.seek(0)
            for line in self._spool:
                self._out.write(("" if self._first_edge else ",\n") + line.rstrip("\n"))
                self._first_edge = False
            self._spool.close()
            self._spool = None

    def commit(self) -> None:
        self.end_nodes()
        self._out.write(("" if self._first_edge else "\n") + "]}\n")
        self._out.close()
        os.chmod(self._tmp, 0o644)
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        self._out.close()
        if self._spool is not None:
            self._spool.close()
        Path(self._tmp).unlink(missing_ok=True)

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def save_graph(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write atomically, one node/edge per line, so a failed run never leaves half a graph."""
    with GraphWriter(path, dict(graph.graph)) as writer:
        for node, attrs in graph.nodes(data=True):
            writer.add_node(node, attrs)
        writer.end_nodes()
        for u, v, key, attrs in graph.edges(keys=True, data=True):
            writer.add_edge(u, v, key, attrs)


def _not_kg(path: Path, why: str) -> GraphFileError:
    return GraphFileError(f"{str(path)!r} is not a kg graph file ({why})")


def iter_graph_file(
    path: str | Path, skip: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, dict]]:
    """``("graph", attrs)`` first, then ``("node", item)`` / ``("edge", item)`` one at a time.

    Files in the line layout stream with bounded memory (``skip(line)`` drops a line before
    it is parsed); any other node-link JSON file (an older kg version) is parsed whole.
    """
    path = Path(path)
    if not path.exists():
        raise GraphFileError(f"graph file {str(path)!r} not found; build one with `kg build INPUT -o {path}`")
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.readline()
            prefix = '{"directed": true, "multigraph": true, "graph": '
            if not (head.startswith(prefix) and handle.readline() == _NODES_OPEN):
                yield from _iter_whole(path)
                return
            attrs = json.loads(head[len(prefix) :].rstrip().rstrip(","))
            if not isinstance(attrs, dict) or attrs.get("kg_format") != 1:
                raise _not_kg(path, "no kg_format marker")
            yield "graph", attrs
            section = "node"
            batch: list[tuple[int, str]] = []
            for number, line in enumerate(handle, start=3):
                line = line.rstrip("\n")
                if line in ("],", "]}") or line == _EDGES_OPEN.rstrip("\n"):
                    yield from _parse(path, section, batch)
                    batch = []
                    section = "edge" if line == _EDGES_OPEN.rstrip("\n") else section
                    continue
                if skip is not None and skip(line):
                    continue
                batch.append((number, line.rstrip(",")))
                if len(batch) >= _PARSE_BATCH:
                    yield from _parse(path, section, batch)
                    batch = []
            yield from _parse(path, section, batch)
    except UnicodeDecodeError as error:
        raise _not_kg(path, str(error)) from None


_PARSE_BATCH = 2000


def _parse(path: Path, section: str, batch: list[tuple[int, str]]) -> Iterator[tuple[str, dict]]:
    """Many lines in one ``json.loads`` (much less per-call overhead); on an error, find its line."""
    if not batch:
        return
    try:
        items = json.loads("[" + ",".join(line for _, line in batch) + "]")
    except ValueError:
        for number, line in batch:
            try:
                json.loads(line)
            except ValueError as error:
                raise _not_kg(path, f"line {number}: {error}") from None
        raise _not_kg(path, f"lines {batch[0][0]}-{batch[-1][0]}: not one JSON item per line") from None
    for item in items:
        yield section, item


def _iter_whole(path: Path) -> Iterator[tuple[str, dict]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("graph", {}).get("kg_format") != 1:
            raise ValueError("no kg_format marker")
        nodes, edges = data["nodes"], data["edges"]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise _not_kg(path, str(error)) from None
    yield "graph", data["graph"]
    for node in nodes:
        yield "node", node
    for edge in edges:
        yield "edge", edge


_QUERY_DROPS = ("abstract", "authors")


def load_graph(path: str | Path, *, query_view: bool = False) -> nx.MultiDiGraph:
    """Read a graph file into networkx.

    ``query_view`` loads what the canned queries read, faster and smaller: MENTIONS edges
    only into Task nodes (the only ones a query follows) and papers without abstract and
    authors. Everything else is as in the file.
    """
    path = Path(path)
    graph = nx.MultiDiGraph()
    tasks: set[str] = set()
    marker = '"target": "'

    def skip_mention(line: str) -> bool:
        if '"type": "MENTIONS"' not in line:
            return False
        start = line.find(marker) + len(marker)
        return line[start : line.find('"', start)] not in tasks

    try:
        for kind, item in iter_graph_file(path, skip_mention if query_view else None):
            if kind == "node":
                node = item.pop("id")
                if query_view:
                    if item.get("label") == "Task":
                        tasks.add(node)
                    elif item.get("label") == "Paper":
                        for key in _QUERY_DROPS:
                            item.pop(key, None)
                graph.add_node(node, **item)
            elif kind == "edge":
                u, v, key = item.pop("source"), item.pop("target"), item.pop("key")
                graph.add_edge(u, v, key=key, **item)
            else:
                graph.graph.update(item)
    except (KeyError, TypeError, AttributeError) as error:
        raise _not_kg(path, f"bad node or edge: {error}") from None
    return graph


def export_graph(graph: nx.MultiDiGraph, path: str | Path, fmt: str) -> None:
    if fmt == "json":
        save_graph(graph, path)
    elif fmt == "graphml":
        path = Path(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:  # atomically, like every other writer
            with os.fdopen(fd, "wb") as handle:
                nx.write_graphml(graph_to_graphml_safe(graph), handle)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    else:
        raise GraphFileError(f"unknown export format {fmt!r}; expected 'graphml' or 'json'")
