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
    """The rules-only profile (``--fast``): what tests/test_extract.py pins rule by rule."""
    from kg.extract import load_pipeline

    return load_pipeline(profile="fast")


@pytest.fixture(scope="session")
def learned_nlp():
    """The shipped trained pipeline (the default profile)."""
    from kg.extract import load_pipeline

    return load_pipeline()


class DevServer:
    """The session's Neo4j started by scripts/neo4j-server: Bolt + HTTP (Browser) on fixed ports,
    so a restart on the same data comes back at the same addresses."""

    script = ROOT / "scripts" / "neo4j-server"

    def __init__(self, home: Path) -> None:
        import secrets

        self.home = home
        self.env = {**os.environ, "KG_NEO4J_HOME": str(home), "NEO4J_PASSWORD": secrets.token_urlsafe(16)}
        self.bolt_port: str | None = None
        self.http_port: str | None = None
        self.output = ""

    def start(self, *flags: str) -> None:
        import subprocess

        ports = [self.bolt_port, "--http-port", self.http_port] if self.bolt_port else []
        started = subprocess.run(
            [str(self.script), "start", *ports, *flags],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if started.returncode != 0:
            pytest.fail(f"could not start Neo4j with {self.script}:\n{started.stdout}\n{started.stderr}")
        self.output = started.stdout + started.stderr
        values = dict(line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)
        self.uri = values["NEO4J_URI"]
        self.browser_url = values["NEO4J_BROWSER_URL"].strip("'")
        self.bolt_port = self.uri.rsplit(":", 1)[1]
        self.http_port = self.browser_url.split("localhost:", 1)[1].split("/", 1)[0]

    def stop(self) -> None:
        import subprocess

        subprocess.run([str(self.script), "stop"], env=self.env, capture_output=True, timeout=120)

    @property
    def http(self) -> str:
        return f"http://localhost:{self.http_port}"

    @property
    def password(self) -> str:
        return self.env["NEO4J_PASSWORD"]

    def settings(self):
        from kg.store.neo4j_store import Neo4jSettings

        return Neo4jSettings(uri=self.uri, username="neo4j", password=self.password)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """The project's own dev server (scripts/neo4j-server) for the session; fails, never skips."""
    server = DevServer(tmp_path_factory.mktemp("neo4j"))
    server.start("--fresh")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_settings(request):
    """A real Neo4j for the session: KG_TEST_NEO4J_URI if set (it will be emptied!), else the
    project's dev server started by scripts/neo4j-server in a temp dir."""
    from kg.store.neo4j_store import Neo4jSettings

    if os.environ.get("KG_TEST_NEO4J_URI"):
        return Neo4jSettings.from_env(uri=os.environ["KG_TEST_NEO4J_URI"])
    return request.getfixturevalue("neo4j_server").settings()


@pytest.fixture()
def server_store(neo4j_server):
    """A connected store on the project's own dev server (even with KG_TEST_NEO4J_URI), emptied."""
    from kg.store.neo4j_store import Neo4jStore

    with Neo4jStore(neo4j_server.settings()) as store:
        store.clear()
        yield store


@pytest.fixture()
def neo4j_store(neo4j_settings):
    """A connected store on an empty database."""
    from kg.store.neo4j_store import Neo4jStore

    with Neo4jStore(neo4j_settings) as store:
        store.clear()
        yield store


@pytest.fixture(scope="session", autouse=True)
def _user_graph_pointer_untouched():
    """No test may write the user's `.kg/last-graph` pointer in the repository (it would make
    a later `kg query` silently read a test graph)."""
    pointer = ROOT / ".kg" / "last-graph"
    before = pointer.read_bytes() if pointer.exists() else None
    yield
    after = pointer.read_bytes() if pointer.exists() else None
    assert after == before, f"a test wrote {pointer}; run CLI tests in a temp working directory"


@pytest.fixture(scope="session")
def corpus_graph(corpus_files):
    """The graph of the whole shared corpus, built once per session."""
    import kg

    return kg.build(corpus_files).graph
