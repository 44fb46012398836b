"""The ``kg_title_boundary`` component: the title is its own sentence.

``Paper.text`` is "title\\n\\nabstract"; titles rarely end in a full stop, so the rule-based
sentencizer would glue the title to the first abstract sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("kg_sentences"):
    Doc.set_extension("kg_sentences", default=None)


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence, computed once per doc and cached."""
    if doc._.kg_sentences is None:
        doc._.kg_sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
    return doc._.kg_sentences


@Language.component("kg_title_boundary", requires=["token.is_sent_start"], assigns=["token.is_sent_start"])
def title_boundary(doc: Doc) -> Doc:
    for token in doc:
        if "\n\n" in token.text or (token.is_space and "\n" in token.text):
            if token.i + 1 < len(doc):
                doc[token.i + 1].is_sent_start = True
            break
    doc._.kg_sentences = None
    sentence_bounds(doc)
    return doc
