"""BibTeX files; entries need an ``abstract`` field."""

from __future__ import annotations

import re
from collections.abc import Iterator

import bibtexparser

from kg.errors import InputError, RecordError
from kg.ingest.records import RawRecord

_BRACES = re.compile(r"[{}]")


def _unbrace(value: str | None) -> str | None:
    return _BRACES.sub("", value) if value is not None else None


def read_bibtex(path: str, text: str) -> Iterator[RawRecord | RecordError]:
    try:
        library = bibtexparser.parse_string(text)
    except RecursionError:
        raise InputError(path, "malformed BibTeX: nested too deeply") from None
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise InputError(path, f"malformed BibTeX: {type(error).__name__}: {str(error)[:200]}") from None
    blocks = sorted(
        [(entry.start_line, entry) for entry in library.entries]
        + [(block.start_line, block) for block in library.failed_blocks],
        key=lambda pair: pair[0],
    )
    for record, (start_line, block) in enumerate(blocks, start=1):
        line = start_line + 1
        if not isinstance(block, bibtexparser.model.Entry):
            reason = type(block).__name__.replace("Block", "").strip() or "unparseable entry"
            yield RecordError(path, record, f"malformed BibTeX entry ({reason})", line)
            continue
        fields = {key.lower(): value for key, value in block.fields_dict.items()}

        def get(name: str, fields: dict = fields) -> str | None:
            return _unbrace(fields[name].value) if name in fields else None

        authors = get("author")
        eprint = get("eprint") if (get("archiveprefix") or "").lower() == "arxiv" else None
        yield RawRecord(
            file=path,
            record=record,
            line=line,
            format="bibtex",
            given_id=None,
            title=get("title"),
            abstract=get("abstract"),
            date=get("date") or get("year"),
            authors=[a.strip() for a in authors.split(" and ")] if authors else [],
            arxiv_id=eprint,
            doi=get("doi"),
            url=get("url"),
        )
