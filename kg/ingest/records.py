"""Turning raw fields into validated ``Paper`` objects; shared by every reader."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from kg.errors import RecordError
from kg.ingest.text import clean_text
from kg.model import Paper, SourceRef
from kg.model.ids import normalise_arxiv_id, normalise_doi, paper_id

MAX_TITLE_CHARS = 1_000
MAX_ABSTRACT_CHARS = 50_000
MAX_FIELD_CHARS = 100_000
MAX_RUN_CHARS = 1_000
"""Longest run without whitespace accepted in a title or abstract. Real abstracts stay under
300 (77,516 arXiv abstracts: longest 269, a URL); longer runs are floods of emoji,
punctuation or noise that would make tokenization quadratic."""

MAX_COUNT = 2**31 - 1
"""Largest author count or upvote count accepted (a Neo4j / JSON-safe integer)."""

ReadItem = Paper | RecordError
"""What a reader yields: a paper, or the error for one bad record (the reader goes on)."""


def parse_date(value: object) -> str | None:
    """ISO date (YYYY-MM-DD) from the date spellings sources use, or None."""
    if isinstance(value, int) and not 0 < value < 10_000:
        return None
    text = clean_text(value)
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S%z", "%b %d, %Y", "%B %d, %Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    if re.fullmatch(r"\d{4}", text):
        return text  # a year alone: ISO 8601 reduced precision
    return None


@dataclass
class RawRecord:
    """Fields as a source gives them, before validation."""

    file: str
    record: int
    format: str
    title: object = None
    abstract: object = None
    line: int | None = None
    given_id: object = None
    date: object = None
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    arxiv_id: object = None
    doi: object = None
    url: object = None
    categories: list[str] = field(default_factory=list)
    upvotes: int | None = None
    organization: str | None = None
    pointer: str | None = None
    """JSON pointer of the record inside its file (JSON documents)."""
    problems: list[str] = field(default_factory=list)
    """What a reader found wrong with the record; the first one rejects it."""


def to_paper(raw: RawRecord) -> Paper:
    """Validate a raw record. Raises RecordError naming file, record, line and problem."""

    def fail(reason: str) -> RecordError:
        return RecordError(raw.file, raw.record, reason, line=raw.line, pointer=raw.pointer)

    if raw.problems:
        raise fail(raw.problems[0])
    title = clean_text(raw.title)
    abstract = clean_text(raw.abstract)
    if not title:
        raise fail("missing or empty title")
    if not abstract:
        raise fail(f"missing or empty abstract (title {title[:60]!r})")
    if len(title) > MAX_TITLE_CHARS:
        raise fail(f"title is {len(title)} characters, more than the limit of {MAX_TITLE_CHARS}")
    if len(abstract) > MAX_ABSTRACT_CHARS:
        raise fail(f"abstract is {len(abstract)} characters, more than the limit of {MAX_ABSTRACT_CHARS}")
    for name, value in (("title", title), ("abstract", abstract)):
        longest = max(map(len, value.split()))
        if longest > MAX_RUN_CHARS:
            raise fail(
                f"{name} has a run of {longest} characters without a space (limit {MAX_RUN_CHARS}); not prose"
            )
    for name, value in (("id", raw.given_id), ("url", raw.url), ("doi", raw.doi)):
        if value is not None and len(str(value)) > MAX_FIELD_CHARS // 100:
            raise fail(f"field {name!r} is absurdly long ({len(str(value))} characters)")
    if raw.given_id is not None and not isinstance(raw.given_id, str | int):
        raise fail(f"field 'id' must be a string, got {type(raw.given_id).__name__}")
    for name, count in (("author count", raw.author_count), ("upvotes", raw.upvotes)):
        if count is not None and not 0 <= count <= MAX_COUNT:
            raise fail(f"{name} {_short_int(count)} is out of range (0 to {MAX_COUNT})")
    arxiv = normalise_arxiv_id(clean_text(raw.arxiv_id)) if raw.arxiv_id else None
    doi = normalise_doi(clean_text(raw.doi)) if raw.doi else None
    given = clean_text(raw.given_id) or None
    authors = [clean_text(a) for a in raw.authors]
    try:
        return Paper(
            id=paper_id(given=given, arxiv_id=arxiv, doi=doi, title=title),
            title=title,
            abstract=abstract,
            date=parse_date(raw.date),
            authors=[a for a in authors if a],
            author_count=raw.author_count if raw.author_count is not None else (len(raw.authors) or None),
            arxiv_id=arxiv,
            doi=doi,
            url=clean_text(raw.url) or None,
            categories=[c for c in (clean_text(c) for c in raw.categories) if c],
            upvotes=raw.upvotes,
            organization=clean_text(raw.organization) or None,
            sources=[SourceRef(file=raw.file, record=raw.record, line=raw.line, format=raw.format)],
        )
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise fail(f"invalid field {where!r}: {first['msg']}") from None


def _short_int(value: int) -> str:
    """An integer for a message, shortened when it has too many digits to print."""
    if value.bit_length() > 64:
        return f"with about {int(value.bit_length() * 0.30103) + 1} digits"
    return str(value)


def validate_all(raws: Iterator[RawRecord | RecordError]) -> Iterator[ReadItem]:
    """Validate each raw record, passing record errors through instead of stopping."""
    for raw in raws:
        if isinstance(raw, RecordError):
            yield raw
            continue
        try:
            yield to_paper(raw)
        except RecordError as error:
            yield error
