"""The Neo4j Browser served by scripts/neo4j-server, driven by headless Chromium (Playwright),
offline: every request that is not to localhost is aborted and the Browser must work all the same."""

from __future__ import annotations

import pytest

from .browser import artifact, local_page

pytestmark = pytest.mark.neo4j


def test_browser_logs_in_runs_the_beats_slide_and_draws_the_graph(neo4j_server, server_store, corpus_graph):
    server_store.load(corpus_graph)
    expected = server_store.read(
        "MATCH ()-[r:OUTPERFORMS]->() WHERE r.confidence >= 0.5 RETURN count(r) AS n"
    )[0]["n"]
    assert expected > 10
    with local_page() as (page, blocked):
        page.goto(neo4j_server.browser_url)
        page.get_by_test_id("password").fill(neo4j_server.password)
        page.get_by_test_id("connect").click()
        # browser.post_connect_cmd plays the kg guide and applies the kg style, from this server.
        page.wait_for_selector("text=kg: methods, benchmarks and claims", timeout=120_000)
        page.get_by_test_id("nextSlide").first.click()
        slide = page.locator("div.slide").first
        assert slide.locator("h3").inner_text() == "beats"
        slide.locator("pre[data-kind=params]").click()
        page.get_by_test_id("editor-Run").click()
        page.get_by_text('"min_confidence": 0.5').first.wait_for(timeout=30_000)  # the :params frame
        slide.locator("pre[data-kind=graph]").click()
        page.get_by_test_id("editor-Run").click()
        page.wait_for_selector("svg g.relationship", timeout=60_000)
        page.wait_for_timeout(1500)  # let the force layout settle for the screenshot
        page.screenshot(path=artifact("neo4j-browser-beats.png"))
        relationships = page.locator("svg g.relationship").count()
        nodes = page.locator("svg g.node").count()
        overview = page.get_by_text(f"OUTPERFORMS ({relationships})")
        # the Browser also draws the OUTPERFORMS edges *between* drawn nodes that the query left
        # out (below min_confidence): at least the query's edges, never fewer
        assert relationships >= expected and nodes > 10, (nodes, relationships)
        assert overview.count() >= 1, "the style/overview should list the OUTPERFORMS relationships"
    assert all("localhost" not in url.split("/")[2] for url in blocked), blocked
