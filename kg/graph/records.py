"""Compact per-paper extraction records: what resolution and graph assembly need, nothing more.

A record is a plain JSON-ready dict (no pydantic models, no Docs): the entity form lists,
proposed methods, claims and, per mention, only ``[kind, text, start, end]``. Records are
what the extraction cache stores and what the streaming build reads back.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from kg.model import PaperExtraction

Record = dict[str, Any]
_KINDS = ("methods", "benchmarks", "metrics", "tasks")
_CLAIM_FIELDS = (
    "kind",
    "subject",
    "object",
    "object_generic",
    "benchmarks",
    "metric",
    "value",
    "evidence",
    "sentence",
    "start",
    "end",
    "rule",
    "confidence",
)
KIND_OF = {"methods": "method", "benchmarks": "benchmark", "metrics": "metric", "tasks": "task"}


def to_record(extraction: PaperExtraction) -> Record:
    """The compact record of one paper's extraction.

    Examples:
        >>> from kg.model import PaperExtraction
        >>> to_record(PaperExtraction(id="p1", title="T", methods=[["Mamba"]]))["methods"]
        [['Mamba']]
    """
    record: Record = {"id": extraction.id}
    for kind in _KINDS:
        record[kind] = [list(forms) for forms in getattr(extraction, kind)]
    record["proposed"] = [list(forms) for forms in extraction.proposed]
    record["mentions"] = [[m.kind.value, m.text, m.start, m.end] for m in extraction.mentions]
    record["claims"] = [
        {
            field: (value.value if field == "kind" else value)
            for field in _CLAIM_FIELDS
            for value in (getattr(claim, field),)
        }
        for claim in extraction.claims
    ]
    return record


def encode(record: Record) -> bytes:
    """Compressed JSON bytes (what the cache stores)."""
    return zlib.compress(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def decode(blob: bytes) -> Record:
    return json.loads(zlib.decompress(blob))


def entity_forms(record: Record) -> list[tuple[str, list[str]]]:
    """(entity kind, forms) for every entity the paper lists."""
    return [(KIND_OF[kind], forms) for kind in _KINDS for forms in record[kind]]


__all__ = ["Record", "decode", "encode", "entity_forms", "to_record"]
