"""Acronym definitions, Schwartz & Hearst (2003) style: "long form (SF)".

``find_abbreviations`` is pure; the ``kg_abbreviations`` component stores its results on
``Doc._.kg_abbreviations`` as ``(long_start, long_end, short_start, short_end)`` character
offsets, plain data so docs survive ``nlp.pipe(n_process=...)``.
"""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.segmentation import doc_text

_PAREN = re.compile(r"\(\s*([A-Za-z0-9][\w\-+./&']{0,14}?)\s*(?:[;,][^)]*)?\)")
_WORD = re.compile(r"\S+")
_CONNECTORS = frozenset({"and", "of", "for", "the", "in", "on", "with", "to", "or"})
_BREAK = re.compile(r"[.;:!?]\s|\)|\(|\n")


def _valid_short(short: str) -> bool:
    letters = sum(ch.isalpha() for ch in short)
    return (
        2 <= len(short) <= 15
        and letters >= 2
        and any(ch.isupper() for ch in short)
        and not short.lower().startswith(("e.g", "i.e", "see", "fig"))
    )


def _best_long_form(short: str, candidate: str) -> int | None:
    """Start (in ``candidate``) of the shortest long form matching ``short``, or None.

    Characters of the short form are matched right to left; its first character must
    start a word of the long form.
    """
    s_index = len(short) - 1
    l_index = len(candidate) - 1
    short_lower = short.lower()
    cand_lower = candidate.lower()
    while s_index >= 0:
        ch = short_lower[s_index]
        if not ch.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (
            cand_lower[l_index] != ch or (s_index == 0 and l_index > 0 and cand_lower[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = candidate.rfind(" ", 0, l_index + 1) + 1
    return start


def find_abbreviations(text: str) -> list[tuple[int, int, int, int]]:
    """Acronym definitions in ``text`` as (long_start, long_end, short_start, short_end).

    Examples:
        >>> t = "We study large language models (LLMs) and state space models (SSMs)."
        >>> [(t[a:b], t[c:d]) for a, b, c, d in find_abbreviations(t)]
        [('large language models', 'LLMs'), ('state space models', 'SSMs')]
    """
    found = []
    break_ends = [m.end() for m in _BREAK.finditer(text)]  # once, not once per parenthesis
    for match in _PAREN.finditer(text):
        short = match.group(1).rstrip(".")
        if not _valid_short(short):
            continue
        before_end = match.start()
        while before_end > 0 and text[before_end - 1].isspace():  # text[:start].rstrip(), no copy
            before_end -= 1
        brk_index = bisect.bisect_right(break_ends, before_end) - 1
        brk = break_ends[brk_index] if brk_index >= 0 else 0
        max_words = min(len(short.rstrip("s")) + 5, len(short.rstrip("s")) * 2)
        # the last ``max_words`` words before the parenthesis: look back a bounded stretch
        # first (linear in the document), the whole clause only when that is too short
        window = max(brk, before_end - 4096)
        words = list(_WORD.finditer(text, window, before_end))
        if window > brk and len(words) <= max_words:  # else the first, maybe cut, word is not used
            words = list(_WORD.finditer(text, brk, before_end))
        words = words[-max_words:]
        if not words:
            continue
        window_start = words[0].start()
        candidate = text[window_start:before_end]
        start = _best_long_form(
            short.rstrip("s") if short.endswith("s") and short[:-1].isupper() else short, candidate
        )
        if start is None:
            continue
        long_start = window_start + start
        space = text.find(" ", long_start, before_end)
        first_word = text[long_start : space if space >= 0 else before_end].lower()
        if first_word in _CONNECTORS:  # "Abstraction and Reasoning Corpus (ARC)" matched at "and"
            previous = [w for w in words if w.start() < long_start]
            if previous:
                long_start = previous[-1].start()
        long_form = text[long_start:before_end].strip(" ,")
        if len(long_form) <= len(short) or long_form.lower() == short.lower():
            continue
        short_start = match.start(1)
        found.append((long_start, long_start + len(long_form), short_start, short_start + len(short)))
    return found


if not Doc.has_extension("kg_abbreviations"):
    Doc.set_extension("kg_abbreviations", default=None)


@Language.factory("kg_abbreviations", assigns=["doc._.kg_abbreviations"])
def make_abbreviation_detector(nlp: Language, name: str) -> AbbreviationDetector:
    return AbbreviationDetector()


class AbbreviationDetector:
    """Finds "long form (SF)" definitions in the whole document."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_abbreviations = find_abbreviations(doc_text(doc))
        return doc
