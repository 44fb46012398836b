"""Gold annotations (``gold/*.jsonl``) read and aligned to character offsets.

The gold gives surface forms and evidence sentences, not offsets: every form occurs verbatim
(case-insensitively) in ``Paper.text``, so alignment finds each occurrence at word boundaries
and keeps the longest non-overlapping spans. The train/validation split is fixed by paper id.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.model import Paper

ENTITY_LABELS = {"methods": "METHOD", "benchmarks": "BENCHMARK", "metrics": "METRIC", "tasks": "TASK"}
GENERIC_LABEL = "GENERIC"
"""Generic claim objects ("state-of-the-art methods") are spans the claim model can pick."""

VALIDATION_SHARE = 10
"""One paper in ten (by a hash of its id) is held out for validation and calibration."""


@dataclass(frozen=True)
class GoldPaper:
    paper: Paper
    annotation: dict


def split_of(paper_id: str) -> str:
    """``"train"`` or ``"validation"``, fixed by a hash of the paper id (never by order).

    Examples:
        >>> split_of("arxiv-2506.05305") in {"train", "validation"}
        True
    """
    digest = hashlib.sha256(paper_id.encode("utf-8")).digest()
    return "validation" if int.from_bytes(digest[:4], "big") % VALIDATION_SHARE == 0 else "train"


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(str(path), f"not JSON: {error}", line=line_no) from None
            if not isinstance(row, dict) or "id" not in row:
                raise InputError(str(path), "not a JSON object with an 'id'", line=line_no)
            yield line_no, row


def read_gold(annotations: str | Path, papers: str | Path) -> list[GoldPaper]:
    """Pair annotation rows with their papers (title + abstract), in annotation order."""
    texts = {str(row["id"]): row for _, row in _read_jsonl(Path(papers))}
    result = []
    for line_no, row in _read_jsonl(Path(annotations)):
        source = texts.get(str(row["id"]))
        if source is None:
            raise InputError(str(annotations), f"paper {row['id']!r} is not in {papers}", line=line_no)
        paper = Paper(id=str(row["id"]), title=source.get("title") or "", abstract=source.get("abstract") or "")
        result.append(GoldPaper(paper, row))
    return result


def find_form(text: str, form: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of ``form`` in ``text`` at word boundaries.

    Examples:
        >>> find_form("LoRA and QLoRA; lora.", "LoRA")
        [(0, 4), (16, 20)]
    """
    if not form.strip():
        return []
    pattern = re.compile(r"(?<![\w])" + re.escape(form) + r"(?![\w])", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def entity_spans(text: str, annotation: dict) -> list[tuple[int, int, str]]:
    """Character spans (start, end, label) of the annotated entities, longest first, no overlaps.

    Examples:
        >>> ann = {"methods": [["large language models", "LLMs"]], "tasks": [["language modeling"]]}
        >>> entity_spans("Large language models (LLMs) do language modeling.", ann)
        [(0, 21, 'METHOD'), (23, 27, 'METHOD'), (32, 49, 'TASK')]
    """
    candidates = []
    for field, label in ENTITY_LABELS.items():
        for forms in annotation.get(field) or []:
            for form in forms:
                candidates.extend((s, e, label) for s, e in find_form(text, form))
    for claim in annotation.get("claims") or []:
        if claim.get("object_generic") and claim.get("object"):
            evidence = claim.get("evidence") or ""
            at = text.find(evidence)
            if at < 0 or not evidence:
                continue
            for form in claim["object"]:
                candidates.extend((at + s, at + e, GENERIC_LABEL) for s, e in find_form(evidence, form))
    candidates.sort(key=lambda span: (-(span[1] - span[0]), span[0]))
    taken: list[tuple[int, int, str]] = []
    for start, end, label in candidates:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, label))
    return sorted(taken)


def evidence_span(text: str, evidence: str) -> tuple[int, int] | None:
    """Offsets of a claim's evidence sentence (verbatim in the text, else case-insensitive)."""
    at = text.find(evidence)
    if at < 0:
        at = text.lower().find(evidence.lower())
    return (at, at + len(evidence)) if at >= 0 and evidence else None
