"""Checks on where a command will write, made before any work is done.

A command that would overwrite one of its inputs, write into a directory, or write where it
cannot is refused in one line before ingest starts, so a mistake never costs a long run or
an input file. Writers themselves use unique temp names in the target directory and an
atomic rename (see ``kg.store.file_store`` and ``atomic_writer``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from kg.errors import KGError


class OutputError(KGError):
    """An output path that cannot or must not be written."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(output: Path, inputs: Iterable[Path] = (), *, what: str = "output") -> None:
    """Raise OutputError unless ``output`` can be written without touching an input.

    Examples:
        >>> check_output(Path("README.md"), [Path("README.md")])
        Traceback (most recent call last):
        ...
        kg.outputs.OutputError: output README.md is also an input; choose another file (inputs are never overwritten)
    """
    for source in inputs:
        if _same_file(output, source) or output.resolve() == source.resolve():
            raise OutputError(
                f"{what} {output} is also an input; choose another file (inputs are never overwritten)"
            )
    if output.is_dir():
        raise OutputError(f"{what} {output} is a directory; give a file name, e.g. {output / 'graph.json'}")
    parent = output.parent
    existing = parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{what} {output}: {existing} is not a directory")
    if output.exists() and not os.access(output, os.W_OK):
        raise OutputError(f"{what} {output} is not writable")
    if existing == parent:
        try:  # the only reliable test (root, read-only mounts, ACLs): create a file there
            with tempfile.NamedTemporaryFile(dir=parent, prefix=f".{output.name}.", suffix=".probe"):
                pass
        except OSError as error:
            raise OutputError(f"{what} {output}: cannot write in {parent} ({error.strerror})") from None
    elif not os.access(existing, os.W_OK):
        raise OutputError(f"{what} {output}: cannot create {parent} ({existing} is not writable)")


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """A text handle on a uniquely named temp file next to ``path``, renamed over ``path``
    only when the block succeeds; on any failure the temp file is removed and ``path`` is
    untouched. Two runs writing the same path each write their own temp file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
