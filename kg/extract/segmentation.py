"""The ``kg_title_boundary`` component: the title is its own sentence.

``Paper.text`` is "title\\n\\nabstract"; titles rarely end in a full stop, so the rule-based
sentencizer would glue the title to the first abstract sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("kg_title_boundary", requires=["token.is_sent_start"], assigns=["token.is_sent_start"])
def title_boundary(doc: Doc) -> Doc:
    for token in doc:
        if "\n\n" in token.text or (token.is_space and "\n" in token.text):
            if token.i + 1 < len(doc):
                doc[token.i + 1].is_sent_start = True
            break
    return doc
