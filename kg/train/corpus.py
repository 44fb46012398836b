"""spaCy training corpora (``.spacy`` DocBins) for the entity recognizer, from the gold."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from spacy.language import Language
from spacy.tokens import DocBin
from spacy.util import filter_spans

from kg.train.gold import GoldPaper, entity_spans, split_of


def ner_docbins(gold: list[GoldPaper], nlp: Language) -> tuple[dict[str, DocBin], Counter]:
    """One DocBin per split; spans that do not fall on token boundaries are counted, not kept."""
    bins = {"train": DocBin(), "validation": DocBin()}
    counts: Counter = Counter()
    for item in gold:
        text = item.paper.text
        doc = nlp.make_doc(text)
        spans = []
        for start, end, label in entity_spans(text, item.annotation):
            span = doc.char_span(start, end, label=label, alignment_mode="strict")
            if span is None:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                counts["expanded"] += 1
            if span is not None:
                spans.append(span)
                counts[label] += 1
        doc.ents = filter_spans(spans)
        bins[split_of(item.paper.id)].add(doc)
        counts["docs_" + split_of(item.paper.id)] += 1
    return bins, counts


def write_ner_corpus(gold: list[GoldPaper], nlp: Language, directory: Path) -> Counter:
    directory.mkdir(parents=True, exist_ok=True)
    bins, counts = ner_docbins(gold, nlp)
    for split, docbin in bins.items():
        docbin.to_disk(directory / f"{split}.spacy")
    return counts
