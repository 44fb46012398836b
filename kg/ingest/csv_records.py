"""CSV files with a header row naming at least ``title`` and ``abstract``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from kg.errors import InputError, RecordError
from kg.ingest.records import RawRecord


def read_csv(path: str, text: str) -> Iterator[RawRecord | RecordError]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as error:
        raise InputError(path, f"malformed CSV header: {error}", line=1) from None
    missing = {"title", "abstract"} - set(header)
    if missing:
        raise InputError(path, f"CSV header lacks column(s) {sorted(missing)}; found {header}", line=1)
    reader.fieldnames = header
    record = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            record += 1
            yield RecordError(path, record, f"malformed CSV row: {error}", line)
            continue
        record += 1
        if None in row:
            yield RecordError(
                path, record, f"row has {len(header) + len(row[None])} fields, header has {len(header)}", line
            )
            continue
        authors = row.get("authors") or ""
        sep = ";" if ";" in authors else ","
        yield RawRecord(
            file=path,
            record=record,
            line=line,
            format="csv",
            given_id=row.get("id") or None,
            title=row.get("title"),
            abstract=row.get("abstract"),
            date=row.get("date") or row.get("year"),
            authors=[a.strip() for a in authors.split(sep) if a.strip()],
            arxiv_id=row.get("arxiv_id") or None,
            doi=row.get("doi") or None,
            url=row.get("url") or None,
        )
