"""Guards that keep extraction linear on hostile text that passed ingest.

Ingest already refuses titles and abstracts with a run of more than
``kg.ingest.records.MAX_RUN_CHARS`` characters without a space (the spaCy tokenizer is
quadratic on such runs). What is left is text that is long *and* unlike prose: a
50,000-character "sentence" with no full stop, thousands of acronym definitions. Rules
that look back from each cue to the start of its sentence would then be quadratic, so
sentences longer than ``MAX_SENTENCE_CHARS`` are handled in windows of at most that size,
cut at a space. Real sentences are far shorter, so real text is never cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

MAX_SENTENCE_CHARS = 2_000
"""Longest stretch a sentence-level rule looks at. Real abstract sentences stay well under
1,000 characters; a longer "sentence" is a list, a table or noise."""


def bounded(
    bounds: Iterable[tuple[int, int]], text: str, limit: int = MAX_SENTENCE_CHARS
) -> Iterator[tuple[int, int]]:
    """(start, end) sentence bounds, with any sentence longer than ``limit`` cut into windows
    of at most ``limit`` characters, each ending after a space when there is one.

    Examples:
        >>> list(bounded([(0, 5), (5, 30)], "a" * 5 + "word " * 5, limit=12))
        [(0, 5), (5, 15), (15, 25), (25, 30)]
    """
    for start, end in bounds:
        while end - start > limit:
            cut = text.rfind(" ", start + 1, start + limit)
            cut = cut + 1 if cut > start else start + limit
            yield start, cut
            start = cut
        yield start, end
