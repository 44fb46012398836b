"""The ``kg_claims`` component: comparative and result claims, one sentence at a time.

A trigger phrase fixes the claim kind ("outperforms", "on par with", "state-of-the-art",
"improves ... by 3%"); negated or hedged triggers ("does not outperform", "may surpass")
are dropped. The subject is the nearest method mention before the trigger, or the paper's
proposed method for "our model"/"it"/"we"; objects are the noun phrases after the trigger,
split on "and"/commas (one claim per loser) and flagged generic when only generic words
remain ("strong baselines"). Benchmarks, metric and value come from the same sentence.

Stores ``Doc._.kg_claims``: a list of plain dicts (see ``kg.extract.convert``).
"""

from __future__ import annotations

import functools
import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.guards import bounded
from kg.extract.segmentation import doc_text, sentence_bounds
from kg.extract.vocabulary import GENERIC_WORDS

_OUTPERFORM = (
    r"outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beat(?:s|ing)?|exceed(?:s|ed|ing)?|"
    r"improv(?:es|ed|ing|ement|ements) (?:over|upon|on)|superior to|"
    r"(?:better|stronger) than|"
    r"(?:higher|lower|faster|fewer|less|more \w+|greater|smaller|larger) (?:[\w-]+ ){0,3}than|"
    r"advantages? over|gains? over|edge over|superior (?:[\w-]+ ){1,2}(?:over|to)"
)
_REVERSED = r"lags? behind|lagging behind|falls? (?:short of|behind)|underperform(?:s|ed|ing)?|(?:is|are) outperformed by"
_COMPARABLE = (
    r"comparable (?:performance )?(?:to|with)|on par with|competitive (?:performance )?with|"
    r"performs? (?:similarly|comparably) to|as good as|match(?:es|ing)? (?:or exceed(?:s|ing)? )?"
    r"(?:the performance of )?|rival(?:s|ing)?|on a par with|closely approach(?:es|ing)|approach(?:es|ing) the performance of"
)
_SOTA = r"(?:a |new |the )*state[- ]of[- ]the[- ]art|\bsota\b|new records?|best[- ]reported"
_IMPROVE = (
    r"improv(?:es|ed|ing)|boost(?:s|ed|ing)?|increas(?:es|ed|ing)|enhanc(?:es|ed|ing)|"
    r"reduc(?:es|ed|ing)|accelerat(?:es|ed|ing)|speed(?:s|ing)? up|cut(?:s|ting)?|lower(?:s|ed|ing)|"
    r"sav(?:es|ed|ing)|decreas(?:es|ed|ing)|achiev(?:es|ed|ing)|yield(?:s|ed|ing)?|deliver(?:s|ed|ing)?"
)
_TRIGGERS = re.compile(
    rf"\b(?P<rev>{_REVERSED})\b|\b(?P<out>{_OUTPERFORM})\b|\b(?P<cmp>{_COMPARABLE})|(?P<sota>{_SOTA})",
    re.IGNORECASE,
)
# The same triggers, case-sensitive, for lower-cased sentences (several times faster).
_TRIGGERS_LOWER = re.compile(_TRIGGERS.pattern)
_IMPROVE_RE = re.compile(rf"\b(?:{_IMPROVE})\b", re.IGNORECASE)
_AMOUNT = re.compile(
    r"(?:by |up to |of |over |about |nearly |around |almost |roughly |at least )*"
    r"(?P<value>\d+(?:\.\d+)?\s*(?:%|×|x\b|X\b|times|-fold|fold|percentage points|points|pp\b|"
    r"percent|accuracy points|(?:absolute|relative) points)|\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?\s*(?:x|×|times)\b)",
)
_SPEED = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:×|x|X|times)\s*(?:faster|speed-?ups?|higher|lower|less|fewer|more|smaller|reduction|improvement)",
    re.IGNORECASE,
)
_VS = re.compile(r"\d+(?:\.\d+)?%?\s*(?:vs\.?|versus)\s*\d+(?:\.\d+)?%?(?:\s+[a-zA-Z/\-]+)?")
_NEGATION = re.compile(
    r"\b(?:not|n't|never|no|fails? to|failed to|cannot|unable to|neither|nor|without)\b(?!\s+only)[\w\s,-]{0,25}$",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:may|might|could|would|should|whether|if|hypothesi[sz]e|conjecture|expect|potentially|"
    r"possibly|can\s+potentially|aim to|aims to|hope)\b[\w\s,-]{0,30}$",
    re.IGNORECASE,
)
_OUR_PHRASE = re.compile(
    r"\b(?:our|the proposed|this|the resulting)\s+(?:[\w-]+\s+){0,2}?(?:method|model|approach|framework|"
    r"architecture|system|algorithm|technique|network|design|scheduler|policy|agent|variant)s?\b|\bours\b|\bit\b|\bwe\b|\bwhich\b|"
    r"\bour\s+(?!(?:experiment|result|analys|finding|code|evaluation|work|study|paper|theor|empirical|extensive|"
    r"main|key|proposed|own|best|knowledge|data|goal|aim|contribution|observation|insight)\w*)[a-z][\w-]*\b",
    re.IGNORECASE,
)
_OBJECT_STOP = re.compile(
    r"\s(?:on|in|across|by|for|at|while|when|whereas|which|that|using|through|under|with|without|"
    r"from|over|as|to|and achiev\w*|achiev\w*|despite|thanks|due|requiring|proposed|introduced|described|reported|used|and (?:is|are|achieves|"
    r"requires|uses|reduces|improves|yields|attains|sets|obtains|remains|offers))\b|[;:.()\[\]]|,\s+(?:while|which|with|and (?:is|are|achiev\w*|requir\w*))\b|\s[-–—]\s|,\s+(?:\w+ly\s+)?(?!including\b)[a-z]+ing\b",
    re.IGNORECASE,
)
_SPLIT = re.compile(r",\s*(?:and|or)\s+|\s+(?:and|or)\s+|,\s*|\s*/\s*")
_LEADING = re.compile(
    r"^(?:(?:that|those|the performance|the results?|the accuracy) of\s+|(?:even|all|both|also|the|a|an)\s+)+",
    re.IGNORECASE,
)
_MAX_OBJECT_WORDS = 8
_TRAILING_ADVERB = re.compile(r"(?:\s+\w+ly)+$")
_NOT_AN_OBJECT = re.compile(
    r"^(?:\w+ly|\w+ing\b.*|(?:matche?s?|achieves?|is|are|was|were|has|have|does|do)\b.*)$", re.IGNORECASE
)
_IN_PP = re.compile(r"\b(?:in|of|for|from|into|within|under|via|atop|inside)\s+(?:the\s+)?$", re.IGNORECASE)
_EXAMPLES = re.compile(r"\s*,?\s*\b(?:such as|including|like|e\.g\.,?|namely)\s+", re.IGNORECASE)
_COMPARED = re.compile(r"\b(?:compared (?:to|with)|relative to|over|against|versus|vs\.?)\s+", re.IGNORECASE)
_BASELINE_WORDS = re.compile(
    r"\b(?:baselines?|state[- ]of[- ]the[- ]art|sota|prior|previous|existing|conventional|standard|vanilla)\b",
    re.IGNORECASE,
)

