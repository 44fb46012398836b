"""Reading a source file's bytes safely and choosing its format."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

from kg.errors import InputError
from kg.ingest.text import split_lines

MAX_FILE_BYTES = 2 * 1024**3
FORMATS = ("hf-daily", "jsonl", "json", "arxiv-atom", "bibtex", "csv")
"""Names accepted by ``--format``. ``json`` covers JSON arrays, OpenAlex and Semantic Scholar."""

_BY_SUFFIX = {
    ".txt": "hf-daily",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xml": "arxiv-atom",
    ".atom": "arxiv-atom",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".csv": "csv",
}


def read_text(path: Path) -> str:
    """The file decoded as UTF-8, or an InputError saying why it cannot be."""
    name = str(path)
    if not path.exists():
        raise InputError(name, "no such file")
    if path.is_dir():
        raise InputError(name, "is a directory, expected a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(name, f"file is larger than {MAX_FILE_BYTES} bytes")
    try:
        data = _read_bytes(path)
    except OSError as error:
        raise InputError(name, f"cannot read: {error.strerror or error}") from None
    if data.lstrip()[:5] == b"%PDF-":
        raise InputError(
            name, "PDF is not supported; use arXiv/S2/OpenAlex metadata (JSON, Atom XML, BibTeX or CSV)"
        )
    if b"\x00" in data[:65536]:
        raise InputError(name, "binary file (contains NUL bytes); expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            name,
            f"undecodable bytes {data[error.start : error.end]!r} at byte {error.start}; expected UTF-8 text",
            line=line,
        ) from None
    return text


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; ``.gz`` files are decompressed (``papers.jsonl.gz`` reads as JSONL)."""
    if path.suffix.lower() != ".gz":
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(str(path), f"cannot decompress gzip file ({error})") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(str(path), f"decompressed file is larger than {MAX_FILE_BYTES} bytes")
    return data


def _suffix(path: Path) -> str:
    """The format-giving extension: ``.jsonl`` for ``papers.jsonl.gz``."""
    if path.suffix.lower() == ".gz":
        return Path(path.stem).suffix.lower()
    return path.suffix.lower()


def detect_format(path: Path, text: str) -> str:
    """Format name from the extension (``.gz`` looks through), falling back to the content."""
    by_suffix = _BY_SUFFIX.get(_suffix(path))
    if by_suffix:
        return by_suffix
    head = text.lstrip()[:2000]
    if head.startswith("<"):
        return "arxiv-atom"
    if head.startswith("@"):
        return "bibtex"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first_line = split_lines(head)[0]
        try:
            json.loads(first_line)
            return "jsonl"
        except (ValueError, RecursionError):
            return "json"
    raise InputError(
        str(path),
        f"unknown format (extension {path.suffix!r}); pass --format, one of: {', '.join(FORMATS)}",
    )
