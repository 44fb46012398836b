"""Where extraction runs: in this process, in forked worker processes, or on a Dask cluster.

Every runner takes chunks of ``(cache key, paper id, title, abstract)`` and yields, per
chunk, ``(cache key, compressed compact record)`` pairs — in any order, since the results
go into the content-keyed cache. The pipeline loads once per worker; only compact records
travel back, never Docs.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Protocol

from kg.errors import ExtractionError, KGError

Item = tuple[str, str, str, str]
"""(cache key, paper id, title, abstract)"""
Chunk = list[Item]
Result = list[tuple[str, bytes]]

_pipelines: dict[str, object] = {}
_fingerprints: dict[str, str] = {}


def _pipeline(profile: str = "learned"):
    if profile not in _pipelines:
        from kg.extract import load_pipeline

        _pipelines[profile] = load_pipeline(profile=profile)
    return _pipelines[profile]


def extract_chunk(chunk: Chunk, fingerprint: str | None = None, profile: str = "learned") -> Result:
    """Extract one chunk of papers into compressed compact records (runs on a worker).

    ``fingerprint`` is the caller's pipeline fingerprint; a worker whose pipeline differs
    refuses, so a cluster with a stale install cannot poison the cache. ``profile`` is
    ``learned`` (the trained pipeline) or ``fast`` (rules only).
    """
    from kg.extract import pipeline_fingerprint
    from kg.extract.convert import doc_to_extraction
    from kg.graph.records import encode, to_record
    from kg.model import Paper

    if fingerprint is not None:
        if profile not in _fingerprints:
            _fingerprints[profile] = pipeline_fingerprint(profile)
        own = _fingerprints[profile]
        if fingerprint != own:
            raise ExtractionError(
                f"worker pid {os.getpid()} runs a different extraction pipeline ({own[:12]} "
                f"!= {fingerprint[:12]}); install the same kg and pipelines/ on every worker"
            )
    nlp = _pipeline(profile)
    papers = [
        Paper.model_construct(id=pid, title=title, abstract=abstract) for _key, pid, title, abstract in chunk
    ]
    docs = nlp.pipe((paper.text for paper in papers), batch_size=len(chunk) or 1)
    return [
        (item[0], encode(to_record(doc_to_extraction(doc, paper))))
        for item, doc, paper in zip(chunk, docs, papers, strict=True)
    ]


class Runner(Protocol):
    workers: int

    def run(self, chunks: Iterable[Chunk]) -> Iterator[Result]: ...

    def close(self) -> None: ...


class InProcessRunner:
    workers = 1

    def __init__(self, profile: str = "learned") -> None:
        self.profile = profile

    def run(self, chunks: Iterable[Chunk]) -> Iterator[Result]:
        for chunk in chunks:
            yield extract_chunk(chunk, profile=self.profile)

    def close(self) -> None:
        pass


class ProcessRunner:
    """Forked worker processes sharing the pipeline loaded here (fork early, while small)."""

    def __init__(self, n_process: int, profile: str = "learned") -> None:
        _pipeline(profile)
        self.profile = profile
        self.workers = n_process
        self._pool = multiprocessing.get_context("fork").Pool(n_process)

    def run(self, chunks: Iterable[Chunk]) -> Iterator[Result]:
        yield from self._pool.imap_unordered(partial(extract_chunk, profile=self.profile), chunks)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


class DaskRunner:
    """A ``dask.distributed`` cluster: ``local:N`` starts N local worker processes, anything
    else is a scheduler address (``tcp://host:8786``) whose workers have kg installed."""

    def __init__(self, address: str, window: int = 2, profile: str = "learned") -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise KGError('--dask needs dask.distributed: pip install "kg[dask]"') from None
        from kg.extract import pipeline_fingerprint

        self.profile = profile
        self.fingerprint = pipeline_fingerprint(profile)
        self._cluster = None
        logging.getLogger("distributed").setLevel(logging.ERROR)  # no INFO chatter on the CLI
        try:
            if address.startswith("local:"):
                count = int(address.removeprefix("local:") or "0")
                if count < 1:
                    raise ValueError
                self._cluster = LocalCluster(
                    n_workers=count,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(address, timeout="20s")
        except ValueError:
            raise KGError(f"--dask {address!r}: expected local:N (N >= 1) or a scheduler address") from None
        except (OSError, TimeoutError) as error:
            if self._cluster is not None:
                self._cluster.close()
            raise KGError(f"cannot reach the Dask scheduler at {address!r}: {error}") from None
        self.workers = max(1, len(self._client.scheduler_info()["workers"]))
        self._window = window

    def run(self, chunks: Iterable[Chunk]) -> Iterator[Result]:
        from distributed import as_completed

        chunks = iter(chunks)
        pending = as_completed()
        for chunk in chunks:
            pending.add(self._client.submit(extract_chunk, chunk, self.fingerprint, self.profile, pure=False))
            if pending.count() >= self.workers * self._window:
                break
        for future in pending:
            yield future.result()
            future.release()
            chunk = next(chunks, None)
            if chunk is not None:
                pending.add(self._client.submit(extract_chunk, chunk, self.fingerprint, self.profile, pure=False))

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def make_runner(n_process: int = 1, dask: str | None = None, profile: str = "learned") -> Runner:
    """The runner for ``--dask ADDRESS`` if given, else ``n_process`` local processes (-1: all cores)."""
    if dask:
        return DaskRunner(dask, profile=profile)
    if n_process < 0:
        n_process = os.cpu_count() or 1
    return ProcessRunner(n_process, profile) if n_process > 1 else InProcessRunner(profile)


__all__ = ["DaskRunner", "InProcessRunner", "ProcessRunner", "extract_chunk", "make_runner"]
