"""The ``kg`` command line. The only module that prints; each command wraps a library call."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from kg.errors import KGError

app = typer.Typer(
    help="Offline knowledge graphs of methods, benchmarks and claims from paper abstracts.",
    no_args_is_help=True,
)
out = Console()
err = Console(stderr=True, soft_wrap=True)


class OnErrorChoice(str, Enum):
    fail = "fail"
    skip = "skip"


Inputs = Annotated[
    list[Path],
    typer.Argument(help="input files (HF daily pages .txt, .jsonl, .json, arXiv .xml, .bib, .csv)"),
]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", help="force a reader: hf-daily, jsonl, json, arxiv-atom, bibtex, csv"),
]
OnErrorOpt = Annotated[
    OnErrorChoice,
    typer.Option("--on-error", help="fail: stop at the first bad record; skip: reject it and go on"),
]
RejectsOpt = Annotated[
    Path | None,
    typer.Option("--rejects", help="where skipped records go (JSONL); default OUTPUT.rejects.jsonl"),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar or summary")]
ProcOpt = Annotated[int, typer.Option("--n-process", help="worker processes for extraction (-1: all cores)")]
FastOpt = Annotated[
    bool, typer.Option("--fast", help="rules-only extraction profile (faster, less accurate than the trained default)")
]
MinConfidenceOpt = Annotated[
    float,
    typer.Option(
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="drop claims (and, for extract, mentions) below this calibrated confidence",
    ),
]


def _fail(error: Exception) -> None:
    err.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
    raise typer.Exit(code=1)


def _ingest(inputs, fmt, on_error, output: Path, rejects: Path | None, quiet: bool):
    from kg.ingest import read_papers
    from kg.outputs import atomic_writer, check_output

    inputs = list(inputs)
    if not inputs:
        raise KGError("no input files given")
    target = rejects or output.with_name(output.name + ".rejects.jsonl")
    check_output(output, inputs)  # before any work: never overwrite an input, fail fast
    check_output(target, [*inputs, output], what="rejects file")
    result = read_papers(inputs, format=fmt, on_error=on_error.value)
    report = result.report
    if report.rejects:
        with atomic_writer(target) as handle:
            for rejected in report.rejects:
                handle.write(rejected.model_dump_json() + "\n")
        err.print(f"[yellow]{report.rejected} record(s) rejected[/]; reasons in {target}", highlight=False)
    if not quiet:
        err.print(
            f"read {report.records_read} records: {report.papers} papers, "
            f"{report.duplicates_merged} duplicates merged, {report.rejected} rejected",
            highlight=False,
        )
    if report.papers == 0:
        names = ", ".join(str(p) for p in inputs[:3]) + (" ..." if len(inputs) > 3 else "")
        why = f"; all {report.rejected} rejected (see {target})" if report.rejected else ""
        raise KGError(f"no papers in {names}: {report.records_read} records read{why}; nothing written")
    return result


def _progress(total: int, quiet: bool) -> Progress:
    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or total < 200,
    )
    return progress


@app.command("build")
def build_cli(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(help="input files (HF daily .txt, .jsonl[.gz], .json, arXiv .xml, .bib, .csv)"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="graph file to write (node-link JSON); default: the --update graph"
        ),
    ] = None,
    update: Annotated[
        Path | None,
        typer.Option(
            "--update",
            help="existing graph: keep its papers, replace those the inputs carry again, add the new ones",
        ),
    ] = None,
    fmt: FormatOpt = None,
    on_error: OnErrorOpt = OnErrorChoice.fail,
    rejects: RejectsOpt = None,
    n_process: ProcOpt = -1,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask", help="extract on a Dask cluster: scheduler address (tcp://host:8786) or local:N"
        ),
    ] = None,
    cache: Annotated[
        Path | None,
        typer.Option("--cache", help="extraction cache directory (default: KG_CACHE or .kg/cache)"),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="extract everything; keep no cache after the run")
    ] = False,
    neo4j: Annotated[
        bool, typer.Option("--neo4j", help="also load the graph into Neo4j (NEO4J_* env)")
    ] = False,
    fast: FastOpt = False,
    min_confidence: MinConfidenceOpt = 0.0,
    quiet: QuietOpt = False,
) -> None:
    """Ingest, extract (cached per paper), resolve and save the graph, streaming."""
    from kg.pipeline import build_to_file

    try:
        output = output or update
        if output is None:
            raise KGError("kg build needs -o GRAPH_FILE (or --update GRAPH_FILE)")
        if not inputs:
            raise KGError("kg build needs at least one input file")
        result = _ingest(inputs, fmt, on_error, output, rejects, quiet)
        with _progress(len(result.papers), quiet) as progress:
            task = progress.add_task("extracting", total=None)

            def advance(_stage: str, done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            report = build_to_file(
                [],
                output,
                ingested=result,
                n_process=n_process,
                dask=dask,
                cache_dir=cache,
                use_cache=not no_cache,
                update=update,
                progress=advance,
                profile="fast" if fast else "learned",
                min_confidence=min_confidence,
            )
        _remember_graph(output)
        if neo4j:
            from kg.store.file_store import load_graph
            from kg.store.neo4j_store import Neo4jSettings, Neo4jStore

            with Neo4jStore(Neo4jSettings.from_env()) as store:
                loaded = store.load(load_graph(output))
            if not quiet:
                err.print(f"loaded into Neo4j: {loaded.nodes} nodes, {loaded.relationships} relationships")
    except KGError as error:
        _fail(error)
    if not quiet:
        if report.previous_papers is not None:
            err.print(
                f"updated {update}: {report.previous_papers} papers before, {report.replaced} replaced, "
                f"{report.added} added",
                highlight=False,
            )
        err.print(
            f"extracted {report.extracted} papers, {report.cached} from the cache "
            f"({report.seconds.get('total', 0):.1f} s)",
            highlight=False,
        )
        err.print(
            f"wrote {output}: " + ", ".join(f"{v} {k}" for k, v in report.nodes.items()), highlight=False
        )


@app.command("extract")
def extract_cli(
    inputs: Inputs,
    output: Annotated[Path, typer.Option("-o", "--output", help="JSONL file: one extraction per paper")],
    fmt: FormatOpt = None,
    on_error: OnErrorOpt = OnErrorChoice.fail,
    rejects: RejectsOpt = None,
    n_process: ProcOpt = -1,
    fast: FastOpt = False,
    min_confidence: MinConfidenceOpt = 0.0,
    quiet: QuietOpt = False,
) -> None:
    """Write one JSON line per paper in the gold-guidelines schema (plus provenance)."""
    from kg.extract import extract_papers

    try:
        result = _ingest(inputs, fmt, on_error, output, rejects, quiet)
        from kg.outputs import atomic_writer

        # a uniquely named temp file, renamed at the end: concurrent runs never mix lines
        with atomic_writer(output) as handle, _progress(len(result.papers), quiet) as progress:
            task = progress.add_task("extracting", total=len(result.papers))
            for extraction in extract_papers(
                result.papers,
                n_process=n_process,
                profile="fast" if fast else "learned",
                min_confidence=min_confidence,
            ):
                handle.write(extraction.model_dump_json() + "\n")
                progress.advance(task)
    except KGError as error:
        _fail(error)
    if not quiet:
        err.print(f"wrote {len(result.papers)} extractions to {output}")


@app.command("eval")
def eval_cli(
    gold: Annotated[Path, typer.Argument(help="gold JSONL")],
    pred: Annotated[Path, typer.Argument(help="predicted JSONL (kg extract output)")],
    diff: Annotated[bool, typer.Option("--diff", help="show each paper's misses and false hits")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print scores as JSON")] = False,
) -> None:
    """Precision / recall / F1 per entity type, proposed, claims and named-loser outperforms."""
    from kg.evaluate import evaluate, load_jsonl

    try:
        report = evaluate(load_jsonl(gold), load_jsonl(pred))
    except KGError as error:
        _fail(error)
    if as_json:
        out.print_json(
            json.dumps(
                {
                    k: {"precision": s.precision, "recall": s.recall, "f1": s.f1, **s.model_dump()}
                    for k, s in report.scores.items()
                }
            )
        )
        return
    if diff:
        for paper in report.diffs:
            lines = [
                f"  {name}: missed {paper.misses[name]} | false {paper.false_hits[name]}"
                for name in paper.misses
                if paper.misses[name] or paper.false_hits[name]
            ]
            if lines:
                out.print(f"[bold]{paper.id}[/]", highlight=False)
                for line in lines:
                    out.print(line, highlight=False, markup=False)
    table = Table(title=f"kg eval: {report.papers} papers")
    for column in ("score", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="right" if column != "score" else "left")
    for name, score in report.scores.items():
        table.add_row(
            name,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.tp),
            str(score.fp),
            str(score.fn),
        )
    out.print(table)
    if report.missing_predictions:
        err.print(f"[yellow]{len(report.missing_predictions)} gold paper(s) have no prediction[/]")


@app.command("stats")
def stats_cli(
    graph_file: Annotated[Path, typer.Argument(help="graph file")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Counts by node and edge type, records per source file, duplicates and rejects."""
    from kg.pipeline import KnowledgeGraph

    try:
        graph = KnowledgeGraph.load(graph_file)
    except KGError as error:
        _fail(error)
    stats = graph.stats()
    report = graph.ingest_report
    if report:
        stats["ingest"] = report.model_dump(exclude={"rejects"})
    if as_json:
        out.print_json(json.dumps(stats))
        return
    for title, counts in (("nodes", stats["nodes"]), ("edges", stats["edges"])):
        table = Table(title=title)
        table.add_column("type")
        table.add_column("count", justify="right")
        for key, value in counts.items():
            table.add_row(key, str(value))
        out.print(table)
    if report:
        out.print(
            f"records read {report.records_read}: papers {report.papers}, duplicates merged "
            f"{report.duplicates_merged}, rejected {report.rejected}",
            highlight=False,
        )
        for name, count in report.by_file.items():
            out.print(f"  {name}: {count} records", highlight=False)


