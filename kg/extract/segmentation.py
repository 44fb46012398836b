"""Sentences, and the text kept as it came in.

``kg_sentencizer`` splits like spaCy's rule-based ``sentencizer`` (a sentence ends after a
token in ``punct_chars``, at the next token that is not punctuation) but works on the token
arrays, and makes the title its own sentence: ``Paper.text`` is "title\\n\\nabstract" and
titles rarely end in a full stop. ``kg.TextKeepingTokenizer.v1`` is spaCy's tokenizer that
also stores the input string, since ``Doc.text`` is rebuilt from every token on each access.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
import spacy
from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("kg_sentences"):
    Doc.set_extension("kg_sentences", default=None)
if not Doc.has_extension("kg_text"):
    Doc.set_extension("kg_text", default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, from the tokenizer's copy when there is one."""
    if doc._.kg_text is None:
        doc._.kg_text = doc.text
    return doc._.kg_text


class TextKeepingTokenizer:
    """Wraps a spaCy tokenizer; every Doc it makes carries its input in ``Doc._.kg_text``."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc._.kg_text = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):
        # to_disk / from_bytes / explain / rules ... behave as the wrapped tokenizer's
        return getattr(self.tokenizer, name)


@spacy.registry.tokenizers("kg.TextKeepingTokenizer.v1")
def create_text_keeping_tokenizer():
    make_default = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> TextKeepingTokenizer:
        return TextKeepingTokenizer(make_default(nlp))

    return make


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence, as ``doc.sents`` gives them, computed once
    per doc from the token arrays (iterating ``doc.sents`` builds a Python object per token)."""
    if doc._.kg_sentences is None:
        if len(doc) == 0:
            doc._.kg_sentences = []
            return doc._.kg_sentences
        array = doc.to_array([IDX, LENGTH, SENT_START])
        starts = [0, *(int(i) for i in numpy.flatnonzero(array[1:, 2] == 1) + 1)]
        ends = [*starts[1:], len(doc)]
        doc._.kg_sentences = [
            (int(array[s, 0]), int(array[e - 1, 0] + array[e - 1, 1]))
            for s, e in zip(starts, ends, strict=True)
        ]
    return doc._.kg_sentences


@Language.factory(
    "kg_sentencizer",
    default_config={"punct_chars": [".", "!", "?"]},
    assigns=["token.is_sent_start"],
)
def make_sentencizer(nlp: Language, name: str, punct_chars: list[str]) -> Sentencizer:
    return Sentencizer(nlp, punct_chars)


class Sentencizer:
    def __init__(self, nlp: Language, punct_chars: list[str]) -> None:
        self.punct_ids = numpy.array([nlp.vocab.strings.add(ch) for ch in punct_chars], dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        array = doc.to_array([ORTH, IS_PUNCT, IDX])
        ends_array = numpy.isin(array[:, 0], self.punct_ids)
        is_punct = (array[:, 1].astype(bool) | ends_array).tolist()
        ends_sentence = ends_array.tolist()
        starts = numpy.zeros(len(doc), dtype="bool")
        starts[0] = True
        seen_period = False
        for i in range(len(doc)):
            if seen_period and not is_punct[i]:
                starts[i] = True
                seen_period = False
            elif ends_sentence[i]:
                seen_period = True
        text = doc_text(doc)
        newline = text.find("\n")
        if newline >= 0:
            abstract_start = len(text) - len(text[newline:].lstrip())
            first = int(numpy.searchsorted(array[:, 2].astype("int64"), abstract_start))
            if 0 < first < len(doc):
                starts[first] = True
        # -1 (not a start) travels as its uint64 two's complement, the dtype from_array reads
        doc.from_array(
            [SENT_START], numpy.where(starts, 1, -1).astype("int64").astype("uint64").reshape(-1, 1)
        )
        doc._.kg_sentences = None
        return doc
