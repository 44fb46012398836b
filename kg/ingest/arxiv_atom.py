"""arXiv API responses (Atom XML feeds)."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml.ElementTree import DefusedXMLParser

from kg.errors import InputError, RecordError
from kg.ingest.records import RawRecord

_NS = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_ENTRY = f"{{{_NS['a']}}}entry"


class _LineBuilder(TreeBuilder):
    """A tree builder that remembers the line each ``<entry>`` starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}

    def start(self, tag, attrs):  # type: ignore[override]
        element = super().start(tag, attrs)
        if tag == _ENTRY and self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def _parse(path: str, text: str) -> tuple[Element, dict[int, int]]:
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except ParseError as error:
        line = error.position[0] if error.position else None
        raise InputError(path, f"malformed XML: {error.msg}", line=line) from None
    except RecursionError:
        raise InputError(path, "malformed XML: nested too deeply") from None
    except Exception as error:  # defusedxml refuses entity expansion and external DTDs
        raise InputError(path, f"refused unsafe XML: {type(error).__name__} {error}") from None
    return root, builder.lines


def read_arxiv_atom(path: str, text: str) -> Iterator[RawRecord | RecordError]:
    """One record per ``<entry>``; each names the line its entry starts on."""
    root, lines = _parse(path, text)
    if root.tag != f"{{{_NS['a']}}}feed":
        raise InputError(path, f"expected an Atom <feed> root element, got <{root.tag}>")
    for record, entry in enumerate(root.findall("a:entry", _NS), start=1):
        doi = entry.findtext("arxiv:doi", default=None, namespaces=_NS)
        categories = [c.get("term", "") for c in entry.findall("a:category", _NS)]
        yield RawRecord(
            file=path,
            record=record,
            line=lines.get(id(entry)),
            format="arxiv-atom",
            title=entry.findtext("a:title", default=None, namespaces=_NS),
            abstract=entry.findtext("a:summary", default=None, namespaces=_NS),
            date=(entry.findtext("a:published", default="", namespaces=_NS) or "")[:10] or None,
            authors=[
                a.findtext("a:name", default="", namespaces=_NS) for a in entry.findall("a:author", _NS)
            ],
            arxiv_id=entry.findtext("a:id", default=None, namespaces=_NS),
            doi=doi,
            url=entry.findtext("a:id", default=None, namespaces=_NS),
            categories=[c for c in categories if c],
        )