@app.command("export")
def export_cli(
    graph_file: Annotated[Path, typer.Argument()],
    output: Annotated[Path, typer.Option("-o", "--output")],
    fmt: Annotated[str, typer.Option("--format", help="graphml or json")] = "graphml",
) -> None:
    """Export the graph as GraphML (Gephi, yEd) or node-link JSON."""
    from kg.outputs import check_output
    from kg.store.file_store import export_graph, load_graph

    try:
        check_output(output, [graph_file])
        export_graph(load_graph(graph_file), output, fmt)
    except KGError as error:
        _fail(error)


UriOpt = Annotated[str | None, typer.Option("--uri", help="Neo4j URI (default: NEO4J_URI)")]
UserOpt = Annotated[
    str | None, typer.Option("--username", help="Neo4j user (default: NEO4J_USERNAME or neo4j)")
]
DatabaseOpt = Annotated[
    str | None,
    typer.Option("--database", help="Neo4j database (default: NEO4J_DATABASE or the server's default)"),
]
LAST_GRAPH = Path(".kg") / "last-graph"


def _remember_graph(path: Path) -> None:
    """Record the graph just written so `kg query` finds it without --graph."""
    try:
        LAST_GRAPH.parent.mkdir(exist_ok=True)
        LAST_GRAPH.write_text(str(path.resolve()), encoding="utf-8")
    except OSError:
        pass  # a read-only working directory only loses the convenience