if not Doc.has_extension("kg_claims"):
    Doc.set_extension("kg_claims", default=None)


def is_generic(phrase: str) -> bool:
    """True when nothing but generic words is left ("current state-of-the-art methods").

    Examples:
        >>> is_generic("strong baselines"), is_generic("existing linear attention models")
        (True, False)
    """
    words = re.split(r"[\s\-]+", phrase.lower())
    return all(w in GENERIC_WORDS or not w for w in words)


@Language.factory(
    "kg_claims", assigns=["doc._.kg_claims"], requires=["doc._.kg_mentions", "doc._.kg_proposed"]
)
def make_claim_extractor(nlp: Language, name: str) -> ClaimExtractor:
    return ClaimExtractor()


class ClaimExtractor:
    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.kg_mentions or []
        claims = []
        text = doc_text(doc)
        for index, (start, end) in enumerate(sentence_bounds(doc)):
            if index == 0:
                continue  # the title states no results
            for window_start, window_end in bounded([(start, end)], text):  # linear on huge "sentences"
                claims.extend(_sentence_claims(text[window_start:window_end], window_start, index, mentions))
        doc._.kg_claims = claims
        return doc


def _sentence_claims(text: str, offset: int, index: int, mentions: list) -> list[dict]:
    inside = [
        (s - offset, e - offset, k) for s, e, k, _r, _c in mentions if offset <= s and e <= offset + len(text)
    ]
    methods = [(s, e) for s, e, k in inside if k == "method"]
    benchmarks = [(s, e) for s, e, k in inside if k == "benchmark"]
    metrics = [(s, e) for s, e, k in inside if k == "metric"]
    claims = []
    sota_done = False
    compared = False
    last_subject = None
    lowered = text.lower()
    triggers = _TRIGGERS_LOWER.finditer(lowered) if len(lowered) == len(text) else _TRIGGERS.finditer(text)
    for match in triggers:
        kind_group = match.lastgroup
        before = text[: match.start()]
        if _NEGATION.search(before[-40:]) or _HEDGE.search(before[-45:]):
            continue
        if kind_group == "sota":
            after = text[match.end() : match.end() + 40].lower()
            if re.match(
                r"[\s-]*(?:\w+\s+){0,1}(?:methods?|models?|approach|approaches|baselines?|systems?|techniques?|works?|architectures?|alternatives?|competitors?|algorithms?|llms?|transformers?|solutions?)\b",
                after,
            ):
                continue  # "state-of-the-art methods" is an object, not a result
            if sota_done or compared:
                continue
            if re.search(r"\b(?:over|than|to|with|against|versus|vs\.?)\s+$", before):
                continue  # "over SOTA prefix-caching": an adjective on the object
            sota_done = True
            subject = _subject(text, match.start(), methods) or _main_subject(text, match.start(), methods)
            if subject is None:
                continue
            claims.append(
                _claim("sota", subject, None, text, offset, index, benchmarks, metrics, "claim:sota")
            )
            continue
        compared = True
        kind = {"out": "outperforms", "rev": "outperforms", "cmp": "comparable"}[kind_group]
        subject = _subject(text, match.start(), methods)
        participle = re.match(r"(?:\w+ly\s+)?\w+ing\b", match.group().strip()) and re.search(
            r",\s*(?:\w+ly\s+)?$", before
        )
        if participle or subject is None:
            # ", outperforming X" and "..., and even matches Y" speak of the main clause's subject
            subject = _main_subject(text, match.start(), methods) or last_subject or subject
        last_subject = subject
        objects = _objects(text, match.end(), methods)
        if (
            kind_group == "out"
            and match.group().endswith("than")
            and not match.group().startswith(("better", "stronger"))
        ):
            # "its dimension is lower than those of the models": a comparative about a
            # property claims a win only over a named method or a baseline
            objects = [o for o in objects if o[2] is not None or _BASELINE_WORDS.search(o[1])]
        if kind_group == "rev":
            if subject is None:
                continue
            for obj in objects:
                claims.append(
                    _claim(kind, obj, subject, text, offset, index, benchmarks, metrics, "claim:reversed")
                )
            continue
        if subject is None:
            continue
        for obj in objects:
            claims.append(
                _claim(kind, subject, obj, text, offset, index, benchmarks, metrics, f"claim:{kind}")
            )
    if not claims:
        improve = _IMPROVE_RE.search(text)
        amount = _SPEED.search(text) or (_AMOUNT.search(text, improve.end()) if improve else None)
        if (
            improve
            and amount
            and not (
                _NEGATION.search(text[: improve.start()][-40:])
                or _HEDGE.search(text[: improve.start()][-45:])
            )
        ):
            subject = _subject(text, improve.start(), methods) or _main_subject(
                text, improve.start(), methods
            )
            if subject is not None:
                value = amount.group("value") if "value" in amount.groupdict() else amount.group()
                losers = _compared_objects(text, improve.start(), methods)
                for obj in losers:
                    claim = _claim(
                        "outperforms",
                        subject,
                        obj,
                        text,
                        offset,
                        index,
                        benchmarks,
                        metrics,
                        "claim:improves-over",
                    )
                    claim["value"] = value.strip()
                    claims.append(claim)
                if not losers:
                    claim = _claim(
                        "improves", subject, None, text, offset, index, benchmarks, metrics, "claim:improves"
                    )
                    claim["value"] = value.strip()
                    claims.append(claim)
    return claims


