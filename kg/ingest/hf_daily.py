"""Saved Hugging Face daily-papers pages (plain text copied from the browser).

Three layouts occur: blocks of title / abstract / "• N authors" (or an organisation) / "·" /
date [upvotes] separated by blank lines; one title line followed by one abstract line; and
title / abstract blocks separated by blank lines. All reduce to the same stream once page
chrome and metadata lines are set aside: a short line (title) followed by a long one
(abstract), with metadata attaching to the paper before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.errors import RecordError
from kg.ingest.records import MAX_COUNT, RawRecord
from kg.ingest.text import split_lines

FORMAT = "hf-daily"

_CHROME = {
    "new",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
}
_CHROME_PREFIX = re.compile(r"^(Subscribe)(?=[A-Z0-9])")
_AUTHORS = re.compile(r"^•\s*(\d+)\s+authors?$")
_DOT = "·"
_DATE = re.compile(r"^([A-Z][a-z]{2} \d{1,2}, \d{4})(?:\s+(\d+))?$")
_PAGE_DATE = re.compile(r"^[A-Z][a-z]{2} \d{1,2}$")
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z(]")

ABSTRACT_MIN_CHARS = 200
"""A text line this long, or with three sentences, is an abstract; shorter ones are titles."""


def _is_abstract(line: str) -> bool:
    return len(line) >= ABSTRACT_MIN_CHARS or len(_SENTENCE_END.findall(line)) >= 2


def _count(record: RawRecord, name: str, digits: str) -> int | None:
    """A metadata count; an absurd one rejects the record rather than being misread."""
    if len(digits) > len(str(MAX_COUNT)) or int(digits) > MAX_COUNT:
        record.problems.append(f"{name} with {len(digits)} digits is out of range (0 to {MAX_COUNT})")
        return None
    return int(digits)


def read_hf_daily(path: str, text: str) -> Iterator[RawRecord | RecordError]:
    """Yield one raw record per title+abstract pair, and an error per orphan line."""
    lines = split_lines(text)
    record_no = 0
    pending_title: tuple[int, str] | None = None
    current: RawRecord | None = None

    def orphan_title(line_no: int, title: str) -> RecordError:
        nonlocal record_no
        record_no += 1
        return RecordError(path, record_no, f"title {title[:60]!r} has no abstract", line=line_no)

    for index, raw_line in enumerate(lines):
        line_no = index + 1
        line = raw_line.strip()
        if not line or line.casefold() in _CHROME or _PAGE_DATE.match(line):
            continue
        line = _CHROME_PREFIX.sub("", line)
        next_line = lines[index + 1].strip() if index + 1 < len(lines) else ""
        authors = _AUTHORS.match(line)
        date = _DATE.match(line)
        # An organisation line comes right before "·"; an abstract never is one (a paper
        # without authors or organisation goes straight from its abstract to "·").
        organisation = next_line == _DOT and not (pending_title is not None and _is_abstract(line))
        if authors or date or line == _DOT or organisation:
            if current is None:
                continue  # metadata before any paper: page chrome
            if authors:
                current.author_count = _count(current, "author count", authors.group(1))
            elif date:
                current.date = date.group(1)
                current.upvotes = _count(current, "upvotes", date.group(2)) if date.group(2) else None
            elif organisation:
                current.organization = line
            continue
        if _is_abstract(line) and pending_title is not None:
            if current is not None:
                yield current
            record_no += 1
            current = RawRecord(
                file=path,
                record=record_no,
                format=FORMAT,
                title=pending_title[1],
                abstract=line,
                line=pending_title[0],
            )
            pending_title = None
        elif _is_abstract(line):
            if current is not None:
                yield current
                current = None
            record_no += 1
            yield RecordError(path, record_no, "abstract without a title before it", line=line_no)
        else:
            if pending_title is not None:
                yield orphan_title(*pending_title)
            pending_title = (line_no, line)
    if current is not None:
        yield current
    if pending_title is not None:
        yield orphan_title(*pending_title)
