"""Word tokens as Neo4j's full-text index sees them, so both backends search alike.

Neo4j's default full-text analyzer (Lucene StandardTokenizer + lowercase, no stop words)
splits on Unicode word boundaries: hyphens split ("Mamba-2" -> mamba, 2), while "." or
"'" between letters and "." or "," between digits do not ("GPT-3.5" -> gpt, 3.5).
``word_tokens`` reproduces that closely enough for names; search terms are built from
the same tokens, so the user's punctuation never reaches the Lucene query parser.

Examples:
    >>> word_tokens("GPT-3.5 Turbo")
    ['gpt', '3.5', 'turbo']
    >>> search_terms('Mamba-2 }) DETACH DELETE n //')
    ['mamba', '2', 'detach', 'delete', 'n']
"""

from __future__ import annotations

import re

_LETTER = r"[^\W\d_]"
_WORD = re.compile(
    rf"\w+(?:(?:(?<={_LETTER})[.:'’](?={_LETTER})|(?<=\d)[.,;'’](?=\d))\w+)*",
)


def word_tokens(text: str) -> list[str]:
    return [token.lower() for token in _WORD.findall(text)]


MAX_TERMS = 16
MAX_TERM_LENGTH = 255  # Lucene's StandardTokenizer never emits a longer token


def search_terms(text: str) -> list[str]:
    """Distinct lowercase word prefixes of free text, in order of appearance (at most 16)."""
    terms = dict.fromkeys(token[:MAX_TERM_LENGTH] for token in word_tokens(text))
    return list(terms)[:MAX_TERMS]


def matches_terms(forms: list[str], terms: list[str]) -> bool:
    """True when every term prefixes some word of some form (the Lucene ``t1* AND t2*``)."""
    tokens = {token for form in forms for token in word_tokens(form)}
    return bool(terms) and all(any(token.startswith(term) for token in tokens) for term in terms)