def _default_graph() -> tuple[Path, str]:
    """The graph to read without --graph, and where that choice came from."""
    if os.environ.get("KG_GRAPH"):
        return Path(os.environ["KG_GRAPH"]), "KG_GRAPH"
    if LAST_GRAPH.exists():
        return Path(LAST_GRAPH.read_text(encoding="utf-8").strip()), f"last `kg build`, {LAST_GRAPH}"
    raise KGError(
        "no graph file given: pass --graph FILE, set KG_GRAPH, or run `kg build … -o FILE` here first"
    )


@app.command("load")
def load_cli(
    graph_file: Annotated[Path, typer.Argument(help="graph file written by `kg build`")],
    uri: UriOpt = None,
    username: UserOpt = None,
    database: DatabaseOpt = None,
    replace: Annotated[bool, typer.Option("--replace", help="empty the database first")] = False,
    bulk: Annotated[
        bool,
        typer.Option("--bulk", help="empty database only: CREATE in large batches (fast) instead of MERGE"),
    ] = False,
    wait: Annotated[
        float,
        typer.Option("--wait", min=0, help="seconds to wait for another load into the database to finish"),
    ] = 600.0,
    quiet: QuietOpt = False,
) -> None:
    """Load a graph file into Neo4j (idempotent upsert; password from NEO4J_PASSWORD).

    The whole file is checked before the database is touched; papers are written whole, one
    transaction per group of papers; concurrent loads take turns; after a crash, run it again.
    """
    from kg.store.file_store import load_graph
    from kg.store.neo4j_store import Neo4jSettings, Neo4jStore

    try:
        settings = Neo4jSettings.from_env(uri, username, None, database)  # a bad URI fails first
        if bulk:
            from kg.store.neo4j_bulk import bulk_load

            with Neo4jStore(settings) as store:
                store.ensure_schema()  # the lease's constraint
                with store.lease(wait, None if quiet else lambda m: err.print(m, highlight=False)):
                    if replace:
                        store._clear(keep_lease=True)
                    done = bulk_load(store, graph_file)
            if not quiet:
                err.print(
                    f"bulk-loaded {graph_file} into {settings.safe_uri}: {done.nodes} nodes and "
                    f"{done.relationships} relationships in {done.seconds:.1f} s "
                    f"({done.records_per_second:,.0f} records/s)",
                    highlight=False,
                )
            return
        graph = load_graph(graph_file)
        with Neo4jStore(settings) as store:
            report = store.load(
                graph,
                replace=replace,
                wait=wait,
                on_wait=None if quiet else lambda message: err.print(message, highlight=False),
            )
    except KGError as error:
        _fail(error)
    if not quiet:
        if report.resumed:
            err.print("finished the work of an earlier load that did not complete", highlight=False)
        err.print(
            f"loaded {graph_file} into {settings.safe_uri}: wrote {report.nodes_written} nodes and "
            f"{report.relationships_written} relationships, removed {report.deleted} stale; the database "
            f"now holds {report.nodes} nodes and {report.relationships} relationships",
            highlight=False,
        )


