"""A picture of the OUTPERFORMS graph: one self-contained HTML file (``kg viz``).

Methods are nodes sized by their wins; each OUTPERFORMS edge carries its benchmark and value
as a label and the evidence sentence, paper title and confidence on hover. The page filters by
benchmark and minimum confidence and searches methods by name. The JavaScript library
(vis-network, MIT/Apache-2.0, ``vendor/README.md``) is inlined: the file makes no network
request and opens offline.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path

import networkx as nx

from kg.graph.schema import Rel


def _vis_network_js() -> str:
    return files("kg.viz").joinpath("vendor/vis-network.min.js").read_text(encoding="utf-8")


def outperforms_data(graph: nx.MultiDiGraph) -> dict:
    """Nodes (methods in an OUTPERFORMS edge, with wins/losses) and edges, as plain JSON data."""
    edges = []
    wins: Counter[str] = Counter()
    losses: Counter[str] = Counter()
    for u, v, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if attrs.get("type") != Rel.OUTPERFORMS.value:
            continue
        paper = graph.nodes[attrs["paper"]] if attrs.get("paper") in graph else {}
        wins[u] += 1
        losses[v] += 1
        edges.append(
            {
                "id": f"{u}|{key}|{v}",
                "from": u,
                "to": v,
                "benchmark": attrs.get("benchmark"),
                "metric": attrs.get("metric"),
                "value": attrs.get("value"),
                "confidence": attrs.get("confidence"),
                "evidence": attrs.get("evidence", ""),
                "paper": attrs.get("paper"),
                "title": paper.get("title"),
                "arxiv_id": paper.get("arxiv_id"),
            }
        )
    nodes = [
        {"id": n, "name": graph.nodes[n].get("name", n), "wins": wins[n], "losses": losses[n]}
        for n in sorted(set(wins) | set(losses))
    ]
    return {"nodes": nodes, "edges": edges}


def _json_for_script(data: object) -> str:
    """JSON safe inside <script>: no "</" can close the element."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; color: #222; }
  body { display: flex; flex-direction: column; }
  header { padding: 8px 12px; background: #f4f5f7; border-bottom: 1px solid #ddd;
           display: flex; flex-wrap: wrap; gap: 14px; align-items: center; font-size: 14px; }
  header h1 { font-size: 16px; margin: 0 8px 0 0; }
  #graph { flex: 1; min-height: 400px; }
  #status { color: #555; }
  #legend { color: #555; font-size: 12px; }
</style>
</head>
<body>
<header>
  <h1>__TITLE__</h1>
  <label>Benchmark <select id="benchmark"><option value="">all</option></select></label>
  <label>Min. confidence <input id="confidence" type="range" min="0" max="1" step="0.05" value="__MINCONF__">
    <span id="confidence-value">__MINCONF__</span></label>
  <label>Search <input id="search" type="search" placeholder="method name"></label>
  <span id="status"></span>
  <span id="legend">arrow: winner &rarr; loser &middot; size: wins &middot; hover an edge for its evidence</span>
</header>
<div id="graph"></div>
<script>__VIS__</script>
<script id="kg-data" type="application/json">__DATA__</script>
<script>
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const benchmarks = [...new Set(data.edges.map(e => e.benchmark).filter(b => b))].sort();
  const select = document.getElementById("benchmark");
  for (const b of benchmarks) { const o = document.createElement("option"); o.value = b; o.textContent = b; select.appendChild(o); }
  const edgeTip = e => [
    (e.benchmark ? e.benchmark : "no benchmark") + (e.metric ? " / " + e.metric : "") + (e.value ? ": " + e.value : ""),
    "confidence " + (e.confidence == null ? "?" : e.confidence.toFixed(2)),
    (e.title || e.paper) + (e.arxiv_id ? " (arXiv:" + e.arxiv_id + ")" : ""),
    "\u201c" + e.evidence + "\u201d"].join("\\n");
  const nodes = new vis.DataSet(data.nodes.map(n => ({
    id: n.id, label: n.name, value: 1 + n.wins,
    title: n.name + "\\nwins " + n.wins + ", losses " + n.losses,
    color: { background: "#4C8EDA", border: "#2870C2", highlight: { background: "#F79767", border: "#F36924" } },
    font: { size: 14 } })));
  const edges = new vis.DataSet(data.edges.map(e => ({
    id: e.id, from: e.from, to: e.to, arrows: "to", title: edgeTip(e),
    label: [e.benchmark, e.value].filter(x => x).join(": "),
    color: { color: "#D9534F", highlight: "#A02622" }, font: { size: 10, align: "middle" },
    benchmark: e.benchmark, confidence: e.confidence })));
  const state = { benchmark: "", confidence: parseFloat(document.getElementById("confidence").value), search: "" };
  const edgeView = new vis.DataView(edges, { filter: e =>
    (state.benchmark === "" || e.benchmark === state.benchmark) && (e.confidence != null && e.confidence >= state.confidence) });
  const nodeView = new vis.DataView(nodes, { filter: n => {
    const linked = edgeView.get({ filter: e => e.from === n.id || e.to === n.id }).length > 0;
    return linked && (state.search === "" || n.label.toLowerCase().includes(state.search)); } });
  const network = new vis.Network(document.getElementById("graph"), { nodes: nodeView, edges: edgeView }, {
    nodes: { shape: "dot", scaling: { min: 8, max: 40, label: { enabled: true, min: 12, max: 26 } } },
    edges: { smooth: { type: "dynamic" } },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 250 } },
    interaction: { hover: true, tooltipDelay: 100 } });
  const status = document.getElementById("status");
  function refresh() {
    edgeView.refresh(); nodeView.refresh();
    status.textContent = nodeView.length + " methods, " + edgeView.length + " edges";
    document.body.dataset.nodes = nodeView.length; document.body.dataset.edges = edgeView.length;
  }
  select.addEventListener("change", () => { state.benchmark = select.value; refresh(); });
  const slider = document.getElementById("confidence");
  slider.addEventListener("input", () => {
    state.confidence = parseFloat(slider.value);
    document.getElementById("confidence-value").textContent = slider.value; refresh(); });
  document.getElementById("search").addEventListener("input", ev => {
    state.search = ev.target.value.trim().toLowerCase(); refresh(); });
  network.once("stabilizationIterationsDone", () => { network.setOptions({ physics: false }); network.fit();
    document.body.dataset.ready = "true"; });
  refresh();
  window.kgNetwork = network;
})();
</script>
</body>
</html>
"""


def render_html(
    graph: nx.MultiDiGraph, title: str = "kg: who beats whom", min_confidence: float = 0.5
) -> str:
    """The whole page as a string (deterministic for a given graph)."""
    values = {
        "TITLE": html.escape(title),
        "MINCONF": f"{min_confidence:g}",
        "DATA": _json_for_script(outperforms_data(graph)),
        "VIS": _vis_network_js(),
    }
    # One pass, so text from the graph can never be taken for another placeholder.
    return re.sub(r"__(TITLE|MINCONF|DATA|VIS)__", lambda match: values[match.group(1)], PAGE)


def write_html(
    graph: nx.MultiDiGraph, path: str | Path, title: str = "kg: who beats whom", min_confidence: float = 0.5
) -> Path:
    """Write the page atomically (temp file + rename)."""
    import os
    import tempfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(render_html(graph, title, min_confidence))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


__all__ = ["outperforms_data", "render_html", "write_html"]
