"""The ``kg_proposed`` component: which named method the paper introduces.

Cues, in order of confidence: "which we call X" / "dubbed X" / "named X"; "we propose /
introduce / present X" (X = the first method mention in the clause); appositives
"our model, the X,"; a title of the form "X: ..." whose X is a name. Only named methods
count ("a novel method" is not a proposal). Stores ``Doc._.kg_proposed`` as a list of
``(start_char, end_char, rule, confidence)``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.segmentation import sentence_bounds
from kg.extract.vocabulary import GENERIC_WORDS

_CALLED = re.compile(
    r"\b(?:which|that) we (?:call|term|name|dub)\b|\b(?:dubbed|termed|coined|named|called|namely)\b"
)
_PROPOSE = re.compile(
    r"\b(?:we|this (?:paper|work|study)|our (?:work|paper)|here we|in this (?:paper|work), we)"
    r"\s+(?:\w+ly\s+)?(?:also\s+)?"
    r"(?:propose|introduce|present|develop|design|devise|contribute|build|unveil|release|offer|describe)[sd]?\b",
    re.IGNORECASE,
)
_OUR_NOUN = re.compile(
    r"\b(?:our|the proposed)\s+(?:\w+\s+)?(?:model|method|approach|framework|architecture|system|algorithm|technique|network)s?\s*,\s*(?:the\s+|called\s+|named\s+)?",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.;:]\s|,\s+(?:which|while|where|and we|but)\b")
_TITLE_NAME = re.compile(r"^([^:]{1,60}):\s")

if not Doc.has_extension("kg_proposed"):
    Doc.set_extension("kg_proposed", default=None)


def _is_named(text: str) -> bool:
    """A name, not a description: some capital letter or digit, not only generic words."""
    words = text.replace("-", " ").split()
    if not words or all(w.lower() in GENERIC_WORDS for w in words):
        return False
    return any(ch.isupper() or ch.isdigit() for ch in text)


@Language.factory("kg_proposed", assigns=["doc._.kg_proposed"], requires=["doc._.kg_mentions"])
def make_proposed_detector(nlp: Language, name: str) -> ProposedDetector:
    return ProposedDetector()


class ProposedDetector:
    def __call__(self, doc: Doc) -> Doc:
        methods = [(s, e) for s, e, kind, _r, _c in doc._.kg_mentions or [] if kind == "method"]
        text = doc.text
        found: list[tuple[int, int, str, float]] = []

        def first_method_after(position: int, limit: int, max_gap: int) -> tuple[int, int] | None:
            for start, end in methods:
                if position <= start < limit and start - position <= max_gap and _is_named(text[start:end]):
                    return start, end
            return None

        for sent_start, sent_end in sentence_bounds(doc):
            sent_text, offset = text[sent_start:sent_end], sent_start

            def clause_limit(pos: int, t: str = sent_text, o: int = offset) -> int:
                match = _CLAUSE_END.search(t, pos - o)
                return o + (match.start() if match else len(t))

            for match in _CALLED.finditer(sent_text):
                pos = offset + match.end()
                hit = first_method_after(pos, clause_limit(pos) + 1, 3)
                if hit:
                    found.append((*hit, "proposed:called", 0.9))
            for match in _PROPOSE.finditer(sent_text):
                pos = offset + match.end()
                hit = first_method_after(pos, clause_limit(pos), 80)
                if hit:
                    found.append((*hit, "proposed:we-propose", 0.85))
            for match in _OUR_NOUN.finditer(sent_text):
                pos = offset + match.end()
                hit = first_method_after(pos, pos + 40, 2)
                if hit:
                    found.append((*hit, "proposed:our-appositive", 0.8))
        title = _TITLE_NAME.match(text)
        if title and _is_named(title.group(1)):
            name = title.group(1).strip()
            in_abstract = name in text[title.end() :]
            if in_abstract or (len(name.split()) == 1 and any(c.isupper() for c in name[1:])):
                found.append((0, len(name), "proposed:title", 0.8))
        doc._.kg_proposed = found
        return doc
