"""Extract: Paper -> mentions, proposed methods and claims, with a spaCy pipeline.

The pipeline is declared in ``pipelines/config.cfg`` (a blank English tokenizer plus the rule
components registered in this package) and run with ``nlp.pipe``.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

import spacy
from spacy.language import Language

from kg.errors import ExtractionError
from kg.extract import abbreviations, claims, entities, learned, proposed, segmentation  # noqa: F401  (registers factories)
from kg.extract.convert import doc_to_extraction
from kg.extract.fingerprint import pipeline_fingerprint
from kg.model import Paper, PaperExtraction
from kg.resources import data_dir

PIPELINES_DIR = data_dir("pipelines")
DEFAULT_CONFIG = PIPELINES_DIR / "config.cfg"
"""The rules-only ``fast`` profile."""
DEFAULT_MODEL = PIPELINES_DIR / "model"
"""The learned profile (the default): trained by ``kg train``, shipped in the repository."""

Profile = Literal["learned", "fast"]


def load_pipeline(config: str | Path | None = None, *, profile: Profile = "learned") -> Language:
    """Load the extraction pipeline.

    ``config`` may name a trained pipeline directory (``nlp.to_disk``) or a spaCy config file;
    without it, ``profile`` picks the shipped learned model or the rules-only config.
    """
    path = Path(config) if config else (DEFAULT_MODEL if profile == "learned" else DEFAULT_CONFIG)
    if not path.exists():
        hint = "; run `kg train` or use the rules profile (--fast)" if path == DEFAULT_MODEL else ""
        raise ExtractionError(f"pipeline {str(path)!r} not found{hint}")
    try:
        if path.is_dir():
            return spacy.load(path)
        return spacy.util.load_model_from_config(spacy.util.load_config(path), auto_fill=True)
    except Exception as error:  # spaCy raises many kinds for a bad config or model
        raise ExtractionError(f"cannot build the pipeline from {str(path)!r}: {error}") from error


def extract_papers(
    papers: Iterable[Paper],
    *,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = 128,
    profile: Profile = "learned",
    min_confidence: float = 0.0,
) -> Iterator[PaperExtraction]:
    """Run the pipeline over papers (batched with ``nlp.pipe``), in input order.

    ``profile`` picks the shipped pipeline when ``nlp`` is not given; ``min_confidence`` drops
    mentions, entities and claims below that calibrated confidence.

    With ``n_process`` > 1 (``-1``: all cores) batches go to worker processes that each run
    the pipeline *and* the conversion, so only the small extractions travel back, not Docs.

    Examples:
        >>> from kg.model import Paper
        >>> paper = Paper(id="p1", title="GateLoop: a model",
        ...               abstract="We propose GateLoop. GateLoop outperforms Mamba on WikiText-103.")
        >>> result = next(extract_papers([paper]))
        >>> result.proposed, [(c.kind.value, c.subject, c.object) for c in result.claims]
        ([['GateLoop']], [('outperforms', ['GateLoop'], ['Mamba'])])
    """
    if min_confidence > 0:
        for extraction in extract_papers(papers, nlp=nlp, n_process=n_process, batch_size=batch_size, profile=profile):
            yield extraction.above(min_confidence)
        return
    nlp = nlp or load_pipeline(profile=profile)
    papers = list(papers)
    if n_process < 0:
        n_process = os.cpu_count() or 1
    if n_process > 1 and len(papers) > batch_size:
        yield from _extract_in_workers(papers, nlp, n_process, batch_size)
        return
    stream = ((paper.text, i) for i, paper in enumerate(papers))
    for doc, i in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield doc_to_extraction(doc, papers[i])


_worker_nlp: Language | None = None


def _extract_batch(batch: list[Paper]) -> list[str]:
    """Worker side: JSON travels back (pydantic's Rust serializer beats pickling models)."""
    assert _worker_nlp is not None
    docs = _worker_nlp.pipe((paper.text for paper in batch), batch_size=len(batch))
    return [doc_to_extraction(doc, paper).model_dump_json() for doc, paper in zip(docs, batch, strict=True)]


def _extract_in_workers(
    papers: list[Paper], nlp: Language, n_process: int, batch_size: int
) -> Iterator[PaperExtraction]:
    global _worker_nlp
    batches = [papers[i : i + batch_size] for i in range(0, len(papers), batch_size)]
    # fork shares the loaded pipeline with the workers (no re-loading, no pickling)
    context = multiprocessing.get_context("fork")
    _worker_nlp = nlp
    try:
        with context.Pool(n_process) as pool:
            for results in pool.imap(_extract_batch, batches):
                for result in results:
                    yield PaperExtraction.model_validate_json(result)
    finally:
        _worker_nlp = None


__all__ = [
    "DEFAULT_CONFIG",
    "DEFAULT_MODEL",
    "PIPELINES_DIR",
    "Profile",
    "extract_papers",
    "load_pipeline",
    "pipeline_fingerprint",
]
