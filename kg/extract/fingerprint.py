"""A fingerprint of everything that decides what extraction produces.

The extraction cache is keyed by it: a change to the pipeline config, a lexicon, a model
file under ``pipelines/`` or the extraction code itself gives a new fingerprint, so cached
extractions of the old pipeline are never reused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_MODEL_CODE = (_PACKAGE.parent / "model" / "extraction.py", _PACKAGE.parent / "model" / "names.py")


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def pipeline_fingerprint(profile: str = "learned", config: str | None = None) -> str:
    """sha256 over the profile, the pipeline directory (configs, lexicons, trained model) and
    the extraction code.

    Examples:
        >>> len(pipeline_fingerprint())
        64
    """
    from kg.extract import DEFAULT_CONFIG

    config_path = Path(config) if config else DEFAULT_CONFIG
    digest = hashlib.sha256(b"kg-extraction-v1\0" + profile.encode() + b"\0")
    for root, files in (
        (config_path.parent, _files(config_path.parent)),
        (_PACKAGE.parent, [*(p for p in _files(_PACKAGE) if p.suffix == ".py"), *_MODEL_CODE]),
    ):
        for path in files:
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
