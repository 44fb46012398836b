"""The one place stable ids are minted: normalise, then hash.

Ids depend only on content (never on input order, time or machine), so the same input
always yields the same graph.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


def normalise_title(title: str) -> str:
    """Fold a title to the key used to recognise the same paper from several sources.

    Examples:
        >>> normalise_title("Attention Is All You Need.")
        'attention is all you need'
        >>> normalise_title("  ATTENTION is   all you need")
        'attention is all you need'
    """
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def short_hash(text: str, length: int = 16) -> str:
    """Hex digest prefix of the SHA-1 of ``text`` (stable across runs and machines)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def normalise_arxiv_id(raw: str) -> str | None:
    """Bare arXiv id without version or URL prefix, or None when ``raw`` is not one.

    Examples:
        >>> normalise_arxiv_id("http://arxiv.org/abs/2101.00001v2")
        '2101.00001'
        >>> normalise_arxiv_id("hep-th/9901001v1")
        'hep-th/9901001'
        >>> normalise_arxiv_id("seed-000") is None
        True
    """
    text = raw.strip()
    for prefix in ("https://arxiv.org/abs/", "http://arxiv.org/abs/", "arXiv:", "arxiv:"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.match(text)
        if match:
            return match.group(1)
    return None


def normalise_doi(raw: str) -> str | None:
    """Lower-cased DOI without resolver prefix, or None.

    Examples:
        >>> normalise_doi("https://doi.org/10.1000/XYZ.1")
        '10.1000/xyz.1'
    """
    text = raw.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "http://dx.doi.org/", "doi:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    return text.lower() if text.startswith("10.") and "/" in text else None


def paper_id(*, given: str | None, arxiv_id: str | None, doi: str | None, title: str) -> str:
    """The paper id: a given id is kept; else arXiv id, DOI, or a hash of the title."""
    if given:
        return given
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    if doi:
        return f"doi:{doi}"
    return f"paper:{short_hash(normalise_title(title))}"


def dedup_key(*, arxiv_id: str | None, doi: str | None, title: str) -> str:
    """Key under which records of the same paper meet (arXiv id or DOI first)."""
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    if doi:
        return f"doi:{doi}"
    return f"title:{normalise_title(title)}"


def entity_id(kind: str, canonical_key: str) -> str:
    """Id of a resolved entity: its kind plus a hash of its canonical key."""
    return f"{kind}:{short_hash(canonical_key, 12)}"


def claim_id(paper: str, sentence_start: int, kind: str, subject: str, obj: str, extra: str) -> str:
    """Id of a claim: where it was stated and what it says."""
    return "claim:" + short_hash("\x1f".join([paper, str(sentence_start), kind, subject, obj, extra]))
