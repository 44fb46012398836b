"""Fuzzing every reader: any record either becomes a paper or a reject naming its file,
position and reason; nothing raises and nothing disappears.

Each test generates whole files of hostile records (wrong-typed fields, lone surrogates,
control characters, Unicode line separators, huge integers, deep nesting...) and checks:

* the reader never raises anything but an ``InputError`` for an unreadable *file*;
* records in == papers + rejects out (no silent drop);
* every reject names the file and a line or JSON pointer, and a reason;
* no paper carries a lone surrogate or a control character.

Budget: a few thousand records per run (``KG_FUZZ_EXAMPLES`` scales it; scripts/fuzz_ingest.py
runs a large campaign and prints the totals).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kg.errors import InputError, RecordError
from kg.ingest import READERS
from kg.ingest.records import validate_all
from kg.model import Paper

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "60"))
STATS_FILE = os.environ.get("KG_FUZZ_STATS")
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not STATS_FILE,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: keep CI time bounded
)
_BAD_CHARS = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

HOSTILE_CHARS = st.sampled_from(
    [
        "\ud800",
        "\udfff",
        "\x00",
        "\x01",
        "\x1b",
        "\x7f",
        "\x85",
        "\u2028",
        "\u2029",
        "\x0b",
        "\x0c",
        "\r",
        "\t",
        "·",
        "•",
        "😀",
        "(",
        ")",
        "\ufeff",
        "\u200b",
        "é",
        " ",
        "\\",
        '"',
        "/",
    ]
)
WORDS = st.sampled_from(
    [
        "We",
        "propose",
        "BERT",
        "outperforms",
        "ResNet",
        "on",
        "ImageNet",
        "accuracy",
        "model",
        "the",
        "F1",
        "of",
        "94.2%",
        "SOTA",
        "GLUE",
        "transformer",
        "a",
        "novel",
        "method",
        ".",
    ]
)
TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(WORDS, HOSTILE_CHARS), max_size=40).map(" ".join),
    st.lists(st.one_of(WORDS, HOSTILE_CHARS), max_size=40).map("".join),
)
ABSTRACT = st.lists(st.one_of(WORDS, HOSTILE_CHARS, st.text(max_size=10)), min_size=30, max_size=120).map(
    " ".join
)
HUGE_INT = st.one_of(st.integers(min_value=2**63, max_value=10**30), st.integers(max_value=-(2**63) - 1))
JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), HUGE_INT, st.floats(allow_nan=False), TEXT)
JSON_VALUE = st.recursive(
    JSON_SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)


def _maybe(value_strategy, wrong=JSON_VALUE):
    """Mostly the right type, sometimes anything at all."""
    return st.one_of(value_strategy, value_strategy, value_strategy, wrong)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


PLAIN = st.fixed_dictionaries(
    {"title": _maybe(TEXT), "abstract": _maybe(ABSTRACT)},
    optional={
        "id": _maybe(TEXT),
        "authors": _maybe(st.one_of(TEXT, st.lists(TEXT, max_size=4))),
        "author_count": _maybe(st.integers(min_value=-5, max_value=50), HUGE_INT),
        "date": _maybe(st.sampled_from(["2024-01-02", "Mar 3, 2021", "2020"])),
        "doi": _maybe(TEXT),
        "categories": _maybe(st.one_of(TEXT, st.lists(TEXT, max_size=3))),
        "update_date": _maybe(TEXT),
    },
)
OPENALEX = st.fixed_dictionaries(
    {
        "id": st.just("https://openalex.org/W1"),
        "title": _maybe(TEXT),
        "abstract_inverted_index": _maybe(
            st.dictionaries(
                TEXT,
                _maybe(st.lists(st.integers(min_value=0, max_value=300), max_size=3)),
                min_size=1,
                max_size=40,
            )
        ),
    },
    optional={
        "authorships": _maybe(
            st.lists(
                _maybe(
                    st.fixed_dictionaries({"author": _maybe(st.fixed_dictionaries({"display_name": TEXT}))})
                ),
                max_size=3,
            )
        ),
        "ids": _maybe(st.fixed_dictionaries({"doi": _maybe(TEXT)})),
        "locations": _maybe(st.lists(_maybe(st.fixed_dictionaries({"landing_page_url": _maybe(TEXT)})))),
        "publication_year": _maybe(st.integers(min_value=1900, max_value=2030), HUGE_INT),
    },
)
S2 = st.fixed_dictionaries(
    {"paperId": _maybe(TEXT), "title": _maybe(TEXT), "abstract": _maybe(ABSTRACT)},
    optional={
        "externalIds": _maybe(st.fixed_dictionaries({"DOI": _maybe(TEXT), "ArXiv": _maybe(TEXT)})),
        "authors": _maybe(st.lists(_maybe(st.fixed_dictionaries({"name": _maybe(TEXT)})), max_size=3)),
        "year": _maybe(st.integers(min_value=1900, max_value=2030), HUGE_INT),
    },
)
JSON_RECORD = st.one_of(PLAIN, PLAIN, OPENALEX, S2, JSON_VALUE)


class Tally:
    """Counts across one test run; written to KG_FUZZ_STATS when set (for the campaign script)."""

    def __init__(self) -> None:
        self.records = self.papers = self.rejects = self.file_rejects = 0

    def flush(self, reader: str) -> None:
        if STATS_FILE:
            with open(STATS_FILE, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"reader": reader, **vars(self)}) + "\n")


def _run(reader: str, text: str, expected: int | None, *, whole_file_errors: bool = False) -> Tally:
    """Read ``text`` with ``reader`` and check the guarantees; ``expected`` records (None: unknown)."""
    tally = Tally()
    tally.records = expected or 0
    path = f"fuzz.{reader}"
    try:
        items = list(validate_all(READERS[reader](path, text)))
    except RecordError:
        raise
    except InputError as error:
        assert whole_file_errors, f"whole-file error on a well-formed {reader} file: {error}"
        assert error.path == path and error.reason
        tally.file_rejects = 1
        tally.flush(reader)
        return tally
    for item in items:
        if isinstance(item, RecordError):
            tally.rejects += 1
            assert item.path == path and item.reason
            assert item.line is not None or item.pointer is not None, f"reject without position: {item}"
            assert isinstance(item.record, int) and item.record >= 1
        else:
            assert isinstance(item, Paper)
            tally.papers += 1
            for value in (item.title, item.abstract, *item.authors, item.organization or ""):
                assert not _BAD_CHARS.search(value), f"unclean text survived: {value!r}"
            json.dumps(item.model_dump(), ensure_ascii=False).encode("utf-8")  # encodable
    if expected is not None:
        assert len(items) == expected, f"{expected} records in, {len(items)} out (silent drop)"
    tally.flush(reader)
    return tally


def _dump(obj: object, ascii_only: bool) -> str:
    text = json.dumps(obj, ensure_ascii=ascii_only)
    # Lone surrogates cannot be written as UTF-8: such a file always has them \\u-escaped.
    return text if ascii_only or not _has_surrogate(text) else json.dumps(obj)


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


@FUZZ
@given(records=st.lists(JSON_RECORD, min_size=1, max_size=12), crlf=st.booleans(), ascii_only=st.booleans())
def test_fuzz_jsonl(records, crlf, ascii_only):
    text = ("\r\n" if crlf else "\n").join(_dump(r, ascii_only) for r in records)
    _run("jsonl", text, len(records))


@FUZZ
@given(
    records=st.lists(JSON_RECORD, min_size=1, max_size=12), wrapper=st.sampled_from([None, "results", "data"])
)
def test_fuzz_json(records, wrapper):
    doc = {wrapper: records} if wrapper else records
    _run("json", json.dumps(doc), len(records))


@FUZZ
@given(
    rows=st.lists(st.tuples(TEXT, ABSTRACT, TEXT, TEXT), min_size=1, max_size=10),
    crlf=st.booleans(),
)
def test_fuzz_csv(rows, crlf):
    rows = [tuple(field.replace("\x00", "") for field in row) for row in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["id", "title", "abstract", "authors"])
    for title_id, abstract, title, authors in rows:
        writer.writerow([title_id, title, abstract, authors])
    text = buffer.getvalue()
    if _has_surrogate(text):
        text = text.encode("utf-8", "replace").decode("utf-8")
    _run("csv", text, len(rows))


_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return escape(_XML_INVALID.sub("", value))


@FUZZ
@given(entries=st.lists(st.tuples(TEXT, ABSTRACT, st.lists(TEXT, max_size=3)), min_size=1, max_size=10))
def test_fuzz_arxiv_atom(entries):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">']
    for number, (title, abstract, authors) in enumerate(entries):
        names = "".join(f"<author><name>{_xml_text(a)}</name></author>" for a in authors)
        parts.append(
            f"<entry>\n<id>http://arxiv.org/abs/2101.{number:05d}v1</id>\n<title>{_xml_text(title)}</title>\n"
            f"<summary>{_xml_text(abstract)}</summary>{names}\n</entry>"
        )
    parts.append("</feed>\n")
    _run("arxiv-atom", "\n".join(parts), len(entries))


_BIB_SAFE = re.compile(r"[{}@\\%\"=,\ud800-\udfff]")


@FUZZ
@given(entries=st.lists(st.tuples(TEXT, ABSTRACT, st.lists(TEXT, max_size=3)), min_size=1, max_size=8))
def test_fuzz_bibtex(entries):
    blocks = []
    for number, (title, abstract, authors) in enumerate(entries):
        author = " and ".join(_BIB_SAFE.sub("", a) for a in authors)
        blocks.append(
            f"@article{{key{number},\n  title = {{{_BIB_SAFE.sub('', title)}}},\n"
            f"  abstract = {{{_BIB_SAFE.sub('', abstract)}}},\n  author = {{{author}}},\n  year = {{2021}}\n}}"
        )
    _run("bibtex", "\n\n".join(blocks), len(entries))


_HF_TITLE_OK = re.compile(r"[^\n\r]")


def _hf_line(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ")


HF_TITLE = (
    st.lists(st.one_of(WORDS, HOSTILE_CHARS.filter(lambda c: c not in "\r·•")), min_size=2, max_size=8)
    .map(" ".join)
    .filter(lambda t: t.strip() not in ("", "·") and "authors" not in t)
)


@FUZZ
@given(
    blocks=st.lists(
        st.tuples(
            HF_TITLE,
            ABSTRACT,
            st.sampled_from(["authors", "org", "none"]),
            st.one_of(st.integers(min_value=1, max_value=99), st.just(10**40)),
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    ),
    crlf=st.booleans(),
)
def test_fuzz_hf_daily(blocks, crlf):
    lines = ["new", "", "Daily Papers", ""]
    for title, abstract, meta, count, upvotes in blocks:
        body = _hf_line(abstract)
        body = (body + " padding words" * 20) if len(body.strip()) < 220 else body
        lines += [_hf_line(title), "", body, ""]
        if meta == "authors":
            lines.append(f"  • {count} authors")
        elif meta == "org":
            lines.append("Some Lab")
        lines += ["·", f"Mar 21, 2025{f' {count}' if upvotes else ''}", ""]
    text = ("\r\n" if crlf else "\n").join(lines)
    _run("hf-daily", text, len(blocks))


@FUZZ
@given(
    reader=st.sampled_from(sorted(READERS)),
    text=st.one_of(
        st.text(max_size=300), st.lists(st.one_of(WORDS, HOSTILE_CHARS), max_size=80).map("".join)
    ),
)
def test_fuzz_arbitrary_text_never_crashes(reader, text):
    """Whatever the bytes, a reader either rejects the file in one line or yields items."""
    _run(reader, text, None, whole_file_errors=True)


def test_fuzz_deep_nesting_is_a_reject():
    tally = _run("jsonl", '{"title": "x", "abstract": ' + _deep(100_000) + "}\n" + _deep(5000), 2)
    assert tally.rejects == 2
    _run("json", _deep(100_000), None, whole_file_errors=True)
    array = "[" + json.dumps({"title": "t", "abstract": "a" * 10}) + ", " + _deep(900) + "]"
    _run("json", array, 2)


REGRESSIONS = Path(__file__).parent / "data" / "hostile"


def test_regression_files_are_all_accounted_for():
    """Crashing cases found by the fault campaign, kept as files: none crashes and every
    record is accounted for (``expect`` in each file's manifest line)."""
    manifest = json.loads((REGRESSIONS / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest) >= 10
    from kg.ingest import read_papers

    for name, expected in manifest.items():
        result = read_papers([REGRESSIONS / name], on_error="skip")
        report = result.report
        assert report.balanced, name
        assert (report.papers, report.rejected) == (expected["papers"], expected["rejected"]), (
            name,
            report.papers,
            [r.reason for r in report.rejects],
        )
        for rejected in report.rejects:
            assert rejected.line is not None or rejected.pointer is not None or rejected.record is None, name
        for reason in expected.get("reasons", []):
            assert any(reason in r.reason for r in report.rejects), (name, reason, report.rejects)
