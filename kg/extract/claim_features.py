"""Features of sentences, argument candidates and proposed-method candidates.

One module serves training (``kg.train``) and the learned pipeline components, so the two
can never drift apart. Everything works on character offsets into ``Paper.text`` and on a
cheap word split of each sentence (no parser).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("outperforms", "comparable", "sota", "improves")

_WORD = re.compile(r"\w[\w'.\-]*\w|\w|[^\w\s]")
_NUMBER = re.compile(r"\d")
_AMOUNT = re.compile(
    r"(?:\d+(?:[.,]\d+)?\s*(?:\\?%|x\b|×|-?fold|\s?(?:percentage\s+)?points?|pp\b|times\b)|"
    r"\b(?:two|three|four|five|ten)[- ]?fold\b)",
    re.IGNORECASE,
)

TRIGGERS = {
    "outperforms": re.compile(
        r"\b(?:outperform\w*|surpass\w*|exceed\w*|beat\w*|better|superior|improv\w* (?:up)?on|"
        r"improv\w* over|over|than|compared|versus|vs\b|advantage|dominat\w*|gains?|lead\w*)",
    ),
    "comparable": re.compile(
        r"\b(?:comparabl\w*|competitive|on par|on-par|par with|match\w*|rival\w*|similar|close to|"
        r"approach\w*|equivalent|same level|as well as|as good as|parity)",
    ),
    "sota": re.compile(
        r"(?:state[- ]of[- ]the[- ]art|\bsota\b|new record|\bbest\b|top-?\d|first place|"
        r"\brank\w*|leading|record)",
    ),
    "improves": re.compile(
        r"\b(?:improv\w*|boost\w*|increas\w*|reduc\w*|enhanc\w*|gain\w*|faster|speed\w*|"
        r"accelerat\w*|lower\w*|cut\w*|rais\w*|decreas\w*|higher|fewer|less|sav\w*|\d+(?:\.\d+)?\s?[x×])",
    ),
}
_CUE = re.compile(
    r"\b(?:we|our|ours|this paper|this work|proposed|the resulting|extensive experiments|results?|"
    r"experiments?|evaluations?|show\w*|demonstrat\w*|achiev\w*|yield\w*|attain\w*)\b"
)
_HEDGE = re.compile(r"\b(?:may|might|could|can|potential\w*|future|hypothes\w*|whether|if)\b")
_NEGATION = re.compile(r"\b(?:not|no|never|fail\w*|without|neither|nor|cannot|unable)\b")

ANAPHOR = re.compile(
    r"\b(?:our|the proposed|this|the resulting|the presented|the introduced)\s+"
    r"(?:[\w\-]+\s+){0,3}?(?:method|model|approach|framework|system|algorithm|architecture|technique|"
    r"pipeline|agent|network|strategy|scheme|design|solution|policy|detector|estimator|planner|"
    r"module|paradigm|tool|method|formulation|variant|recipe|procedure|mechanism|loss|objective|"
    r"encoder|decoder|classifier|retriever|benchmark|work)s?\b",
    re.IGNORECASE,
)
GENERIC_PHRASE = re.compile(
    r"\b(?:(?:several|many|multiple|strong|stronger|existing|previous|prior|competing|competitive|current|"
    r"leading|recent|other|state-of-the-art|sota|conventional|traditional|standard|popular|"
    r"representative|mainstream|advanced|baseline|comparable)\s+)+"
    r"(?:[\w\-]+\s+){0,2}?(?:baselines?|methods|models|approaches|techniques|systems|works|"
    r"algorithms|frameworks|solutions|counterparts|alternatives|competitors|art)\b"
    r"|\b(?:the\s+)?(?:strong\s+)?baselines\b|\bthe (?:previous|prior) best\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    """A phrase that can be a claim's subject or object."""

    start: int
    end: int
    text: str
    kind: str  # METHOD, GENERIC, ANAPHOR, PROPOSED (the paper's proposed method, not in the sentence)
    proposed: bool = False


def words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def _bucket(value: int, edges: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 12, 20)) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return "more"


def trigger_at(sentence: str, kind: str) -> int | None:
    match = TRIGGERS[kind].search(sentence.lower())
    return match.start() if match else None


