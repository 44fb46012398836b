"""JSON sources: JSON Lines / arrays of {id, title, abstract, ...} (incl. the arXiv metadata
snapshot), OpenAlex works and Semantic Scholar papers.

Every field is read through a typed accessor: a field of the wrong type rejects its record
with the field's JSON pointer (``/authorships/0/author: expected an object, got string``)
instead of crashing the read. Integers outside the 64-bit range and documents nested too
deeply for the parser are rejected the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from kg.errors import InputError, RecordError
from kg.ingest.records import RawRecord
from kg.ingest.text import split_lines

MAX_INT = 2**63 - 1
MAX_POSITION = 1_000_000
"""Largest word position accepted in an OpenAlex inverted index (abstracts are far shorter)."""

_TYPE_NAMES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


class FieldError(Exception):
    """A field has the wrong type or value; ``pointer`` is relative to the record."""

    def __init__(self, pointer: str, reason: str) -> None:
        super().__init__(f"{pointer}: {reason}")
        self.pointer = pointer
        self.reason = reason


def _kind(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _escape(key: str | int) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _ptr(base: str, key: str | int) -> str:
    return f"{base}/{_escape(key)}"


def _check_int(value: int, pointer: str) -> int:
    if not -MAX_INT - 1 <= value <= MAX_INT:
        raise FieldError(pointer, "integer out of the 64-bit range")
    return value


def _scalar(obj: dict, key: str, base: str = "") -> str | int | float | None:
    """A string or number field (None when absent or null)."""
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise FieldError(_ptr(base, key), "expected a string, got a boolean")
    if isinstance(value, int):
        return _check_int(value, _ptr(base, key))
    if isinstance(value, float):
        return value
    raise FieldError(_ptr(base, key), f"expected a string, got {_kind(value)}")


def _obj(obj: dict, key: str, base: str = "") -> dict:
    """An object field ({} when absent or null)."""
    value = obj.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FieldError(_ptr(base, key), f"expected an object, got {_kind(value)}")
    return value


def _list(obj: dict, key: str, base: str = "") -> list:
    """An array field ([] when absent or null)."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldError(_ptr(base, key), f"expected an array, got {_kind(value)}")
    return value


def _authors(obj: dict, key: str) -> list[str]:
    """Author names from a string ("A, B and C"), a list of strings or of {name: ...} /
    OpenAlex ``{author: {display_name: ...}}``."""
    value = obj.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        parts = value.replace(" and ", ", ").split(",")
        return [p.strip() for p in parts if p.strip()]
    if not isinstance(value, list):
        raise FieldError(_ptr("", key), f"expected a string or an array, got {_kind(value)}")
    names = []
    for index, item in enumerate(value):
        base = _ptr(_ptr("", key), index)
        if item is None:
            continue
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            name = _scalar(item, "name", base)
            if name is None:
                name = _scalar(_obj(item, "author", base), "display_name", _ptr(base, "author"))
            if name is not None:
                names.append(str(name))
        else:
            raise FieldError(base, f"expected a name or an object, got {_kind(item)}")
    return names


