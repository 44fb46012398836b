"""scripts/neo4j-server: the Browser and kg content over HTTP, no file access for LOAD CSV, no usage
reports, and a restart that keeps the data and the password. Uses the session's dev server."""

from __future__ import annotations

import json
import re
import urllib.request
import zipfile
from io import BytesIO

import pytest

import kg
from kg.browser import content
from kg.errors import StoreError
from kg.query import catalogue
from kg.store.neo4j_store import Neo4jStore

from .conftest import ROOT

pytestmark = pytest.mark.neo4j
EXAMPLES = ROOT / "examples" / "papers.jsonl"


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_browser_url_and_kg_content_are_served(neo4j_server):
    assert re.fullmatch(
        rf"http://localhost:{neo4j_server.http_port}/browser/\?dbms=neo4j://neo4j@localhost:{neo4j_server.bolt_port}",
        neo4j_server.browser_url,
    )
    status, page = _get(f"{neo4j_server.http}/browser/")
    assert status == 200 and b"Neo4j Browser" in page
    status, discovery = _get(f"{neo4j_server.http}/")
    assert json.loads(discovery)["bolt_direct"] == f"bolt://localhost:{neo4j_server.bolt_port}"
    shipped = content()
    for name, data in shipped.items():
        assert _get(f"{neo4j_server.http}/kg/{name}") == (200, data), name
    assert _get(f"{neo4j_server.http}/kg/../conf")[0] == 404
    assert _get(f"{neo4j_server.http}/kg/DevServer.class")[0] == 404
    log = (neo4j_server.home / "server.log").read_text()
    assert "Anonymous Usage Data" not in log and "Mounted unmanaged extension [kg.devserver.browser]" in log


def test_served_content_is_generated_from_the_queries():
    """The files the server ships equal `python -m kg.browser` output (regenerate after editing queries)."""
    for name, data in content().items():
        shipped = ROOT / "scripts" / "neo4j" / "src" / "main" / "resources" / "kg" / "browser" / name
        assert shipped.read_bytes() == data, f"{shipped} is stale: run `python -m kg.browser`"
    guide = content()["guide.html"].decode()
    for query in catalogue().values():
        assert f'data-query="{query.name}"' in guide
    for name in ("beats", "beaten_by", "dominance_chains", "leaderboard"):
        assert guide.count('data-kind="graph"') >= 4 and f'data-query="{name}"' in guide
    names = zipfile.ZipFile(BytesIO(content()["queries.zip"])).namelist()
    assert "kg/beats.cypher" in names and "kg/graph/beats.cypher" in names


def test_guide_presets_run_every_query_as_is(server_store):
    """Each slide's :params preset sets every parameter, so its table and graph queries run."""
    from kg.browser import graph_queries, params_preset

    server_store.load(kg.build([EXAMPLES]).graph)
    graphs = graph_queries()
    for query in catalogue().values():
        preset = params_preset(query)
        params = _parse_preset(preset)
        assert set(params) == {p.name for p in query.params}, query.name
        server_store.read(query.cypher, params)
        if query.name in graphs:
            same = lambda params: [(p.name, p.type, p.default) for p in params]  # noqa: E731
            assert same(graphs[query.name].params) == same(query.params), query.name
            rows = server_store.read(graphs[query.name].cypher, params)
            assert all("path" in row for row in rows)


def _parse_preset(preset: str) -> dict:
    body = preset.removeprefix(":params ")
    as_json = re.sub(r"(\w+):", r'"\1":', body)
    return json.loads(as_json)


def test_load_csv_cannot_read_local_files(server_store):
    with pytest.raises(StoreError, match="(?i)file"):
        server_store._run("LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row", {}, read=False)


def test_restart_keeps_the_data_and_the_password(neo4j_server, server_store):
    server_store.load(kg.build([EXAMPLES]).graph)
    before = server_store.counts()
    server_store.close()
    neo4j_server.stop()
    neo4j_server.start()  # --keep is the default
    with Neo4jStore(neo4j_server.settings()) as store:
        assert store.counts() == before and before[0] > 0


def test_script_rebuilds_when_any_source_file_changes(tmp_path):
    """`build` runs Maven when any file under the project (a .java file, a resource, the pom) is
    newer than the last build, and not otherwise (Maven replaced by a recorder on PATH)."""
    import os
    import shutil
    import subprocess
    import time

    project = tmp_path / "neo4j"
    shutil.copytree(ROOT / "scripts" / "neo4j", project, ignore=shutil.ignore_patterns("target"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "mvn-calls"
    fake = bin_dir / "mvn"
    fake.write_text(
        f'#!/bin/sh\necho "$@" >> {calls}\nmkdir -p {project}/target && touch {project}/target/classpath.txt\n'
    )
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "KG_NEO4J_PROJECT": str(project)}

    def build() -> int:
        subprocess.run(
            [str(ROOT / "scripts" / "neo4j-server"), "build"], env=env, check=True, capture_output=True
        )
        return len(calls.read_text().splitlines()) if calls.exists() else 0

    assert build() == 1  # nothing built yet
    assert build() == 1  # up to date
    for changed in (
        "src/main/java/kg/devserver/DevServer.java",
        "src/main/resources/kg/browser/guide.html",
        "pom.xml",
    ):
        time.sleep(1.1)  # file times have one-second resolution on some file systems
        (project / changed).touch()
        calls_before = build()
        assert calls_before == build(), "a second build with no change must not run Maven"
    assert build() == 4, calls.read_text()