def _subject(text: str, trigger: int, methods: list[tuple[int, int]]) -> tuple | None:
    """("mention", start, end) for a named subject, ("our", phrase) for our/it/we, or None."""
    before = [(s, e) for s, e in methods if e <= trigger]
    ours = [m for m in _OUR_PHRASE.finditer(text, 0, trigger)]
    clause_start = max(
        (m.end() for m in re.finditer(r"[;:]|,\s+(?:and|but|while|whereas)\s", text[:trigger])), default=0
    )
    named = [m for m in before if m[0] >= clause_start]
    # skip mentions inside "compared to X," / "than X" / "such as X" asides before the trigger
    named = [
        m
        for m in named
        if not re.search(
            r"(?:compared (?:to|with)|than|such as|like|unlike|e\.g\.,?|over)\s+(?:[\w-]+\s+){0,3}$",
            text[max(0, m[0] - 40) : m[0]],
        )
    ]
    # "Our FASER prototype in vLLM improves": a method inside a prepositional phrase is not the subject
    heads = [m for m in named if not _IN_PP.search(text[max(0, m[0] - 20) : m[0]])]
    named = heads or named[-1:]
    best_named = named[-1] if named else None
    best_ours = ours[-1] if ours and ours[-1].start() >= clause_start else None
    if best_ours and (
        best_named is None
        or best_ours.start() > best_named[1]
        or best_ours.start() < best_named[0]
        and best_ours.end() > best_named[1]
    ):
        return ("our", best_ours.group())
    if best_named is not None:
        return ("mention", *best_named)
    if best_ours is not None:
        return ("our", best_ours.group())
    return None


