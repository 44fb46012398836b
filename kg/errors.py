"""Errors raised by kg, one subclass per pipeline stage.

    KGError
    ├── InputError          a source file or record cannot be read (ingest)
    │   └── RecordError     one record in a file is malformed
    ├── ExtractionError     the spaCy pipeline cannot be built or run (extract)
    ├── GraphFileError      a saved graph file is missing or not a kg graph (graph/store)
    ├── StoreError          the Neo4j store failed (connection, auth, write)
    └── QueryError          unknown canned query or bad parameter (query)

Messages say what happened, with the offending value, and how to fix it.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KGError):
    """A source file cannot be read as a whole (missing, binary, unknown format...)."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class RecordError(InputError):
    """One record of a source file is malformed; the rest of the file may be fine."""

    def __init__(
        self, path: str, record: int, reason: str, line: int | None = None, pointer: str | None = None
    ) -> None:
        self.record = record
        self.path = path
        self.reason = reason
        self.line = line
        self.pointer = pointer
        where = f"{path}:{line}" if line is not None else path
        at = f" (at JSON pointer {pointer})" if pointer is not None else ""
        KGError.__init__(self, f"{where}: record {record}{at}: {reason}")


class ExtractionError(KGError):
    """The extraction pipeline could not be loaded or run."""


class GraphFileError(KGError):
    """A graph file is missing, unreadable or not written by kg."""


class StoreError(KGError):
    """The graph store (Neo4j) failed: connection, authentication or a write."""


class QueryError(KGError):
    """An unknown canned query, or a parameter it does not accept."""
