"""`kg viz` (self-contained HTML, opened offline in headless Chromium) and `kg plot`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import kg
from kg.errors import QueryError
from kg.plot import plot_query
from kg.store.file_store import save_graph
from kg.viz import outperforms_data, render_html

from .browser import artifact, local_page
from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "papers.jsonl"


def test_viz_html_is_self_contained_and_safe():
    graph = kg.build([EXAMPLES]).graph
    page = render_html(graph)
    assert "<script src" not in page and "http://" not in page.split("<script>", 2)[0]
    assert "vis-network" in page and page.count("<script") == 3
    data = outperforms_data(graph)
    assert {n["name"] for n in data["nodes"]} >= {"RippleNet", "Mamba"}
    assert all(e["evidence"] and e["title"] for e in data["edges"])
    # Text from the graph cannot close the script element or fill another placeholder.
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if attrs["type"] == "OUTPERFORMS":
            graph.edges[u, v, key]["evidence"] = "</script><script>alert(1)</script> __VIS__"
            break
    hostile = render_html(graph)
    assert "</script><script>alert(1)" not in hostile and hostile.count("vis-network") == page.count(
        "vis-network"
    )


def test_viz_renders_offline_in_chromium(tmp_path, corpus_graph):
    out = tmp_path / "beats.html"
    graph_file = tmp_path / "corpus.json"
    save_graph(corpus_graph, graph_file)
    env = {**os.environ, "COLUMNS": "100"}
    made = subprocess.run(
        [sys.executable, "-m", "kg", "viz", str(graph_file), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert made.returncode == 0, made.stderr
    data = outperforms_data(corpus_graph)
    at_default = [e for e in data["edges"] if e["confidence"] is not None and e["confidence"] >= 0.5]
    shown = {n for e in at_default for n in (e["from"], e["to"])}
    with local_page(1400, 900) as (page, blocked):
        page.goto(out.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        page.screenshot(path=artifact("kg-viz-corpus.png"))
        assert page.evaluate("document.body.dataset.nodes") == str(len(shown))
        assert page.evaluate("document.body.dataset.edges") == str(len(at_default))
        drawn = page.evaluate("Object.keys(window.kgNetwork.getPositions()).length")
        assert drawn == len(shown) > 10
        # The canvas really holds a picture: many non-white pixels.
        inked = page.evaluate(
            """() => { const c = document.querySelector('#graph canvas');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
                for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200)) n++;
                return n; }"""
        )
        assert inked > 2000, inked
        page.fill("#search", "mamba")
        assert 0 < int(page.evaluate("document.body.dataset.nodes")) < len(shown)
        page.fill("#search", "")
        benchmark = next(e["benchmark"] for e in at_default if e["benchmark"])
        page.select_option("#benchmark", benchmark)
        on_benchmark = sum(1 for e in at_default if e["benchmark"] == benchmark)
        assert page.evaluate("document.body.dataset.edges") == str(on_benchmark)
        page.select_option("#benchmark", "")
        page.eval_on_selector(
            "#confidence", "el => { el.value = '1'; el.dispatchEvent(new Event('input')); }"
        )
        assert page.evaluate("document.body.dataset.edges") == "0"
    assert blocked == [], f"the page tried the network: {blocked}"


def test_plot_leaderboard_writes_png_and_svg(tmp_path, corpus_graph):
    png = tmp_path / "lra.png"
    assert plot_query("leaderboard", {"benchmark": "Long Range Arena"}, corpus_graph, png) > 1
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    svg = tmp_path / "lra.svg"
    plot_query("leaderboard", {"benchmark": "Long Range Arena"}, corpus_graph, svg)
    assert "<svg" in svg.read_text()[:500]
    (artifact("leaderboard-lra.png")).write_bytes(png.read_bytes())
    with pytest.raises(QueryError, match="png or .svg|.png or .svg"):
        plot_query("leaderboard", {"benchmark": "Long Range Arena"}, corpus_graph, tmp_path / "x.pdf")
    with pytest.raises(QueryError, match="no rows"):
        plot_query("leaderboard", {"benchmark": "no such benchmark"}, corpus_graph, png)
