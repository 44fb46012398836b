"""Merging records of the same paper read from several files or sources."""

from __future__ import annotations

from kg.model import Paper
from kg.model.ids import dedup_key, normalise_title


class PaperIndex:
    """Collects papers, merging duplicates by arXiv id, DOI, then normalised title.

    The first record seen keeps its id and text; later ones fill fields it lacks and add
    their source. Order of ``papers()`` is first-seen order.
    """

    def __init__(self) -> None:
        self._by_key: dict[str, Paper] = {}
        self._papers: list[Paper] = []

    def add(self, paper: Paper) -> bool:
        """Add a paper; returns False when it merged into one already present."""
        keys = self._keys(paper)
        existing = next((self._by_key[k] for k in keys if k in self._by_key), None)
        if existing is None:
            self._papers.append(paper)
            for key in keys:
                self._by_key[key] = paper
            return True
        _merge_into(existing, paper)
        for key in self._keys(existing):
            self._by_key.setdefault(key, existing)
        return False

    def papers(self) -> list[Paper]:
        return list(self._papers)

    @staticmethod
    def _keys(paper: Paper) -> list[str]:
        keys = [dedup_key(arxiv_id=paper.arxiv_id, doi=None, title=paper.title)] if paper.arxiv_id else []
        if paper.doi:
            keys.append(dedup_key(arxiv_id=None, doi=paper.doi, title=paper.title))
        keys.append(f"title:{normalise_title(paper.title)}")
        return keys


def _merge_into(target: Paper, other: Paper) -> None:
    for field in ("date", "author_count", "arxiv_id", "doi", "url", "upvotes", "organization"):
        if getattr(target, field) is None and getattr(other, field) is not None:
            setattr(target, field, getattr(other, field))
    if not target.authors and other.authors:
        target.authors = list(other.authors)
    if not target.categories and other.categories:
        target.categories = list(other.categories)
    target.sources.extend(other.sources)
