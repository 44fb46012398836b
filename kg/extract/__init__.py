"""Extract: Paper -> mentions, proposed methods and claims, with a spaCy pipeline.

The pipeline is declared in ``pipelines/config.cfg`` (a blank English tokenizer plus the rule
components registered in this package) and run with ``nlp.pipe``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language

from kg.errors import ExtractionError
from kg.extract import abbreviations, claims, entities, proposed, segmentation  # noqa: F401  (registers factories)
from kg.extract.convert import doc_to_extraction
from kg.model import Paper, PaperExtraction

DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "pipelines" / "config.cfg"


def load_pipeline(config: str | Path | None = None) -> Language:
    """Build the extraction pipeline from a spaCy config file (default: pipelines/config.cfg)."""
    path = Path(config) if config else DEFAULT_CONFIG
    if not path.exists():
        raise ExtractionError(f"pipeline config {str(path)!r} not found")
    try:
        return spacy.util.load_model_from_config(spacy.util.load_config(path), auto_fill=True)
    except Exception as error:  # spaCy raises many kinds for a bad config
        raise ExtractionError(f"cannot build the pipeline from {str(path)!r}: {error}") from error


def extract_papers(
    papers: Iterable[Paper],
    *,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = 128,
) -> Iterator[PaperExtraction]:
    """Run the pipeline over papers (batched with ``nlp.pipe``), in input order.

    Examples:
        >>> from kg.model import Paper
        >>> paper = Paper(id="p1", title="GateLoop: a model",
        ...               abstract="We propose GateLoop. GateLoop outperforms Mamba on WikiText-103.")
        >>> result = next(extract_papers([paper]))
        >>> result.proposed, [(c.kind.value, c.subject, c.object) for c in result.claims]
        ([['GateLoop']], [('outperforms', ['GateLoop'], ['Mamba'])])
    """
    nlp = nlp or load_pipeline()
    papers = list(papers)
    stream = ((paper.text, i) for i, paper in enumerate(papers))
    for doc, i in nlp.pipe(stream, as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield doc_to_extraction(doc, papers[i])


__all__ = ["DEFAULT_CONFIG", "extract_papers", "load_pipeline"]