@app.command("queries")
def queries_cli() -> None:
    """List the canned queries (queries/*.cypher) with their parameters."""
    from kg.query import catalogue

    table = Table(title="canned queries (kg query NAME --param k=v)")
    for column in ("name", "parameters", "description"):
        table.add_column(column)
    for query in catalogue().values():
        params = ", ".join(
            p.name + ("" if p.required else f"={p.default if p.default is not None else 'null'}")
            for p in query.params
        )
        table.add_row(query.name, params, query.description)
    out.print(table)


class Backend(str, Enum):
    networkx = "networkx"
    neo4j = "neo4j"


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise KGError(f"--param takes NAME=VALUE, got {pair!r}")
        params[name.strip()] = value
    return params


def _print_rows(rows: list, columns: list[str], fmt: OutputFormat, chosen: bool = True) -> None:
    from kg.query.display import render_rows

    records = [{c: record[c] for c in columns} for record in (row.model_dump(mode="json") for row in rows)]
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif fmt is OutputFormat.csv:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow(
                {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in record.items()}
            )
    else:
        out.print(render_rows(records, columns, out.width, drop_empty=not chosen))
        err.print(f"{len(records)} row(s)", highlight=False)


@app.command("query")
def query_cli(
    name: Annotated[str, typer.Argument(help="canned query name (see `kg queries`)")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, repeatable")] = None,
    backend: Annotated[
        Backend, typer.Option("--backend", help="networkx (graph file) or neo4j")
    ] = Backend.networkx,
    graph_file: Annotated[
        Path | None,
        typer.Option("--graph", help="graph file for networkx (default: KG_GRAPH or the last `kg build`)"),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table, json or csv")] = OutputFormat.table,
    columns: Annotated[
        str | None,
        typer.Option("--columns", help="comma-separated columns, or 'all' (default: a readable set)"),
    ] = None,
    ids: Annotated[bool, typer.Option("--ids", help="also show the id columns in the table")] = False,
    uri: UriOpt = None,
    username: UserOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Run a canned query on the embedded graph or on Neo4j (read-only); rows are identical.

    The table shows a readable set of columns (names, benchmark, value, paper title, …);
    --ids adds the ids, --columns picks any (or 'all'); json and csv carry every column."""
    from kg.query import get_query, run_query
    from kg.query.display import choose_columns

    try:
        query = get_query(name)
        params = _parse_params(param or [])
        if columns is None and fmt is not OutputFormat.table:
            shown = list(query.returns)
        else:
            shown = choose_columns(query, columns, ids)
        if backend is Backend.neo4j:
            from kg.store.neo4j_store import Neo4jSettings, Neo4jStore

            settings = Neo4jSettings.from_env(uri, username, None, database)
            err.print(f"reading Neo4j at {re.sub(r'//[^@/]*@', '//', settings.uri)}", highlight=False)
            with Neo4jStore(settings) as store:
                rows = run_query(name, params, store=store)
                unfinished = store.load_in_progress()
            if unfinished:  # whole papers only, but some papers of that load may be missing
                err.print(
                    "[yellow]warning:[/] a load into this database is running or did not finish; "
                    "rows may lack some of its papers (run `kg load` again after a crash)",
                    highlight=False,
                )
        else:
            from kg.store.file_store import load_graph

            path, origin = (graph_file, "--graph") if graph_file else _default_graph()
            err.print(f"reading graph {path.resolve()} ({origin})", highlight=False)
            rows = run_query(name, params, graph=load_graph(path, query_view=True))
    except KGError as error:
        _fail(error)
    _print_rows(rows, shown, fmt, chosen=columns is not None or ids)


def _graph_path(graph_file: Path | None) -> Path:
    path, origin = (graph_file, "argument") if graph_file else _default_graph()
    err.print(f"reading graph {path.resolve()} ({origin})", highlight=False)
    return path


def _highlighted(text: str, spans: list[tuple[int, int]]):
    from rich.text import Text

    shown = Text(text)
    for start, end in spans:
        if 0 <= start < end <= len(text):
            shown.stylize("bold black on yellow", start, end)
    return shown


@app.command("show")
def show_cli(
    what: Annotated[list[str], typer.Argument(help="an id, arXiv id, name/alias, or title words")],
    graph_file: Annotated[
        Path | None, typer.Option("--graph", help="graph file (default: KG_GRAPH or the last `kg build`)")
    ] = None,
) -> None:
    """Print a paper, a method (or other entity) or a claim: its fields, entities and claims,
    with each claim's evidence sentence highlighted."""
    from rich.text import Text

    from kg.query.show import show
    from kg.store.file_store import load_graph

    try:
        shown = show(load_graph(_graph_path(graph_file)), " ".join(what))
    except KGError as error:
        _fail(error)
    out.print(Text(f"{shown.label}: {shown.name}", style="bold"), Text(f"  [{shown.id}]", style="dim"))
    for key, value in shown.fields.items():
        out.print(Text(f"  {key}: ", style="bold") + Text(value))
    for key, names in shown.related.items():
        out.print(Text(f"  {key}: ", style="bold") + Text(", ".join(names)))
    if shown.text:
        spans = [(c.start, c.end) for c in shown.claims]
        out.print()
        out.print(_highlighted(shown.text, spans))
    if shown.claims:
        out.print(Text(f"\n{len(shown.claims)} claim(s)", style="bold"))
    for claim in shown.claims:
        head = f"{claim.kind}: {claim.subject}"
        if claim.object:
            sign = {"outperforms": ">", "comparable": "≈"}.get(claim.kind, "vs")
            head += f" {sign} {claim.object}" + (" (generic)" if claim.object_generic else "")
        details = ", ".join(
            x
            for x in (
                "on " + "; ".join(claim.benchmarks) if claim.benchmarks else "",
                claim.metric or "",
                claim.value or "",
                f"confidence {claim.confidence:.2f}" if claim.confidence is not None else "",
            )
            if x
        )
        out.print(Text("• " + head, style="bold") + Text(f"  {details}" if details else ""))
        if claim.paper_title and shown.label != "Paper":
            out.print(Text(f"  {claim.paper_title}", style="italic"), Text(f"[{claim.paper}]", style="dim"))
        evidence = Text("  “")
        evidence.append(_evidence_with_names(claim))
        evidence.append("”")
        out.print(evidence)


def _evidence_with_names(claim):
    """The evidence sentence with the subject and object highlighted where they occur."""
    from rich.text import Text

    text = Text(claim.evidence)
    for name, style in ((claim.subject, "bold green"), (claim.object, "bold red")):
        if name:
            text.highlight_words([name], style=style, case_sensitive=False)
    return text


@app.command("viz")
def viz_cli(
    graph_file: Annotated[Path, typer.Argument(help="graph file written by `kg build`")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")],
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", help="initial confidence filter")
    ] = 0.5,
    title: Annotated[str, typer.Option("--title")] = "kg: who beats whom",
) -> None:
    """Write one self-contained HTML picture of the OUTPERFORMS graph (opens offline)."""
    from kg.store.file_store import load_graph
    from kg.viz import outperforms_data, write_html

    try:
        graph = load_graph(graph_file)
        write_html(graph, output, title=title, min_confidence=min_confidence)
    except KGError as error:
        _fail(error)
    data = outperforms_data(graph)
    err.print(
        f"wrote {output}: {len(data['nodes'])} methods, {len(data['edges'])} OUTPERFORMS edges",
        highlight=False,
    )


@app.command("plot")
def plot_cli(
    name: Annotated[str, typer.Argument(help="leaderboard")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, repeatable")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=".png or .svg (default: NAME.png)")
    ] = None,
    graph_file: Annotated[
        Path | None, typer.Option("--graph", help="graph file (default: KG_GRAPH or the last `kg build`)")
    ] = None,
) -> None:
    """Draw a query's answer with matplotlib: `kg plot leaderboard -p benchmark=…` (wins/losses)."""
    from kg.plot import plot_query
    from kg.store.file_store import load_graph

    try:
        params = _parse_params(param or [])
        target = output or Path(f"{name}.png")
        rows = plot_query(name, params, load_graph(_graph_path(graph_file)), target)
    except KGError as error:
        _fail(error)
    err.print(f"wrote {target} ({rows} row(s))", highlight=False)


@app.command("train")
def train_cli(
    gold: Annotated[
        Path, typer.Option("--gold", help="folder with train.jsonl + train_papers.jsonl (and dev*.jsonl, scored)")
    ] = Path("../shared/gold"),
    output: Annotated[Path, typer.Option("-o", "--output", help="where the trained pipeline goes")] = Path(
        "pipelines/model"
    ),
    epochs: Annotated[int, typer.Option("--epochs", min=1, help="entity recognizer epochs")] = 8,
    seed: Annotated[int, typer.Option("--seed", help="random seed (same seed, same model)")] = 0,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="use only the first N papers")] = None,
    ner_model: Annotated[
        Path | None, typer.Option("--ner-model", help="reuse a trained entity recognizer (spaCy pipeline dir)")
    ] = None,
) -> None:
    """Train the learned extraction pipeline from gold annotations (fixed train/validation split)."""
    from kg.train import train

    for name in ("train.jsonl", "train_papers.jsonl"):
        if not (gold / name).is_file():
            _fail(KGError(f"{gold / name}: not found (--gold names the folder with the gold files)"))
    try:
        scores = train(gold, output, epochs=epochs, seed=seed, limit=limit, ner_model=ner_model, log=err.print)
    except KGError as error:
        _fail(error)
    table = Table(title="kg train: scores (lenient F1)")
    table.add_column("score")
    for split in scores:
        table.add_column(split, justify="right")
    names = [n for n in next(iter(scores.values())) if not n.startswith("calibration")]
    for name in names:
        table.add_row(name, *(f"{scores[split][name]['f1']:.3f}" for split in scores))
    for key in ("precision_at_0.8", "share_at_0.8"):
        table.add_row(f"claims {key}", *(f"{scores[split]['calibration'][key]:.3f}" for split in scores))
    out.print(table)


@app.command("schema")
def schema_cli(
    model: Annotated[
        str, typer.Argument(help="Paper, PaperExtraction, Claim, Mention, Entity or IngestReport")
    ] = "PaperExtraction",
) -> None:
    """Print the JSON Schema of a data model."""
    import kg.model as models

    cls = getattr(models, model, None)
    if cls is None or not hasattr(cls, "model_json_schema"):
        _fail(KGError(f"unknown model {model!r}; choose one of {', '.join(models.__all__)}"))
    sys.stdout.write(json.dumps(cls.model_json_schema(), indent=2) + "\n")


def main() -> None:
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
