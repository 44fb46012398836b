"""Content for the Neo4j Browser served by ``scripts/neo4j-server``: a guide and a GraSS style.

The guide has one slide per canned query (``queries/*.cypher``): a ``:params`` preset that sets
every parameter (optional ones to their default or null, required ones to an example value)
followed by the query, so each slide runs as-is; ``beats``, ``beaten_by``, ``dominance_chains``
and ``leaderboard`` also get a graph-shaped version (``queries/graph/``) returning paths, so the
Browser draws a picture. The server applies both on connect (``browser.post_connect_cmd``).

``python -m kg.browser`` regenerates the files the dev server ships
(``scripts/neo4j/src/main/resources/kg/browser/``); a test keeps them in step with the queries.
"""

from __future__ import annotations

import html
import json
import sys
import zipfile
from io import BytesIO
from pathlib import Path

from kg.query.catalogue import QUERIES_DIR, CannedQuery, parse_query_file

CONTENT_DIR = (
    Path(__file__).resolve().parents[1]
    / "scripts"
    / "neo4j"
    / "src"
    / "main"
    / "resources"
    / "kg"
    / "browser"
)

# Example values for required parameters: entities present in the corpus graph.
EXAMPLES: dict[str, object] = {
    "method": "Transformer",
    "benchmark": "Long Range Arena",
    "task": "continual learning",
    "terms": ["state", "space"],
}

FIRST = ("beats", "beaten_by", "leaderboard", "dominance_chains")  # slide order: pictures first

STYLE = """\
node {
  diameter: 50px;
  color: #A5ABB6;
  border-color: #9AA1AC;
  border-width: 2px;
  text-color-internal: #FFFFFF;
  font-size: 10px;
  caption: "{name}";
}
relationship {
  color: #A5ABB6;
  shaft-width: 1px;
  font-size: 8px;
  padding: 3px;
  text-color-external: #000000;
  text-color-internal: #FFFFFF;
  caption: "<type>";
}
node.Method {
  color: #4C8EDA;
  border-color: #2870C2;
  diameter: 60px;
  caption: "{name}";
}
node.Benchmark {
  color: #F79767;
  border-color: #F36924;
  diameter: 65px;
  caption: "{name}";
}
node.Metric {
  color: #C990C0;
  border-color: #B261A5;
  caption: "{name}";
}
node.Task {
  color: #57C7E3;
  border-color: #23B3D7;
  caption: "{name}";
}
node.Paper {
  color: #FFC454;
  border-color: #D7A013;
  text-color-internal: #2A2C34;
  diameter: 45px;
  caption: "{title}";
}
node.Claim {
  color: #D9C8AE;
  border-color: #C0A378;
  text-color-internal: #2A2C34;
  diameter: 35px;
  caption: "{kind}";
}
relationship.OUTPERFORMS {
  color: #D9534F;
  shaft-width: 3px;
  caption: "{benchmark}";
}
"""


def _cypher_literal(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_cypher_literal(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def params_preset(query: CannedQuery) -> str:
    """``:params {…}`` setting every parameter of ``query`` so it runs as-is."""
    values = []
    for param in query.params:
        value = EXAMPLES.get(param.name) if param.required else param.default
        if param.required and value is None:
            raise ValueError(f"no example value for required parameter {param.name!r} of {query.name}")
        values.append(f"{param.name}: {_cypher_literal(value)}")
    return ":params {" + ", ".join(values) + "}"


def _pre(kind: str, text: str) -> str:
    return f'<pre mode="cypher" class="runnable pre-scrollable code" data-kind="{kind}">{html.escape(text)}</pre>'


def _slide(query: CannedQuery, graph: CannedQuery | None) -> str:
    params = "".join(
        f"<li><code>{html.escape(p.name)}</code>: {html.escape(p.type)}"
        f"{' (required)' if p.required else ''} &mdash; {html.escape(p.help)}</li>"
        for p in query.params
    )
    parts = [
        f'<slide class="row-fluid" data-query="{html.escape(query.name)}">',
        '<div class="col-sm-12">',
        f"<h3>{html.escape(query.name)}</h3>",
        f"<p>{html.escape(query.description)}</p>",
        f"<p>Parameters:</p><ul>{params}</ul>",
        "<p>1. Set them (click the block, then run it; edit the values to ask about something else):</p>",
        _pre("params", params_preset(query)),
        f"<p>2. Ask; the table has <code>{html.escape(', '.join(query.returns))}</code>:</p>",
        _pre("table", query.cypher.strip()),
    ]
    if graph is not None:
        parts += [
            "<p>3. The same answer as a picture (paths, drawn by the Browser):</p>",
            _pre("graph", graph.cypher.strip()),
        ]
    parts += ["</div>", "</slide>"]
    return "\n".join(parts)


def graph_queries(directory: Path = QUERIES_DIR / "graph") -> dict[str, CannedQuery]:
    return {q.name: q for q in (parse_query_file(p) for p in sorted(directory.glob("*.cypher")))}


def guide_html(queries: dict[str, CannedQuery], graphs: dict[str, CannedQuery]) -> str:
    intro = (
        '<slide class="row-fluid" data-query="intro">\n<div class="col-sm-12">\n'
        "<h3>kg: methods, benchmarks and claims</h3>\n"
        "<p>One slide per canned question (<code>kg queries</code>). On each, the first block sets "
        "every parameter with <code>:params</code>, so the question below runs as-is. "
        "Graph-shaped versions draw the answer. The style colours Methods blue, Benchmarks "
        "orange, Papers yellow and Claims beige; OUTPERFORMS edges are red and captioned with "
        "their benchmark.</p>\n"
        "<p>Next slide: <b>beats</b>. Every <code>queries/*.cypher</code> file is also in "
        '<a href="/kg/queries.zip">queries.zip</a>, to drop onto the Favorites drawer.</p>\n'
        "</div>\n</slide>"
    )
    first = [name for name in FIRST if name in queries]
    order = [*first, *(name for name in queries if name not in first)]
    slides = [intro, *(_slide(queries[name], graphs.get(name)) for name in order)]
    return (
        '<article class="guide">\n<carousel class="deck container-fluid">\n'
        + "\n".join(slides)
        + "\n</carousel>\n</article>\n"
    )


def queries_zip(directory: Path = QUERIES_DIR) -> bytes:
    """queries/*.cypher (and queries/graph/*.cypher) for drag-and-drop into Browser favorites."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted([*directory.glob("*.cypher"), *(directory / "graph").glob("*.cypher")]):
            name = path.relative_to(directory).as_posix()
            info = zipfile.ZipInfo(f"kg/{name}", date_time=(2024, 1, 1, 0, 0, 0))  # reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def content() -> dict[str, bytes]:
    """File name -> bytes of everything the dev server serves under /kg."""
    from kg.query.catalogue import catalogue

    queries = catalogue()
    return {
        "guide.html": guide_html(queries, graph_queries()).encode("utf-8"),
        "style.grass": STYLE.encode("utf-8"),
        "queries.zip": queries_zip(),
    }


def write(directory: Path = CONTENT_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in content().items():
        target = directory / name
        target.write_bytes(data)
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else CONTENT_DIR):
        print(path)
