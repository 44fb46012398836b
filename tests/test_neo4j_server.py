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
