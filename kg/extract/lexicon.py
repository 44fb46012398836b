"""Loading the hand-written term lists in ``pipelines/lexicon``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kg.model import EntityKind
from kg.resources import data_dir

DEFAULT_LEXICON_DIR = data_dir("pipelines") / "lexicon"
_FILES = {
    EntityKind.method: "methods.txt",
    EntityKind.benchmark: "benchmarks.txt",
    EntityKind.metric: "metrics.txt",
    EntityKind.task: "tasks.txt",
}


@cache
def load_terms(directory: str) -> dict[EntityKind, tuple[str, ...]]:
    """Terms per entity kind; blank lines and ``#`` comments are skipped."""
    terms = {}
    for kind, filename in _FILES.items():
        path = Path(directory) / filename
        lines = path.read_text(encoding="utf-8").splitlines()
        terms[kind] = tuple(t.strip() for t in lines if t.strip() and not t.startswith("#"))
    return terms


def is_case_sensitive(term: str) -> bool:
    """Acronym-like terms ("ARC", "MATH", "GAT") match only with their exact case."""
    return sum(ch.isupper() for ch in term) >= 2 and " " not in term


@cache
def known_terms(directory: str, kind: str) -> frozenset[str]:
    """Name keys (case, plural and article folded) of the terms of one kind."""
    from kg.model.names import name_key

    return frozenset(name_key(term) for term in load_terms(directory)[EntityKind(kind)])
