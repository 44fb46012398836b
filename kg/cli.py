"""The ``kg`` command line. The only module that prints; each command wraps a library call."""

from __future__ import annotations

import json
import logging
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
ProcOpt = Annotated[int, typer.Option("--n-process", help="worker processes for extraction")]


def _fail(error: Exception) -> None:
    err.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
    raise typer.Exit(code=1)


def _ingest(inputs, fmt, on_error, output: Path, rejects: Path | None, quiet: bool):
    from kg.ingest import read_papers

    result = read_papers(inputs, format=fmt, on_error=on_error.value)
    report = result.report
    if report.rejects:
        target = rejects or output.with_name(output.name + ".rejects.jsonl")
        with target.open("w", encoding="utf-8") as handle:
            for rejected in report.rejects:
                handle.write(rejected.model_dump_json() + "\n")
        err.print(f"[yellow]{report.rejected} record(s) rejected[/]; reasons in {target}")
    if not quiet:
        err.print(
            f"read {report.records_read} records: {report.papers} papers, "
            f"{report.duplicates_merged} duplicates merged, {report.rejected} rejected"
        )
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
    inputs: Inputs,
    output: Annotated[Path, typer.Option("-o", "--output", help="graph file to write (node-link JSON)")],
    fmt: FormatOpt = None,
    on_error: OnErrorOpt = OnErrorChoice.fail,
    rejects: RejectsOpt = None,
    n_process: ProcOpt = 1,
    neo4j: Annotated[
        bool, typer.Option("--neo4j", help="also load the graph into Neo4j (NEO4J_* env)")
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Ingest, extract, resolve and save the graph."""
    from kg.pipeline import build

    try:
        result = _ingest(inputs, fmt, on_error, output, rejects, quiet)
        with _progress(len(result.papers), quiet) as progress:
            task = progress.add_task("extracting", total=len(result.papers))
            graph = build(
                [], ingested=result, n_process=n_process, progress=lambda n: progress.advance(task, n)
            )
        graph.save(output)
        if neo4j:
            from kg.store.neo4j_store import Neo4jSettings, Neo4jStore

            with Neo4jStore(Neo4jSettings.from_env()) as store:
                store.load(graph.graph)
    except KGError as error:
        _fail(error)
    if not quiet:
        stats = graph.stats()
        err.print(f"wrote {output}: " + ", ".join(f"{v} {k}" for k, v in stats["nodes"].items()))


@app.command("extract")
def extract_cli(
    inputs: Inputs,
    output: Annotated[Path, typer.Option("-o", "--output", help="JSONL file: one extraction per paper")],
    fmt: FormatOpt = None,
    on_error: OnErrorOpt = OnErrorChoice.fail,
    rejects: RejectsOpt = None,
    n_process: ProcOpt = 1,
    quiet: QuietOpt = False,
) -> None:
    """Write one JSON line per paper in the gold-guidelines schema (plus provenance)."""
    from kg.extract import extract_papers

    try:
        result = _ingest(inputs, fmt, on_error, output, rejects, quiet)
        tmp = output.with_name(f".{output.name}.tmp")
        with tmp.open("w", encoding="utf-8") as handle, _progress(len(result.papers), quiet) as progress:
            task = progress.add_task("extracting", total=len(result.papers))
            for extraction in extract_papers(result.papers, n_process=n_process):
                handle.write(extraction.model_dump_json() + "\n")
                progress.advance(task)
        tmp.replace(output)
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
    from kg.store.file_store import export_graph, load_graph

    try:
        export_graph(load_graph(graph_file), output, fmt)
    except KGError as error:
        _fail(error)


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
