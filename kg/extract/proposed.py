"""The ``kg_proposed`` component: which named method the paper introduces.

Cues, in order of confidence: "which we call X" / "dubbed X" / "which we refer to as X";
"we propose / introduce / present X" (X = the first method named in the clause, reached
only through articles and adjectives, never through "for", "that", "using" ..., so "an
approach for using LMs" proposes nothing); appositives "our model, the X," and "X, a novel
..."; a title "X: ..." whose X is a name; a title that is itself a name ("Music
Transformer", "Long-term Recurrent Convolutional Networks for ...") when the abstract says
it proposes something. Only named methods count ("a novel method" is not a proposal).
Stores ``Doc._.kg_proposed`` as a list of ``(start_char, end_char, rule, confidence)``.
"""

from __future__ import annotations

import bisect
import itertools
import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.lexicon import DEFAULT_LEXICON_DIR, known_terms
from kg.extract.segmentation import doc_text, sentence_bounds
from kg.extract.vocabulary import GENERIC_WORDS, STOP_CAPITALISED, WEAK_MODIFIERS
from kg.model.names import name_key

_WE_CALL = re.compile(r"\b(?:which|that) we (?:call|term|name|dub|refer to as)\b|\bwe (?:call|name|dub)\b")
_CALLED = re.compile(r"\b(?:dubbed|termed|coined|named|called|namely|referred to as)\b")
# "called X" names a proposal only in a sentence that is about the paper's own contribution.
_OWN_WORK = re.compile(
    r"\b(?:our|this (?:paper|work|study)|novel|new|propose[sd]?|introduce[sd]?|present(?:s|ed)?|develop(?:s|ed)?)\b",
    re.IGNORECASE,
)
# Between "we propose" and the name: articles, adjectives and the class noun only.
_GAP_BLOCKED = re.compile(
    r"\b(?:for|that|which|who|whose|using|uses?|with|based|of|to|by|from|on|in|into|via|through|"
    r"where|when|involv\w*|leverag\w*|combin\w*|exploit\w*|or|than|as)\b|[()]",
    re.IGNORECASE,
)
_CLASS_NOUN_AFTER = re.compile(
    r"\s*(?:\([^()]{1,25}\)\s*)?(?:-?based\s+)?(?:protocol|method|approach|framework|strategy|technique|"
    r"pipeline|scheme|procedure|algorithm|model|module|architecture|objective|loss|variant)s?\b",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"(?:[A-Z][a-z0-9]*[A-Z0-9][\w-]*|[A-Z]{2,}[\w-]*)")
