"""kg: an offline knowledge-graph builder for scientific literature.

Examples:
    >>> import kg
    >>> result = kg.read(["examples/papers.jsonl"])  # doctest: +SKIP
    >>> graph = kg.build(["examples/papers.jsonl"])  # doctest: +SKIP
    >>> rows = graph.query("beats")  # doctest: +SKIP
"""

from kg.connect import Neo4jGraph, connect
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
from kg.query import CannedQuery, to_dataframe
from kg.query import catalogue as queries
from kg.query.rows import (
    BaselineRow,
    BeatsRow,
    BenchmarkOfMethodRow,
    ChainRow,
    ClaimRow,
    ContradictionRow,
    EntityRow,
    LeaderboardRow,
    MethodForTaskRow,
    MethodOnBenchmarkRow,
    Row,
)
from kg.store.neo4j_store import LoadReport, Neo4jSettings, Neo4jStore

__version__ = "0.1.0"

__all__ = [
    "BaselineRow",
    "BeatsRow",
    "BenchmarkOfMethodRow",
    "CannedQuery",
    "ChainRow",
    "Claim",
    "ClaimKind",
    "ClaimRow",
    "ContradictionRow",
    "Entity",
    "EntityKind",
    "EntityRow",
    "ExtractionError",
    "GraphFileError",
    "IngestReport",
    "InputError",
    "KGError",
    "KnowledgeGraph",
    "LeaderboardRow",
    "LoadReport",
    "Mention",
    "MethodForTaskRow",
    "MethodOnBenchmarkRow",
    "Neo4jGraph",
    "Neo4jSettings",
    "Neo4jStore",
    "Paper",
    "PaperExtraction",
    "QueryError",
    "RecordError",
    "Rejected",
    "Row",
    "SourceRef",
    "StoreError",
    "build",
    "connect",
    "extract",
    "queries",
    "read",
    "to_dataframe",
]
