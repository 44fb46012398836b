"""The canned-query catalogue: ``queries/*.cypher`` and their header comments.

Each file holds one read-only statement, preceded by ``//`` header lines::

    // name: beats
    // description: Which methods beat which baselines ...
    // param benchmark: string = null -- what it means
    // returns: winner, loser, ...
    // show: winner, loser, ...                    (optional: the default table columns)
    // order: winner, loser, paper, claim_id      (a leading "-" means descending)

A parameter without ``= default`` is required. Types: string, int, float, bool, list.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from kg.errors import QueryError
from kg.resources import data_dir

QUERIES_DIR = data_dir("queries")

_PARAM = re.compile(
    r"^(?P<name>\w+):\s*(?P<type>string|int|float|bool|list)(?:\s*=\s*(?P<default>\S+))?\s*(?:--\s*(?P<help>.*))?$"
)
_TYPES = {"string": str, "int": int, "float": float, "bool": bool, "list": list}
_BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


class QueryParam(BaseModel):
    name: str
    type: str
    required: bool
    default: str | bool | int | float | None = None
    help: str = ""

    def coerce(self, value: object, query: str) -> object:
        """Turn a CLI string (or a Python value) into the declared type, or fail clearly."""
        if value is None:
            return None
        expected = _TYPES[self.type]
        if self.type == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in _BOOLS:
                return _BOOLS[value.strip().lower()]
            raise QueryError(f"query {query!r}: parameter {self.name!r} must be true or false, got {value!r}")
        if self.type == "float":
            try:
                number = float(value) if not isinstance(value, bool) else None
            except (TypeError, ValueError):
                number = None
            if number is None or number != number or number in (float("inf"), float("-inf")):
                raise QueryError(f"query {query!r}: parameter {self.name!r} must be a number, got {value!r}")
            return number
        if isinstance(value, expected) and not isinstance(value, bool):
            return self._in_range(value, query)
        if isinstance(value, str) and self.type == "int":
            try:
                return self._in_range(int(value.strip()), query)
            except ValueError:
                pass
        elif isinstance(value, str) and self.type == "list":
            return [part.strip() for part in value.split(",") if part.strip()]
        elif isinstance(value, int | float) and not isinstance(value, bool) and self.type == "string":
            return str(value)
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise QueryError(f"query {query!r}: parameter {self.name!r} must be a {self.type}, got {shown}")

    def _in_range(self, value: object, query: str) -> object:
        """Integers must fit Neo4j's 64-bit integers (and mean the same on both backends)."""
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise QueryError(
                f"query {query!r}: parameter {self.name!r} is out of range ({-(2**63)} to {2**63 - 1})"
            )
        return value


class CannedQuery(BaseModel):
    name: str
    description: str
    params: list[QueryParam]
    returns: list[str]
    show: list[str]
    order: list[str]
    cypher: str
    path: str

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)


def _typed_default(kind: str, text: str, where: str) -> str | bool | int | float:
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
        if kind == "bool":
            return _BOOLS[text.lower()]
    except (KeyError, ValueError):
        raise QueryError(f"{where}: default {text!r} is not a {kind}") from None
    return text


def parse_query_file(path: Path) -> CannedQuery:
    header: dict[str, str] = {}
    params: list[QueryParam] = []
    body: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not body and line.startswith("//"):
            key, _, value = line[2:].strip().partition(":")
            key, value = key.strip(), value.strip()
            if key.startswith("param "):
                match = _PARAM.match(f"{key[6:].strip()}: {value}")
                if not match:
                    raise QueryError(f"{path}:{number}: cannot read parameter header {line!r}")
                default = match["default"]
                typed_default: str | bool | int | float | None = None
                if default is not None and default != "null":
                    typed_default = _typed_default(match["type"], default, f"{path}:{number}")
                params.append(
                    QueryParam(
                        name=match["name"],
                        type=match["type"],
                        required=default is None,
                        default=typed_default,
                        help=(match["help"] or "").strip(),
                    )
                )
            else:
                header[key] = value
        elif line.strip() or body:
            body.append(line)
    missing = {"name", "description", "returns", "order"} - header.keys()
    if missing:
        raise QueryError(f"{path}: header lacks {', '.join(sorted(missing))}")
    if header["name"] != path.stem:
        raise QueryError(f"{path}: header name {header['name']!r} differs from the file name")
    returns = [c.strip() for c in header["returns"].split(",")]
    return CannedQuery(
        name=header["name"],
        description=header["description"],
        params=params,
        returns=returns,
        show=[c.strip() for c in header["show"].split(",")] if "show" in header else returns,
        order=[c.strip() for c in header["order"].split(",")],
        cypher="\n".join(body).strip() + "\n",
        path=str(path),
    )


@cache
def catalogue(directory: Path = QUERIES_DIR) -> dict[str, CannedQuery]:
    """All canned queries by name, sorted."""
    if not directory.is_dir():
        raise QueryError(f"canned queries not found: {directory} is not a directory")
    queries = [parse_query_file(path) for path in sorted(directory.glob("*.cypher"))]
    return {q.name: q for q in queries}


def get_query(name: str) -> CannedQuery:
    queries = catalogue()
    if name not in queries:
        raise QueryError(f"unknown query {name!r}; `kg queries` lists them: {', '.join(queries)}")
    return queries[name]