_APPOSITIVE = re.compile(
    r"\s*(?:\([^()]{1,25}\))?\s*(?:,|--|—|–)\s*(?:which is\s+)?(?:a|an)\s+"
    r"(?:(?:simple|novel|new|unified|general|generic|lightweight|scalable|principled|effective|efficient|"
    r"versatile|flexible|powerful|practical|plug-and-play|training-free|fast|modular)\b|"
    r"(?:new\s+)?(?:family|class)\s+of\b)",
    re.IGNORECASE,
)
_TITLE_CUT = re.compile(
    r"\s+(?:for|with|via|using|are|is|as|in|on|to|through|towards?|and|of)\s+|\s*[:,?!]\s*|\s+-\s+"
)
_GENERIC_PREMODIFIERS = frozenset(
    """pre-trained pretrained large deep neural language linear recurrent convolutional sequence
    foundation generative graph vision visual multimodal transformer attention""".split()
)
_TITLE_HEADS = frozenset(
    """network networks transformer transformers model models machine machines net nets bottleneck
    filter filters layer layers unit units mechanism block blocks module modules autoencoder
    autoencoders encoder decoder architecture architectures learner learners operator operators
    kernel kernels attention memory memories machine rnn rnns lstm cnn gan gans embedding embeddings
    algorithm framework agent agents policy""".split()
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
# Case-sensitive copies for lower-cased sentences (IGNORECASE matching is several times slower).
_PROPOSE_LOWER = re.compile(_PROPOSE.pattern)
_OUR_NOUN_LOWER = re.compile(_OUR_NOUN.pattern)
_CLAUSE_END = re.compile(r"[.;:]\s|,\s+(?:which|while|where|and we|but)\b")
_TITLE_NAME = re.compile(r"^([^:]{1,60}):\s")
_SPACES = re.compile(r"\s*")

if not Doc.has_extension("kg_proposed"):
    Doc.set_extension("kg_proposed", default=None)


def _is_named(text: str) -> bool:
    """A name, not a description: some capital letter or digit, not only generic words."""
    words = text.replace("-", " ").split()
    if not words or all(w.lower() in GENERIC_WORDS for w in words):
        return False
    return any(ch.isupper() or ch.isdigit() for ch in text)


@Language.factory(
    "kg_proposed",
    default_config={"lexicon_dir": None},
    assigns=["doc._.kg_proposed", "doc._.kg_mentions"],
    requires=["doc._.kg_mentions"],
)
def make_proposed_detector(nlp: Language, name: str, lexicon_dir: str | None) -> ProposedDetector:
    return ProposedDetector(known_terms(lexicon_dir or str(DEFAULT_LEXICON_DIR), "method"))


class ProposedDetector:
    def __init__(self, known_methods: frozenset[str]) -> None:
        # a well-known method named in a cue is used, not proposed
        self.known_methods = known_methods

    def __call__(self, doc: Doc) -> Doc:
        methods = sorted((s, e) for s, e, kind, _r, _c in doc._.kg_mentions or [] if kind == "method")
        text = doc_text(doc)
        found: list[tuple[int, int, str, float]] = []

        method_starts = [start for start, _ in methods]

        def first_method_after(
            position: int, limit: int, max_gap: int, check_gap: bool = False
        ) -> tuple[int, int] | None:
            # only the mentions starting in [position, min(limit, position + max_gap)]: a
            # bisect instead of a scan of every mention keeps many cues x many mentions linear
            stop = min(limit, position + max_gap + 1)
            for index in range(bisect.bisect_left(method_starts, position), len(methods)):
                start, end = methods[index]
                if start >= stop:
                    break
                if _is_named(text[start:end]):
                    gap = text[position:start]
                    if check_gap and _GAP_BLOCKED.search(re.sub(r"^\s*and \w+", "", gap)):
                        return None
                    if (
                        check_gap
                        and _CLASS_NOUN_AFTER.match(text, end)
                        and name_key(text[start:end]) in self.known_methods
                    ):
                        return None  # "a Monte Carlo Tree Search (MCTS) protocol": a known method used
                    return start, end
            return None

        def name_token_at(position: int) -> tuple[int, int] | None:
            """A coined name right after the cue ("we introduce FASER, ...") the entity scan missed."""
            match = _NAME_TOKEN.match(text, _SPACES.match(text, position).end())
            if match and match.group().lower() not in STOP_CAPITALISED:
                return match.start(), match.end()
            return None

        for sent_start, sent_end in sentence_bounds(doc):
            sent_text, offset = text[sent_start:sent_end], sent_start
            lowered = sent_text.lower()
            same_length = len(lowered) == len(sent_text)

            clause_ends: list[int] | None = None

            def clause_limit(pos: int, t: str = sent_text, o: int = offset) -> int:
                nonlocal clause_ends
                if clause_ends is None:  # once per sentence, not once per cue
                    clause_ends = [o + m.start() for m in _CLAUSE_END.finditer(t)]
                index = bisect.bisect_left(clause_ends, pos)
                return clause_ends[index] if index < len(clause_ends) else o + len(t)

            for match in _WE_CALL.finditer(sent_text):
                pos = offset + match.end()
                hit = first_method_after(pos, clause_limit(pos) + 1, 3) or name_token_at(pos)
                if hit:
                    found.append((*hit, "proposed:we-call", 0.9))
            for match in _CALLED.finditer(sent_text):
                if not _OWN_WORK.search(sent_text, max(0, match.start() - 80), match.start()):
                    continue
                pos = offset + match.end()
                hit = first_method_after(pos, clause_limit(pos) + 1, 3) or name_token_at(pos)
                if hit:
                    found.append((*hit, "proposed:called", 0.85))
            for match in _PROPOSE_LOWER.finditer(lowered) if same_length else _PROPOSE.finditer(sent_text):
                pos = offset + match.end()
                hit = first_method_after(pos, clause_limit(pos), 80, check_gap=True) or name_token_at(pos)
                if hit:
                    found.append((*hit, "proposed:we-propose", 0.85))
            for match in _OUR_NOUN_LOWER.finditer(lowered) if same_length else _OUR_NOUN.finditer(sent_text):
                pos = offset + match.end()
                hit = first_method_after(pos, pos + 40, 2)
                if hit:
                    found.append((*hit, "proposed:our-appositive", 0.8))
        for start, end in methods:
            if _is_named(text[start:end]) and _APPOSITIVE.match(text, end):
                found.append((start, end, "proposed:appositive", 0.75))
        title = _TITLE_NAME.match(text)
        if title and _is_named(title.group(1)):
            name = title.group(1).strip()
            in_abstract = name in text[title.end() :]
            if in_abstract or (len(name.split()) == 1 and any(c.isupper() for c in name[1:])):
                found.append((0, len(name), "proposed:title", 0.8))
        elif not found:
            named_title = _title_name(text, self.known_methods)
            if named_title and _PROPOSE.search(text):
                found.append((0, named_title, "proposed:title-phrase", 0.7))
        doc._.kg_proposed = found
        doc._.kg_mentions = _with_proposed_mentions(doc._.kg_mentions or [], found, text)
        return doc


def _title_name(text: str, known_methods: frozenset[str]) -> int | None:
    """End offset of a title that opens with a Title-Cased method name, else None."""
    title = text.split("\n", 1)[0]
    cut = _TITLE_CUT.search(title)
    name = title[: cut.start()] if cut else title
    words = name.split()
    if not 2 <= len(words) <= 6 or words[-1].lower() not in _TITLE_HEADS:
        return None
    if not all(w[0].isupper() or w[0].isdigit() for w in words):
        return None
    if (
        words[0].lower() in {"a", "an", "the"}
        or words[0].lower().endswith("ing")
        or all(w.lower() in WEAK_MODIFIERS or w.lower() in _GENERIC_PREMODIFIERS for w in words[:-1])
    ):
        return None  # "Evaluating Sequence Models", "Pre-Trained Language Models": topics, not names
    if name_key(name) in known_methods:
        return None  # a well-known method in the title is used, not proposed
    return len(name)


def _with_proposed_mentions(mentions: list, proposed: list, text: str) -> list:
    """Every occurrence of a proposed name is a method mention, even if the scan missed it."""
    taken = _Spans((s, e) for s, e, *_ in mentions)
    added = []
    seen: set[str] = set()
    for start, end, rule, confidence in proposed:
        name = text[start:end]
        if name in seen:
            continue  # the same name found by several cues: its occurrences are added once
        seen.add(name)
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            s, e = match.span()
            if not taken.overlaps(s, e):
                added.append((s, e, "method", rule, confidence))
                taken.add(s, e)
    return sorted([*mentions, *added]) if added else mentions


class _Spans:
    """Character spans with an O(log n) overlap test. The mentions may overlap one another
    (hence a running maximum of their ends); spans added later never overlap anything."""

    def __init__(self, spans) -> None:
        self.spans = sorted(spans)
        self.max_end = list(itertools.accumulate((e for _, e in self.spans), max))
        self.added: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.spans, (end,))  # mentions starting before ``end``
        if index > 0 and self.max_end[index - 1] > start:
            return True
        index = bisect.bisect_left(self.added, (end,))
        return index > 0 and self.added[index - 1][1] > start

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.added, (start, end))