def _categories(obj: dict) -> list[str]:
    value = obj.get("categories")
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if not isinstance(value, list):
        raise FieldError("/categories", f"expected a string or an array, got {_kind(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise FieldError(f"/categories/{index}", f"expected a string, got {_kind(item)}")
    return list(value)


def rebuild_inverted_index(index: dict[str, list[int]], base: str = "/abstract_inverted_index") -> str:
    """OpenAlex's ``abstract_inverted_index`` (word -> positions) back into text.

    Examples:
        >>> rebuild_inverted_index({"Deep": [0], "nets": [1, 3], "are": [2]})
        'Deep nets are nets'
    """
    positions: dict[int, str] = {}
    for word, places in index.items():
        if not isinstance(places, list):
            raise FieldError(_ptr(base, word), f"expected an array of positions, got {_kind(places)}")
        for number, place in enumerate(places):
            if not isinstance(place, int) or isinstance(place, bool) or not 0 <= place <= MAX_POSITION:
                raise FieldError(
                    _ptr(_ptr(base, word), number),
                    f"expected a word position (integer 0 to {MAX_POSITION}), got {_describe(place)}",
                )
            positions[place] = word
    return " ".join(positions[i] for i in sorted(positions))


def _describe(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "a huge integer"
    text = json.dumps(value, ensure_ascii=True) if isinstance(value, str | int | float) else _kind(value)
    return text[:40]


def _int_or_none(obj: dict, key: str) -> int | None:
    value = obj.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return _check_int(value, _ptr("", key))
    return None


def _record(obj: Any, path: str, record: int, line: int | None, pointer: str | None, fmt: str) -> RawRecord:
    def raw(**fields: Any) -> RawRecord:
        return RawRecord(file=path, record=record, line=line, pointer=pointer, **fields)

    if not isinstance(obj, dict):
        raise FieldError("", f"expected a JSON object, got {_kind(obj)}")
    if "abstract_inverted_index" in obj or str(_scalar(obj, "id") or "").startswith("https://openalex.org/"):
        index = _obj(obj, "abstract_inverted_index")
        ids = _obj(obj, "ids")
        return raw(
            format="openalex",
            title=_scalar(obj, "title") or _scalar(obj, "display_name"),
            abstract=rebuild_inverted_index(index) if index else None,
            date=_scalar(obj, "publication_date") or _scalar(obj, "publication_year"),
            authors=_authors(obj, "authorships"),
            doi=_scalar(obj, "doi") or _scalar(ids, "doi", "/ids"),
            arxiv_id=_arxiv_from_locations(obj),
            url=_scalar(obj, "id"),
        )
    if "paperId" in obj:
        external = _obj(obj, "externalIds")
        return raw(
            format="semantic-scholar",
            title=_scalar(obj, "title"),
            abstract=_scalar(obj, "abstract"),
            date=_scalar(obj, "publicationDate") or _scalar(obj, "year"),
            authors=_authors(obj, "authors"),
            doi=_scalar(external, "DOI", "/externalIds"),
            arxiv_id=_scalar(external, "ArXiv", "/externalIds"),
            url=_scalar(obj, "url"),
        )
    is_arxiv_snapshot = "update_date" in obj or "categories" in obj
    given_id = _scalar(obj, "id")
    return raw(
        format="arxiv-snapshot" if is_arxiv_snapshot else fmt,
        given_id=given_id,
        title=_scalar(obj, "title"),
        abstract=_scalar(obj, "abstract"),
        date=_scalar(obj, "date") or _scalar(obj, "update_date") or _scalar(obj, "published"),
        authors=_authors(obj, "authors"),
        author_count=_int_or_none(obj, "author_count"),
        arxiv_id=_scalar(obj, "arxiv_id") or (given_id if is_arxiv_snapshot else None),
        doi=_scalar(obj, "doi"),
        url=_scalar(obj, "url"),
        categories=_categories(obj),
    )


def _from_object(
    obj: Any, path: str, record: int, line: int | None, pointer: str | None, fmt: str
) -> RawRecord | RecordError:
    try:
        return _record(obj, path, record, line, pointer, fmt)
    except FieldError as error:
        where = f"{pointer or ''}{error.pointer}" or "/"
        return RecordError(path, record, error.reason, line, pointer=where)


def _arxiv_from_locations(obj: dict[str, Any]) -> str | None:
    for index, location in enumerate(_list(obj, "locations")):
        if location is None:
            continue
        if not isinstance(location, dict):
            raise FieldError(f"/locations/{index}", f"expected an object, got {_kind(location)}")
        url = str(_scalar(location, "landing_page_url", f"/locations/{index}") or "")
        if "arxiv.org/abs/" in url:
            return url
    return None


def _loads(text: str) -> Any:
    """``json.loads``; raises ValueError with a readable message for every failure."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except ValueError as error:  # e.g. an integer literal with more than 4,300 digits
        raise ValueError(str(error).split(";")[0]) from None


def read_jsonl(path: str, text: str) -> Iterator[RawRecord | RecordError]:
    """One JSON object per non-blank line (lines end at \\n or \\r\\n only)."""
    record = 0
    for line_no, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        record += 1
        try:
            obj = _loads(line)
        except json.JSONDecodeError as error:
            yield RecordError(path, record, f"malformed JSON: {error.msg} at column {error.colno}", line_no)
            continue
        except ValueError as error:
            yield RecordError(path, record, f"malformed JSON: {error}", line_no)
            continue
        yield _from_object(obj, path, record, line_no, None, "jsonl")


def read_json(path: str, text: str) -> Iterator[RawRecord | RecordError]:
    """A JSON document: an array of papers, one paper, or an API page ({results|data: [...]}).
    Each record's errors name its JSON pointer (``/results/7``)."""
    try:
        doc = _loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            path, f"malformed JSON: {error.msg} (column {error.colno})", line=error.lineno
        ) from None
    except ValueError as error:
        raise InputError(path, f"malformed JSON: {error}") from None
    base = ""
    if isinstance(doc, dict):
        for key in ("results", "data"):
            if isinstance(doc.get(key), list):
                doc, base = doc[key], f"/{key}"
                break
        else:
            yield _from_object(doc, path, 1, None, "", "json")
            return
    if not isinstance(doc, list):
        raise InputError(path, f"expected a JSON array or object, got {_kind(doc)}")
    for index, obj in enumerate(doc):
        yield _from_object(obj, path, index + 1, None, f"{base}/{index}", "json")
