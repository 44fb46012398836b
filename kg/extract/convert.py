"""The single Doc -> ``PaperExtraction`` converter.

Groups mentions into per-paper entities (surface forms folded by ``name_key`` and joined by
acronym definitions), maps the proposed spans and claim dicts onto those entities.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from kg.extract.claims import is_generic
from kg.extract.segmentation import doc_text, sentence_bounds
from kg.model import Claim, ClaimKind, EntityKind, Forms, Mention, Paper, PaperExtraction
from kg.model.names import name_key

_PRONOUNS = {"we", "it", "which", "this"}


class _Entities:
    """Per-paper entity groups keyed by name key; acronym definitions merge keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.forms: dict[str, list[str]] = {}
        self.kind: dict[str, str] = {}
        self.order: list[str] = []

    def find(self, key: str) -> str:
        while self.parent.get(key, key) != key:
            key = self.parent[key]
        return key

    def add(self, text: str, kind: str) -> str:
        key = name_key(text)
        if key not in self.parent:
            self.parent[key] = key
            self.forms[key] = [text]
            self.kind[key] = kind
            self.order.append(key)
        root = self.find(key)
        if all(name_key(f) != key for f in self.forms[root]):
            self.forms[root].append(text)
        return root

    def link(self, long_text: str, short_text: str, kind: str) -> None:
        long_root, short_root = self.add(long_text, kind), self.add(short_text, kind)
        if long_root == short_root:
            return
        self.parent[short_root] = long_root
        self.kind[long_root] = kind
        for form in self.forms.pop(short_root):
            if all(name_key(f) != name_key(form) for f in self.forms[long_root]):
                self.forms[long_root].append(form)

    def forms_of(self, text: str) -> Forms:
        return list(self.forms[self.find(name_key(text))])

    def groups(self, kind: str) -> list[Forms]:
        roots = []
        for key in self.order:
            root = self.find(key)
            if root not in roots and self.kind[root] == kind and root in self.forms:
                roots.append(root)
        return [list(self.forms[root]) for root in roots]


def doc_to_extraction(doc: Doc, paper: Paper) -> PaperExtraction:
    """Convert a processed Doc of ``paper.text`` into the extraction model."""
    text = doc_text(doc)
    sentence_starts = [start for start, _end in sentence_bounds(doc)]

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(sentence_starts, offset) - 1)

    entities = _Entities()
    for long_start, long_end, short_start, short_end in doc._.kg_abbreviations or []:
        kind = next((k for s, e, k, _r, _c in doc._.kg_mentions if s == long_start and e == long_end), None)
        if kind is not None:
            entities.link(text[long_start:long_end], text[short_start:short_end], kind)
    mentions = []
    for start, end, kind, rule, confidence in doc._.kg_mentions or []:
        surface = text[start:end]
        entities.add(surface, kind)
        mentions.append((start, end, kind, rule, confidence, surface))

    proposed: list[Forms] = []
    for start, end, _rule, _confidence in sorted(doc._.kg_proposed or [], key=lambda p: -p[3]):
        surface = text[start:end]
        if name_key(surface) not in entities.parent:
            entities.add(surface, EntityKind.method.value)
        root = entities.find(name_key(surface))
        entities.kind[root] = EntityKind.method.value
        forms = entities.forms_of(surface)
        if forms not in proposed:
            proposed.append(forms)

    claims = []
    seen = set()
    for raw in doc._.kg_claims or []:
        subject = _side_forms(raw["subject"], text, entities, proposed)
        if subject is None:
            continue
        obj, generic = [], False
        if raw["object"] is not None:
            obj_forms = _side_forms(raw["object"], text, entities, proposed)
            if obj_forms is None:
                continue
            obj = obj_forms
            generic = raw.get("object_generic")
            if generic is None:  # the rules decide by the words of the phrase
                generic = raw["object"][0] == "phrase" and raw["object"][2] is None and is_generic(obj[0])
        if obj and name_key(obj[-1]) == name_key(subject[0]):
            continue
        dedup = (raw["kind"], name_key(subject[0]), name_key(obj[0]) if obj else "", raw["start"])
        if dedup in seen:
            continue
        seen.add(dedup)
        benchmarks = []
        for start, end in raw["benchmarks"]:
            forms = entities.forms_of(text[start:end])
            if forms not in benchmarks:
                benchmarks.append(forms)
        metric = entities.forms_of(text[slice(*raw["metric"])]) if raw["metric"] else None
        claims.append(
            Claim(
                kind=ClaimKind(raw["kind"]),
                subject=subject,
                object=obj,
                object_generic=generic,
                benchmarks=benchmarks,
                metric=metric,
                value=raw["value"],
                evidence=text[raw["start"] : raw["end"]],
                paper_id=paper.id,
                sentence=raw["sentence"],
                start=raw["start"],
                end=raw["end"],
                rule=raw["rule"],
                confidence=raw["confidence"],
            )
        )

    return PaperExtraction(
        id=paper.id,
        title=paper.title,
        proposed=proposed,
        methods=entities.groups(EntityKind.method.value),
        benchmarks=entities.groups(EntityKind.benchmark.value),
        metrics=entities.groups(EntityKind.metric.value),
        tasks=entities.groups(EntityKind.task.value),
        claims=claims,
        # model_construct: these values come from our own components, already typed
        mentions=[
            Mention.model_construct(
                kind=EntityKind(kind),
                text=surface,
                forms=entities.forms_of(surface),
                paper_id=paper.id,
                sentence=sentence_of(start),
                start=start,
                end=end,
                rule=rule,
                confidence=confidence,
            )
            for start, end, kind, rule, confidence, surface in mentions
        ],
    )


def _side_forms(side: tuple, text: str, entities: _Entities, proposed: list[Forms]) -> Forms | None:
    if side[0] == "mention":
        return entities.forms_of(text[side[1] : side[2]])
    if side[0] == "our":
        phrase = side[1]
        if proposed:
            return list(proposed[0])
        return None if phrase.lower() in _PRONOUNS else [phrase]
    phrase, start, end = side[1], side[2], side[3]
    if start is None:
        return [phrase]
    mention_forms = entities.forms_of(text[start:end])
    if name_key(phrase) == name_key(mention_forms[0]):
        return mention_forms
    return [phrase, *mention_forms]
