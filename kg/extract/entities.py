"""The ``kg_entities`` component: methods, benchmarks, metrics and tasks as character spans.

Four sources of candidates, each recorded as the producing rule with a confidence:
``lexicon:<kind>`` (hand-written term lists), ``abbreviation`` (acronym definitions and
later uses of the acronym), ``name:coined`` / ``name:capitalised`` (names such as
"GateLoop", "Routing Transformer"), and ``phrase:<head>`` ("<modifiers> <head noun>", e.g.
"sparse attention models", "image classification"). Overlaps are settled longest-first.

Results: ``doc.spans["kg_entities"]`` (label = kind) and ``Doc._.kg_mentions``, a list of
``(start_char, end_char, kind, rule, confidence)`` tuples.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.extract.lexicon import DEFAULT_LEXICON_DIR, is_case_sensitive, load_terms
from kg.extract.segmentation import doc_text, sentence_bounds
from kg.extract.vocabulary import (
    BENCHMARK_CUES,
    GENERIC_WORDS,
    METHOD_HEADS,
    NOT_ENTITIES,
    STOP_CAPITALISED,
    TASK_HEADS,
    WEAK_MODIFIERS,
)
from kg.model import EntityKind
from kg.model.names import name_key

Candidate = tuple[int, int, str, str, float]

_WORD = re.compile(r"[A-Za-z0-9][\w]*(?:(?:[-./'][\w]+)|\+\+)*(?:\+\+)?")
_HEAD_WORD = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(sorted(map(re.escape, TASK_HEADS | METHOD_HEADS), key=len, reverse=True))
    + r")(?![\w])"
)
_NAMEISH_WORD = re.compile(r"(?<![A-Za-z0-9_])(?=[\w.'/+-]*?[A-Z0-9])" + _WORD.pattern)
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![\w])")
_VERBISH = frozenset(
    """use uses using used apply applies applying applied propose proposes introduce
    introduces show shows leverage leverages employ employs combine combines replace replaces
    learn learns train trains achieve achieves improve improves via without enable enables
    require requires perform performs outperform outperforms call called named termed
    is are was were be been being has have had do does can could may might will would
    than like unlike vs versus compared across within beyond e.g i.e underperform underperforms
    modulate modulates develop develops adopt adopts build builds design designs study studies
    evaluate evaluates extend extends
    """.split()
)
_NOT_BENCHMARK_BEFORE_ON = frozenset(
    {
        "based",
        "built",
        "relies",
        "rely",
        "relying",
        "focus",
        "focuses",
        "focusing",
        "depends",
        "depend",
        "conditioned",
        "builds",
        "draw",
        "draws",
        "improve",
        "improves",
        "improving",
        "work",
        "works",
        "act",
        "acts",
        "operate",
        "operates",
        "operating",
    }
)
_BENCHMARK_SUFFIX = re.compile(r"(Bench|Arena|Corpus|Dataset|Suite|QA|Eval|Gym|World)s?$")


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int

    @property
    def strong(self) -> bool:
        """Coined-looking: inner capitals or digits, e.g. "GateLoop", "S4", "xLSTM"."""
        t = self.text
        if t.islower() and t.isalpha():
            return False
        inner_upper = any(ch.isupper() for ch in t[1:].replace("-", ""))
        has_digit = any(ch.isdigit() for ch in t) and any(ch.isalpha() for ch in t)
        return (inner_upper and not t.isupper()) or (has_digit and t[0].isalpha()) or t.endswith("++")

    @property
    def acronym(self) -> bool:
        core = self.text[:-1] if self.text.endswith("s") else self.text
        return len(core) >= 2 and core.replace("-", "").isupper() and core.isalpha()

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


if not Doc.has_extension("kg_mentions"):
    Doc.set_extension("kg_mentions", default=None)


@Language.factory(
    "kg_entities",
    default_config={"lexicon_dir": None},
    assigns=["doc.spans", "doc._.kg_mentions"],
    requires=["doc._.kg_abbreviations", "token.is_sent_start"],
)
def make_entity_recognizer(nlp: Language, name: str, lexicon_dir: str | None) -> EntityRecognizer:
    return EntityRecognizer(nlp, lexicon_dir or str(DEFAULT_LEXICON_DIR))


class EntityRecognizer:
    def __init__(self, nlp: Language, lexicon_dir: str) -> None:
        self.terms = load_terms(lexicon_dir)
        self.kind_of_key: dict[str, EntityKind] = {}
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for kind, terms in self.terms.items():
            lower, exact = [], []
            for term in terms:
                self.kind_of_key.setdefault(name_key(term), kind)
                variants = [term] if term.endswith("s") else [term, term + "s"]
                target = exact if is_case_sensitive(term) else lower
                target.extend(nlp.make_doc(v) for v in variants)
            self.lower_matcher.add(kind.value, lower)
            self.exact_matcher.add(kind.value, exact)

    def __call__(self, doc: Doc) -> Doc:
        candidates: list[Candidate] = []
        candidates += self._lexicon(doc)
        candidates += self._abbreviations(doc)
        title_end = _title_end(doc)
        full_text = doc_text(doc)
        bounds = sentence_bounds(doc)
        mid_capitalised = _mid_sentence_capitalised(full_text, bounds)
        abstract = full_text[title_end:]
        for sent_start, sent_end in bounds:
            text, offset = full_text[sent_start:sent_end], sent_start
            in_title = sent_start < title_end
            candidates += self._names(text, offset, in_title, mid_capitalised, abstract)
            candidates += self._phrases(text, offset)
        kept = _select(candidates)
        doc._.kg_mentions = kept
        spans = []
        for start, end, kind, _rule, _conf in kept:
            span = doc.char_span(start, end, label=kind, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["kg_entities"] = spans
        return doc

    def classify(self, text: str, after: str = "", before: str = "") -> str:
        """Entity kind of a name from the lexicon, its head word and its context."""
        known = self.kind_of_key.get(name_key(text))
        if known is not None:
            return known.value
        words = text.split()
        last = words[-1].lower() if words else ""
        next_word = after.split(" ", 1)[0].lower().strip(",.;:()") if after.strip() else ""
        if next_word in BENCHMARK_CUES or last in BENCHMARK_CUES or _BENCHMARK_SUFFIX.search(words[-1]):
            return EntityKind.benchmark.value
        if last in TASK_HEADS:
            return EntityKind.task.value
        prev = before.rstrip().rsplit(" ", 2)
        if len(prev) >= 1 and prev[-1].lower() in {"on", "across"}:
            if len(prev) < 2 or prev[-2].lower() not in _NOT_BENCHMARK_BEFORE_ON:
                return EntityKind.benchmark.value
        return EntityKind.method.value

    def _lexicon(self, doc: Doc) -> list[Candidate]:
        found = []
        for matcher in (self.lower_matcher, self.exact_matcher):
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                kind = doc.vocab.strings[match_id]
                found.append((span.start_char, span.end_char, kind, f"lexicon:{kind}", 0.9))
        return found

    def _abbreviations(self, doc: Doc) -> list[Candidate]:
        found = []
        text = doc_text(doc)
        uses: dict[str, list[tuple[int, int]]] = {}  # a short form defined again is searched once
        for long_start, long_end, short_start, short_end in doc._.kg_abbreviations or []:
            long_form = text[long_start:long_end]
            kind = self.classify(long_form, text[long_end : long_end + 30])
            found.append((long_start, long_end, kind, "abbreviation:long", 0.85))
            short = text[short_start:short_end].rstrip("s")
            if short not in uses:
                pattern = rf"(?<![\w-]){re.escape(short)}s?(?![\w-])"
                uses[short] = [match.span() for match in re.finditer(pattern, text)]
            for start, end in uses[short]:
                found.append((start, end, kind, "abbreviation:short", 0.85))
        return found

    def _names(
        self, text: str, offset: int, in_title: bool, mid_capitalised: set[str], abstract: str = ""
    ) -> list[Candidate]:
        found = []
        run: list[_Word] = []

        def flush() -> None:
            while run and run[0].text.lower() in STOP_CAPITALISED:
                run.pop(0)
            while run and run[-1].text.lower() in STOP_CAPITALISED:
                run.pop()
            if not run:
                return
            strong = any(w.strong for w in run)
            if in_title and not strong:
                return
            if len(run) == 1:
                word = run[0]
                if word.text.lower() in NOT_ENTITIES:
                    return
                if word.acronym and not strong:
                    return  # bare acronyms count only when defined (abbreviation) or listed
                if not strong and word.start == 0 and word.text not in mid_capitalised:
                    return  # a capitalised first word of a sentence is usually just English
            start, end = run[0].start, run[-1].end
            name = text[start:end]
            if not _plausible_name(name, text[:start], text[end:], strong):
                return
            if in_title and len(run) > 1 and name not in abstract:
                return  # a Title-Cased title fragment ("Test-Time Depth Adaptation") names nothing
            kind = self.classify(name, text[end:], text[:start])
            rule = "name:coined" if strong else "name:capitalised"
            found.append((offset + start, offset + end, kind, rule, 0.75 if strong else 0.6))

        # Only words with a capital or a digit can be (part of) a name; the plain words in
        # between break runs through the contiguity check below.
        for match in _NAMEISH_WORD.finditer(text):
            word = _Word(match.group(), match.start(), match.end())
            if not (word.capitalised or word.strong):
                if run:
                    flush()
                    run = []
                continue
            if run and text[run[-1].end : word.start] != " ":
                flush()
                run = []
            run.append(word)
        if run:
            flush()
        return found

    def _phrases(self, text: str, offset: int) -> list[Candidate]:
        found = []
        for match in _HEAD_WORD.finditer(text):
            head = match.group()
            # the (up to) three lower-case words just before the head
            words = list(_LOWER_WORD.finditer(text, max(0, match.start() - 80), match.start()))
            index = len(words)
            if head in TASK_HEADS:
                kind, rule = EntityKind.task.value, "phrase:task"
            elif head in METHOD_HEADS:
                kind, rule = EntityKind.method.value, "phrase:method"
            else:
                continue
            modifiers = []
            for previous in reversed(words[max(0, index - 3) : index]):
                gap = text[previous.end() : (modifiers[0] if modifiers else match).start()]
                word = previous.group()
                if gap != " " or word in STOP_WORDS or word in WEAK_MODIFIERS or word in _VERBISH:
                    break
                if word in GENERIC_WORDS or word.endswith(("ly", "ing")):
                    break
                modifiers.insert(0, previous)
            if not modifiers:
                continue
            start = modifiers[0].start()
            found.append((offset + start, offset + match.end(), kind, rule, 0.5))
        return found


_URL = re.compile(r"/|\.(?:com|org|io|net|ai)\b|^(?:https?|www)\b|github", re.IGNORECASE)
_CITATION_AFTER = re.compile(r"^\s*(?:et al\b|,?\s*\(?(?:19|20)\d\d\b)")
_DERIVED_SUFFIX = re.compile(
    r"-(?:based|extracted|optimi[sz]ed|guided|driven|style|like|free|aware|specific)$", re.IGNORECASE
)


def _plausible_name(name: str, before: str, after: str, strong: bool) -> bool:
    """Reject what only looks like a name: URLs, symbols, citations, "X-based" modifiers."""
    letters = sum(ch.isalpha() for ch in name)
    if _URL.search(name) or _CITATION_AFTER.match(after) or _DERIVED_SUFFIX.search(name):
        return False
    if letters <= 1 or (not strong and len(name) < 4):
        return False
    return not (name.endswith("Our") or name.endswith("Through"))


def _title_end(doc: Doc) -> int:
    bounds = sentence_bounds(doc)
    return bounds[0][1] if bounds else 0


_CAPITALISED_WORD = re.compile(r"(?<![\w-])[A-Z]\w*")


def _mid_sentence_capitalised(text: str, bounds: list[tuple[int, int]]) -> set[str]:
    """Capitalised words seen away from a sentence start: names, not sentence-case English."""
    seen = set()
    for start, end in bounds:
        for match in _CAPITALISED_WORD.finditer(text, start, end):
            if match.start() == start or text[start : match.start()].strip() == "":
                continue
            if text[max(start, match.start() - 4) : match.start()].rstrip().endswith(":"):
                continue
            seen.add(match.group())
    return seen


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: acronym definitions first, then longest, then most confident."""
    order = sorted(
        set(candidates),
        key=lambda c: (0 if c[3] == "abbreviation:long" else 1, -(c[1] - c[0]), -c[4], c[0]),
    )
    taken: list[Candidate] = []
    occupied: list[tuple[int, int]] = []  # sorted, never overlapping: a neighbour check suffices
    for cand in order:
        index = bisect.bisect_left(occupied, (cand[0], cand[1]))
        if (index > 0 and occupied[index - 1][1] > cand[0]) or (
            index < len(occupied) and occupied[index][0] < cand[1]
        ):
            continue
        taken.append(cand)
        occupied.insert(index, (cand[0], cand[1]))
    return sorted(taken, key=lambda c: (c[0], c[1]))