def _main_subject(text: str, trigger: int, methods: list[tuple[int, int]]) -> tuple | None:
    """The subject of the sentence's main clause: "our model"/"we" first, else the first
    method named after a reporting "that" (or at the start), outside asides."""
    ours = [
        m
        for m in _OUR_PHRASE.finditer(text, 0, trigger)
        if m.group().lower() not in ("which", "it") or m.start() < 3
    ]
    if ours:
        return ("our", ours[0].group())
    reporting = max((m.end() for m in re.finditer(r"\bthat\s", text[:trigger])), default=0)
    for s, e in methods:
        if (
            reporting <= s
            and e <= trigger
            and not re.search(
                r"(?:compared (?:to|with)|than|such as|like|unlike|e\.g\.,?|over|of|across|on|in)\s+(?:[\w-]+\s+){0,3}$",
                text[max(0, s - 40) : s],
            )
        ):
            return ("mention", s, e)
    return None


def _compared_objects(text: str, position: int, methods: list[tuple[int, int]]) -> list[tuple]:
    """Losers of an improvement stated against something: "... by 53% compared to vLLM"."""
    found = []
    for match in _COMPARED.finditer(text, position):
        for obj in _objects(text, match.end(), methods):
            named = obj[2] is not None
            if named or _BASELINE_WORDS.search(obj[1]):
                found.append(obj)
    return found


def _objects(text: str, start: int, methods: list[tuple[int, int]]) -> list[tuple]:
    rest = text[start:]
    examples = _EXAMPLES.search(rest, 0, 80)
    if (
        examples
        and not _OBJECT_STOP.search(rest[: examples.start()])
        and any(0 <= s - (start + examples.end()) <= 4 for s, _e in methods)
    ):
        # "baselines such as Mamba and GLA": the named examples are the losers
        start += examples.end()
        rest = text[start:]
    stop = _OBJECT_STOP.search(rest)
    span_end = start + (stop.start() if stop else len(rest))
    region = text[start:span_end]
    objects = []
    position = start
    for part in _SPLIT.split(region):
        part_start = text.find(part, position) if part else -1
        if part_start < 0:
            continue
        position = part_start + len(part)
        cleaned = _TRAILING_ADVERB.sub("", _LEADING.sub("", part).strip(" ,"))
        if not cleaned or cleaned[0].isdigit() or len(cleaned.split()) > _MAX_OBJECT_WORDS:
            continue
        clean_start = text.find(cleaned, part_start)
        named = [(s, e) for s, e in methods if clean_start <= s and e <= clean_start + len(cleaned)]
        if not named and _NOT_AN_OBJECT.match(cleaned) and cleaned.split()[0].lower() not in GENERIC_WORDS:
            continue  # "especially", "matches the performance of …", "inserting pause tokens"
        if named:
            objects.append(("phrase", cleaned, named[0][0], named[0][1]))
        elif re.search(r"[A-Za-z]", cleaned):
            objects.append(("phrase", cleaned, None, None))
    return objects


@functools.lru_cache(maxsize=64)
def _sentence_value(text: str) -> str | None:
    """The reported value of a sentence (searched once per sentence, not once per claim)."""
    vs = _VS.search(text)
    if vs:
        return vs.group().strip()
    amount = _AMOUNT.search(text) or _SPEED.search(text)
    if amount:
        return (amount.group("value") if "value" in amount.groupdict() else amount.group()).strip()
    return None


def _claim(kind, subject, obj, text, offset, index, benchmarks, metrics, rule) -> dict:
    value = _sentence_value(text)
    return {
        "kind": kind,
        "subject": _absolute(subject, offset),
        "object": _absolute(obj, offset),
        "benchmarks": [(s + offset, e + offset) for s, e in benchmarks],
        "metric": (metrics[0][0] + offset, metrics[0][1] + offset) if metrics else None,
        "value": value,
        "sentence": index,
        "start": offset,
        "end": offset + len(text),
        "rule": rule,
        "confidence": 0.7 if subject[0] == "mention" else 0.6,
    }


def _absolute(side: tuple | None, offset: int) -> tuple | None:
    """Sentence-relative offsets inside a subject/object tuple made document-absolute."""
    if side is None:
        return None
    if side[0] == "mention":
        return ("mention", side[1] + offset, side[2] + offset)
    if side[0] == "phrase" and side[2] is not None:
        return ("phrase", side[1], side[2] + offset, side[3] + offset)
    return side
