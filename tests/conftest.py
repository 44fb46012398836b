"""Shared fixtures. The real corpus lives in ../shared next to the repository (the CI
layout); KG_SHARED points elsewhere, e.g. for a clone in /tmp."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
CORPUS = sorted((SHARED / "corpus").glob("*.txt"))
GOLD = SHARED / "gold"


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    if not CORPUS:
        pytest.fail(
            f"the shared corpus is missing at {SHARED / 'corpus'}; set KG_SHARED to the shared folder"
        )
    return CORPUS


@pytest.fixture(scope="session")
def nlp():
    from kg.extract import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory):
    """A real Neo4j for the session: KG_TEST_NEO4J_URI if set (it will be emptied!), else one
    started by scripts/neo4j-server in a temp dir. Fails, never skips, when none can start."""
    import os
    import secrets
    import subprocess

    from kg.store.neo4j_store import Neo4jSettings

    if os.environ.get("KG_TEST_NEO4J_URI"):
        yield Neo4jSettings.from_env(uri=os.environ["KG_TEST_NEO4J_URI"])
        return
    home = tmp_path_factory.mktemp("neo4j")
    env = {**os.environ, "KG_NEO4J_HOME": str(home), "NEO4J_PASSWORD": secrets.token_urlsafe(16)}
    script = ROOT / "scripts" / "neo4j-server"
    started = subprocess.run([str(script), "start"], env=env, capture_output=True, text=True, timeout=900)
    if started.returncode != 0:
        pytest.fail(f"could not start Neo4j with {script}:\n{started.stdout}\n{started.stderr}")
    uri = next(line.split("=", 1)[1] for line in started.stdout.splitlines() if line.startswith("NEO4J_URI="))
    try:
        yield Neo4jSettings(uri=uri, username="neo4j", password=env["NEO4J_PASSWORD"])
    finally:
        subprocess.run([str(script), "stop"], env=env, capture_output=True, timeout=120)


@pytest.fixture()
def neo4j_store(neo4j_settings):
    """A connected store on an empty database."""
    from kg.store.neo4j_store import Neo4jStore

    with Neo4jStore(neo4j_settings) as store:
        store.clear()
        yield store
