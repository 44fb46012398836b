"""Shared fixtures. The real corpus lives in ../shared next to the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
CORPUS = sorted((SHARED / "corpus").glob("*.txt"))
GOLD = SHARED / "gold"


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    if not CORPUS:
        pytest.fail(f"the shared corpus is missing at {SHARED / 'corpus'}")
    return CORPUS


@pytest.fixture(scope="session")
def nlp():
    from kg.extract import load_pipeline

    return load_pipeline()
