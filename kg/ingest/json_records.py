"""JSON sources: JSON Lines / arrays of {id, title, abstract, ...} (incl. the arXiv metadata
snapshot), OpenAlex works and Semantic Scholar papers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from kg.errors import InputError, RecordError
from kg.ingest.records import RawRecord


def _authors(value: Any) -> list[str]:
    """Author names from a string ("A, B and C"), a list of strings or of {name: ...}."""
    if isinstance(value, str):
        parts = value.replace(" and ", ", ").split(",")
        return [p.strip() for p in parts if p.strip()]
    if isinstance(value, list):
        names = []
        for item in value:
            if isinstance(item, str):
                names.append(item)
            elif isinstance(item, dict):
                name = item.get("name") or (item.get("author") or {}).get("display_name")
                if name:
                    names.append(str(name))
        return names
    return []


def rebuild_inverted_index(index: dict[str, list[int]]) -> str:
    """OpenAlex's ``abstract_inverted_index`` (word -> positions) back into text.

    Examples:
        >>> rebuild_inverted_index({"Deep": [0], "nets": [1, 3], "are": [2]})
        'Deep nets are nets'
    """
    positions: dict[int, str] = {}
    for word, places in index.items():
        for place in places:
            positions[int(place)] = word
    return " ".join(positions[i] for i in sorted(positions))


def _from_object(obj: Any, path: str, record: int, line: int | None, fmt: str) -> RawRecord:
    if not isinstance(obj, dict):
        raise RecordError(path, record, f"expected a JSON object, got {type(obj).__name__}", line)
    if "abstract_inverted_index" in obj or str(obj.get("id", "")).startswith("https://openalex.org/"):
        index = obj.get("abstract_inverted_index")
        if index is not None and not isinstance(index, dict):
            raise RecordError(path, record, "abstract_inverted_index is not an object", line)
        ids = obj.get("ids") or {}
        return RawRecord(
            file=path,
            record=record,
            line=line,
            format="openalex",
            title=obj.get("title") or obj.get("display_name"),
            abstract=rebuild_inverted_index(index) if index else None,
            date=obj.get("publication_date") or obj.get("publication_year"),
            authors=_authors(obj.get("authorships") or []),
            doi=obj.get("doi") or ids.get("doi"),
            arxiv_id=_arxiv_from_locations(obj),
            url=obj.get("id"),
        )
    if "paperId" in obj:
        external = obj.get("externalIds") or {}
        return RawRecord(
            file=path,
            record=record,
            line=line,
            format="semantic-scholar",
            title=obj.get("title"),
            abstract=obj.get("abstract"),
            date=obj.get("publicationDate") or obj.get("year"),
            authors=_authors(obj.get("authors") or []),
            doi=external.get("DOI"),
            arxiv_id=external.get("ArXiv"),
            url=obj.get("url"),
        )
    is_arxiv_snapshot = "update_date" in obj or "categories" in obj
    categories = obj.get("categories") or []
    if isinstance(categories, str):
        categories = categories.split()
    return RawRecord(
        file=path,
        record=record,
        line=line,
        format="arxiv-snapshot" if is_arxiv_snapshot else fmt,
        given_id=obj.get("id"),
        title=obj.get("title"),
        abstract=obj.get("abstract"),
        date=obj.get("date") or obj.get("update_date") or obj.get("published"),
        authors=_authors(obj.get("authors") or []),
        author_count=obj.get("author_count") if isinstance(obj.get("author_count"), int) else None,
        arxiv_id=obj.get("arxiv_id") or (obj.get("id") if is_arxiv_snapshot else None),
        doi=obj.get("doi"),
        url=obj.get("url"),
        categories=list(categories),
    )


def _arxiv_from_locations(obj: dict[str, Any]) -> str | None:
    for location in obj.get("locations") or []:
        url = str((location or {}).get("landing_page_url") or "")
        if "arxiv.org/abs/" in url:
            return url
    return None


def read_jsonl(path: str, text: str) -> Iterator[RawRecord | RecordError]:
    """One JSON object per non-blank line."""
    record = 0
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        record += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            yield RecordError(path, record, f"malformed JSON: {error.msg} at column {error.colno}", line_no)
            continue
        try:
            yield _from_object(obj, path, record, line_no, "jsonl")
        except RecordError as error:
            yield error


def read_json(path: str, text: str) -> Iterator[RawRecord | RecordError]:
    """A JSON document: an array of papers, one paper, or an API page ({results|data: [...]})."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            path, f"malformed JSON: {error.msg} (column {error.colno})", line=error.lineno
        ) from None
    if isinstance(doc, dict):
        for key in ("results", "data"):
            if isinstance(doc.get(key), list):
                doc = doc[key]
                break
        else:
            doc = [doc]
    if not isinstance(doc, list):
        raise InputError(path, f"expected a JSON array or object, got {type(doc).__name__}")
    for record, obj in enumerate(doc, start=1):
        try:
            yield _from_object(obj, path, record, None, "json")
        except RecordError as error:
            yield error
