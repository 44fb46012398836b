"""Ingest: source files -> validated, de-duplicated ``Paper`` objects.

One reader module per format; ``read_papers`` picks the reader by extension (or content, or
an explicit ``format``), validates every record, merges duplicates, and accounts for every
record read: papers + duplicates_merged + rejected == records_read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kg.errors import InputError, KGError, RecordError
from kg.ingest.arxiv_atom import read_arxiv_atom
from kg.ingest.bibtex import read_bibtex
from kg.ingest.csv_records import read_csv
from kg.ingest.dedup import PaperIndex
from kg.ingest.files import FORMATS, detect_format, read_text
from kg.ingest.hf_daily import read_hf_daily
from kg.ingest.json_records import read_json, read_jsonl
from kg.ingest.records import RawRecord, ReadItem, validate_all
from kg.model import IngestReport, Paper, Rejected

log = logging.getLogger(__name__)

OnError = Literal["fail", "skip"]
Reader = Callable[[str, str], Iterator[RawRecord | RecordError]]

READERS: dict[str, Reader] = {
    "hf-daily": read_hf_daily,
    "jsonl": read_jsonl,
    "json": read_json,
    "arxiv-atom": read_arxiv_atom,
    "bibtex": read_bibtex,
    "csv": read_csv,
}
assert set(READERS) == set(FORMATS)


@dataclass
class IngestResult:
    papers: list[Paper]
    report: IngestReport


def read_file(path: str | Path, format: str | None = None) -> Iterator[ReadItem]:
    """Papers and per-record errors of one file. Raises InputError if the file is unusable."""
    path = Path(path)
    text = read_text(path)
    name = format or detect_format(path, text)
    if name not in READERS:
        raise InputError(str(path), f"unknown format {name!r}; expected one of: {', '.join(FORMATS)}")
    return _guarded(str(path), validate_all(READERS[name](str(path), text)))


def _guarded(path: str, items: Iterator[ReadItem]) -> Iterator[ReadItem]:
    """Last line of defence: a reader bug ends the file with an InputError naming it and the
    record reached, never with a bare traceback. (Fuzz tests keep this path unused.)"""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except (KGError, GeneratorExit):
        raise
    except (Exception, RecursionError) as error:
        log.debug("reader failure", exc_info=True)
        raise InputError(
            path, f"cannot read past record {count}: {type(error).__name__}: {str(error)[:200]}"
        ) from None


def read_papers(
    paths: Iterable[str | Path], *, format: str | None = None, on_error: OnError = "fail"
) -> IngestResult:
    """Read, validate and de-duplicate papers from every path.

    Args:
        paths: input files; formats are detected per file unless ``format`` is given.
        format: force one reader for all files (see ``kg.ingest.files.FORMATS``).
        on_error: ``"fail"`` raises the first InputError/RecordError; ``"skip"`` records it in
            the report's ``rejects`` and goes on.

    Examples:
        >>> result = read_papers(["tests/data/sample.jsonl"])  # doctest: +SKIP
        >>> result.report.balanced
        True
    """
    index = PaperIndex()
    report = IngestReport()
    for path in paths:
        name = str(path)
        before = report.records_read
        try:
            items = read_file(path, format)
            for item in items:
                report.records_read += 1
                if isinstance(item, RecordError):
                    if on_error == "fail":
                        raise item
                    report.rejected += 1
                    report.rejects.append(
                        Rejected(
                            file=item.path,
                            record=item.record,
                            line=item.line,
                            pointer=item.pointer,
                            reason=item.reason,
                        )
                    )
                    log.warning("%s", item)
                elif index.add(item):
                    report.papers += 1
                else:
                    report.duplicates_merged += 1
        except RecordError:
            raise
        except InputError as error:
            if on_error == "fail":
                raise
            report.records_read += 1
            report.rejected += 1
            report.rejects.append(Rejected(file=error.path, line=error.line, reason=error.reason))
            log.warning("%s", error)
        report.by_file[name] = report.records_read - before
    return IngestResult(papers=index.papers(), report=report)


__all__ = ["FORMATS", "IngestResult", "OnError", "read_file", "read_papers"]