def sentence_features(
    sentence: str, *, index: int, count: int, candidates: list[Candidate], is_title: bool
) -> list[str]:
    """Features for "does this sentence state a claim of kind K" (one binary model per kind)."""
    lower = sentence.lower()
    tokens = [w for _, _, w in words(lower)]
    tokens = ["NUM" if _NUMBER.search(t) else t for t in tokens]
    features = [f"w={t}" for t in tokens]
    features += [f"b={a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)]
    features.append("position=" + ("first" if index <= 1 else "last" if index == count - 1 else "middle"))
    if is_title:
        features.append("title")
    for kind, pattern in TRIGGERS.items():
        if pattern.search(lower):
            features.append(f"trigger={kind}")
    kinds = {c.kind for c in candidates}
    features += [f"has={k}" for k in sorted(kinds)]
    features.append(f"n_methods={_bucket(sum(c.kind == 'METHOD' for c in candidates), (0, 1, 2, 3))}")
    if any(c.proposed for c in candidates if c.kind != "PROPOSED"):
        features.append("has_proposed_name")
    if _AMOUNT.search(sentence):
        features.append("amount")
    if _CUE.search(lower):
        features.append("cue")
    if _HEDGE.search(lower):
        features.append("hedge")
    if _NEGATION.search(lower):
        features.append("negation")
    return features


def role_features(sentence: str, offset: int, kind: str, candidate: Candidate, candidates: list[Candidate]) -> list[str]:
    """Features for "is this candidate the subject, an object, or neither" in a claim of ``kind``."""
    lower = sentence.lower()
    tokens = words(lower)
    trigger = trigger_at(sentence, kind)
    features = [f"kind={kind}", f"type={candidate.kind}", f"kind={kind}|type={candidate.kind}"]
    if candidate.proposed:
        features += ["proposed", f"kind={kind}|proposed"]
    if candidate.kind == "PROPOSED":
        we = bool(re.search(r"\b(?:we|our|ours)\b", lower))
        features += [f"we={we}", f"kind={kind}|we={we}"]
        others = [c for c in candidates if c.kind != "PROPOSED"]
        first = others[0].kind if others else "none"
        features.append(f"first_other={first}")
        return features
    start, end = candidate.start - offset, candidate.end - offset
    before = [w for s, _, w in tokens if s < start]
    after = [w for s, _, w in tokens if s >= end]
    features += [f"prev1={before[-1] if before else '<s>'}", f"next1={after[0] if after else '</s>'}"]
    features.append(f"prev2={'_'.join(before[-2:]) if before else '<s>'}")
    features.append(f"next2={'_'.join(after[:2]) if after else '</s>'}")
    features.append(f"kind={kind}|prev1={before[-1] if before else '<s>'}")
    features.append(f"head={candidate.text.split()[-1].lower() if candidate.text.split() else ''}")
    features.append(f"start={_bucket(len(before))}")
    if trigger is None:
        features.append("no_trigger")
    else:
        side = "before" if start < trigger else "after"
        between = [w for s, _, w in tokens if min(end, trigger) <= s < max(start, trigger)]
        features += [f"side={side}", f"kind={kind}|side={side}", f"dist={_bucket(len(between))}"]
        features += [f"between={w}" for w in between[:8]]
        features.append(f"kind={kind}|side={side}|dist={_bucket(len(between), (1, 3, 6, 10))}")
    index = [c for c in candidates if c.kind != "PROPOSED"].index(candidate) if candidate in candidates else -1
    in_sentence = sum(c.kind != "PROPOSED" for c in candidates)
    features.append(f"rank={_bucket(index, (0, 1, 2))}")
    features.append(f"rank_from_end={_bucket(in_sentence - 1 - index, (0, 1, 2))}")
    if candidate.kind == "METHOD" and candidate.text[:1].isupper():
        features.append("capitalised")
    window = " ".join(before[-4:])
    for cue in ("such as", "including", "like", "e.g", "than", "over", "against", "compared", "versus", "with", "to"):
        if cue in window:
            features.append(f"cue_before={cue}")
    return features


def proposed_features(
    text: str, title_end: int, name: str, spans: list[tuple[int, int]], rule_proposed: bool, known: int
) -> list[str]:
    """Features for "does the paper propose the method ``name``" (all its occurrences ``spans``)."""
    lower = text.lower()
    features = [f"known={_bucket(known, (0, 1, 2, 5))}", f"n={_bucket(len(spans), (1, 2, 3, 5))}"]
    if rule_proposed:
        features.append("rule")
    title_hits = [s for s, _ in spans if s < title_end]
    if title_hits:
        features.append("in_title")
        colon = text.find(":", 0, title_end)
        if colon > 0 and title_hits[0] < colon:
            features.append("title_before_colon")
        if title_hits[0] == 0:
            features.append("title_start")
    words_in = name.split()
    features.append(f"len={_bucket(len(words_in), (1, 2, 3, 5))}")
    if re.search(r"[a-z][A-Z]|[A-Z]{2,}[a-z]", name):
        features.append("camel")
    if name.isupper() and len(name) > 1:
        features.append("upper")
    if _NUMBER.search(name):
        features.append("digit")
    if "-" in name:
        features.append("hyphen")
    if name[:1].islower():
        features.append("lower_start")
    first = min((s for s, _ in spans), default=0)
    features.append(f"first_at={_bucket((first - title_end) // 200 if first >= title_end else -1, (-1, 0, 1, 2, 4))}")
    for start, _end in spans[:6]:
        window = lower[max(0, start - 60) : start]
        for cue in ("propose", "introduce", "present", "develop", "call", "name", "dub", "term", "our ", "novel", "new "):
            if cue in window:
                features.append(f"cue={cue.strip()}")
        after = lower[_end : _end + 20]
        if after.startswith((", a ", ", an ", " (", ", which", ", the first")):
            features.append("appositive")
        if re.match(r"\s*(?:outperform|achiev|surpass|improv|significant|consistent)", after):
            features.append("result_verb_after")
    return sorted(set(features))
