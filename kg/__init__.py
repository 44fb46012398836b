"""kg: an offline knowledge-graph builder for scientific literature.

Examples:
    >>> import kg
    >>> result = kg.read(["examples/papers.jsonl"])  # doctest: +SKIP
    >>> graph = kg.build(["examples/papers.jsonl"])  # doctest: +SKIP
    >>> rows = graph.query("beats")  # doctest: +SKIP
"""

from kg.errors import (
    ExtractionError,
    GraphFileError,
    InputError,
    KGError,
    QueryError,
    RecordError,
    StoreError,
)
from kg.ingest import read_papers as read
from kg.model import (
    Claim,
    ClaimKind,
    Entity,
    EntityKind,
    IngestReport,
    Mention,
    Paper,
    PaperExtraction,
    Rejected,
    SourceRef,
)
from kg.pipeline import KnowledgeGraph, build, extract

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "ClaimKind",
    "Entity",
    "EntityKind",
    "ExtractionError",
    "GraphFileError",
    "IngestReport",
    "InputError",
    "KGError",
    "KnowledgeGraph",
    "Mention",
    "Paper",
    "PaperExtraction",
    "QueryError",
    "RecordError",
    "Rejected",
    "SourceRef",
    "StoreError",
    "build",
    "extract",
    "read",
]
