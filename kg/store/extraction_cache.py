"""The on-disk extraction cache: one compressed compact record per paper, keyed by content.

A SQLite file (one table, key -> blob). The key hashes the pipeline fingerprint with the
paper's id, title and abstract, so an unchanged paper is never extracted twice by the same
pipeline, and any change to the pipeline (config, lexicon, model files, extraction code)
misses the cache. Writes are committed per chunk; a killed build keeps what it finished.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import KGError
from kg.model import Paper

CACHE_FILE = "extractions.sqlite"


def paper_key(fingerprint: str, paper: Paper) -> str:
    """Content hash of what extraction reads (id, title, abstract) under one pipeline."""
    digest = hashlib.sha256(fingerprint.encode())
    for part in (paper.id, paper.title, paper.abstract):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


class ExtractionCache:
    """``key -> compressed record`` in ``DIR/extractions.sqlite``.

    Examples:
        >>> import tempfile
        >>> with ExtractionCache(tempfile.mkdtemp()) as cache:
        ...     cache.put_many([("k1", b"x")])
        ...     cache.get_many(["k1", "k2"])
        {'k1': b'x'}
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.directory / CACHE_FILE, timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, record BLOB NOT NULL)"
            )
        except (OSError, sqlite3.Error) as error:
            raise KGError(f"cannot open the extraction cache in {str(self.directory)!r}: {error}") from None

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The cached records of those keys that are present (at most 500 keys per statement)."""
        keys = list(keys)
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            marks = ",".join("?" * len(part))
            found.update(self._db.execute(f"SELECT key, record FROM extraction WHERE key IN ({marks})", part))
        return found

    def missing(self, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        present: set[str] = set()
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            marks = ",".join("?" * len(part))
            present.update(
                k for (k,) in self._db.execute(f"SELECT key FROM extraction WHERE key IN ({marks})", part)
            )
        return set(keys) - present

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO extraction (key, record) VALUES (?, ?)", items)

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM extraction").fetchone()[0]

    def keys(self) -> Iterator[str]:
        return (k for (k,) in self._db.execute("SELECT key FROM extraction"))


__all__ = ["CACHE_FILE", "ExtractionCache", "paper_key"]
