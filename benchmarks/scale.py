"""Scale benchmark on the real arXiv abstracts (../shared/corpus-arxiv): how cost grows with size.

Per size (default 10k, 30k and all 77.5k papers) it prints:
- `kg build` wall time with a fresh extraction cache, split into ingest / extract / resolve /
  assemble, and the peak RSS of the whole process tree (the build and its workers, sampled
  every 0.25 s with psutil; the sum of RSS counts pages shared after fork once per process,
  so it over-states; PSS is printed too);
- graph size (nodes, relationships) and file size;
- `kg query` start-up (a full CLI run on the embedded graph) and p50/p95 of every canned
  query on the networkx twin, with parameters drawn from the graph (busiest entities);
- with --neo4j: bulk load (`kg load --bulk` path) and MERGE load (`kg load`) records/s
  into an empty database, and p50/p95 of every canned query on Neo4j.

    python benchmarks/scale.py --sizes 10000,30000,all --neo4j

--neo4j uses NEO4J_URI / NEO4J_PASSWORD when set, else starts scripts/neo4j-server in a temp dir.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus-arxiv" / "arxiv-ai-2025-2026.jsonl.gz"

BUILD = """
import json, sys
from kg.pipeline import build_to_file
report = build_to_file([sys.argv[1]], sys.argv[2], cache_dir=sys.argv[3], n_process=int(sys.argv[4]))
print(json.dumps({"papers": report.papers, "extracted": report.extracted, "nodes": report.nodes,
                  "edges": report.edges, "seconds": report.seconds}))
"""


class TreeMemory:
    """Peak summed RSS (and PSS) of a process and all its children, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak_rss = self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        tick = 0
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
                self.peak_rss = max(self.peak_rss, sum(p.memory_info().rss for p in procs))
                if tick % 4 == 0:
                    self.peak_pss = max(self.peak_pss, sum(p.memory_full_info().pss for p in procs))
            except psutil.Error:
                pass
            tick += 1
            time.sleep(0.25)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def subset(size: int | None, workdir: Path) -> Path:
    if size is None:
        return CORPUS
    path = workdir / f"arxiv-{size}.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as source, path.open("w", encoding="utf-8") as target:
        for number, line in enumerate(source):
            if number >= size:
                break
            target.write(line)
    return path


def build(source: Path, graph: Path, cache: Path, n_process: int) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", BUILD, str(source), str(graph), str(cache), str(n_process)],
        stdout=subprocess.PIPE,
        text=True,
    )
    memory = TreeMemory(process.pid)
    out, _ = process.communicate()
    memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"build of {source} failed (exit {process.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(
        wall=time.perf_counter() - started,
        peak_rss_mib=memory.peak_rss / 2**20,
        peak_pss_mib=memory.peak_pss / 2**20,
        file_mib=graph.stat().st_size / 2**20,
    )
    return result


def param_sets(graph) -> dict[str, list[dict]]:
    """The busiest entities as parameters (what a user would ask about), plus a miss."""

    def busiest(label: str, n: int) -> list[str]:
        ranked = sorted(
            (node for node, a in graph.nodes(data=True) if a.get("label") == label),
            key=lambda node: (-graph.degree(node), node),
        )
        return [graph.nodes[node]["name"] for node in ranked[:n]]

    methods, benchmarks = busiest("Method", 5), busiest("Benchmark", 5)
    tasks, metrics = busiest("Task", 3), busiest("Metric", 2)
    return {
        "beats": [{}, *({"benchmark": b} for b in benchmarks[:3]), {"metric": metrics[0]}],
        "beaten_by": [{"method": m} for m in [*methods, "no such method"]],
        "leaderboard": [{"benchmark": b} for b in benchmarks],
        "methods_on_benchmark": [{"benchmark": b} for b in benchmarks],
        "benchmarks_of_method": [{"method": m} for m in methods],
        "top_baselines": [{}, {"limit": 5}],
        "methods_for_task": [{"task": t} for t in tasks],
        "contradictions": [{}, {"method": methods[0]}],
        "dominance_chains": [{"method": m} for m in methods[:3]],
        "claims_about": [{"method": m} for m in methods],
        "search_entities": [{"text": t} for t in ("transformer", "lang mod", "imag", "bench", "diffusion")],
    }


def latencies(run, sets: dict[str, list[dict]], repeat: int) -> dict[str, dict[str, float]]:
    from kg.query import catalogue

    out = {}
    for name in catalogue():
        times = []
        for _ in range(repeat):
            for params in sets.get(name, [{}]):
                started = time.perf_counter()
                run(name, params)
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out[name] = {
            "p50": statistics.median(times),
            "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
        }
    return out


def query_startup(graph: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).with_name("kg")),
            "query",
            "top_baselines",
            "--graph",
            str(graph),
            "--format",
            "json",
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def neo4j_settings(workdir: Path):
    from kg.store.neo4j_store import Neo4jSettings

    if os.environ.get("NEO4J_URI"):
        return Neo4jSettings.from_env(), None
    env = {**os.environ, "KG_NEO4J_HOME": str(workdir / "neo4j"), "NEO4J_PASSWORD": secrets.token_urlsafe(16)}
    started = subprocess.run(
        [str(ROOT / "scripts" / "neo4j-server"), "start"], env=env, capture_output=True, text=True, check=True
    )
    uri = next(line.split("=", 1)[1] for line in started.stdout.splitlines() if line.startswith("NEO4J_URI="))
    return Neo4jSettings(uri=uri, password=env["NEO4J_PASSWORD"]), env


def neo4j_numbers(settings, graph_file: Path, graph, sets, repeat: int) -> dict:
    from kg.query import run_query
    from kg.store.file_store import load_graph
    from kg.store.neo4j_bulk import bulk_load
    from kg.store.neo4j_store import Neo4jStore

    with Neo4jStore(settings) as store:
        store.clear()
        bulk = bulk_load(store, graph_file)
        queries = latencies(lambda name, params: run_query(name, params, store=store), sets, repeat)
        store.clear()
        full = load_graph(graph_file)  # what `kg load` reads (the query view lacks most MENTIONS)
        records = full.number_of_nodes() + full.number_of_edges()
        started = time.perf_counter()
        store.load(full)
        merge_seconds = time.perf_counter() - started
        del full
        store.clear()
    return {
        "bulk_seconds": bulk.seconds,
        "bulk_records": bulk.nodes + bulk.relationships,
        "bulk_records_per_s": bulk.records_per_second,
        "merge_seconds": merge_seconds,
        "merge_records_per_s": records / merge_seconds,
        "queries": queries,
    }


def measure(size_text: str, workdir: Path, settings, args: argparse.Namespace) -> dict:
    from kg.query import run_query
    from kg.query.networkx_twins import graph_index
    from kg.store.file_store import load_graph

    size = None if size_text == "all" else int(size_text)
    source = subset(size, workdir)
    graph_file = workdir / f"graph-{size_text}.json"
    cache = args.cache_dir or workdir / f"cache-{size_text}"
    result = build(source, graph_file, cache, args.n_process)
    print(f"[{size_text}] build: {json.dumps(result)}", flush=True)
    result["query_startup_s"] = query_startup(graph_file)
    started = time.perf_counter()
    graph = load_graph(graph_file, query_view=True)
    graph_index(graph)
    result["load_and_index_s"] = time.perf_counter() - started
    sets = param_sets(graph)
    result["networkx"] = latencies(
        lambda name, params: run_query(name, params, graph=graph), sets, args.repeat
    )
    print(f"[{size_text}] networkx: {json.dumps(result['networkx'])}", flush=True)
    if settings is not None:
        result["neo4j"] = neo4j_numbers(settings, graph_file, graph, sets, args.repeat)
        print(f"[{size_text}] neo4j: {json.dumps(result['neo4j'])}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,30000,all")
    parser.add_argument("--n-process", type=int, default=-1)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each parameter set per query")
    parser.add_argument("--neo4j", action="store_true", help="also measure Neo4j loads and queries")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="write all numbers here")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="reuse this extraction cache (a warm cache measures everything but extraction)",
    )
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"corpus not found: {CORPUS} (set KG_SHARED)")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    settings, server_env = neo4j_settings(workdir) if args.neo4j else (None, None)
    results = {}
    try:
        for size_text in args.sizes.split(","):
            results[size_text] = measure(size_text, workdir, settings, args)
            if args.json:
                args.json.write_text(json.dumps(results, indent=2))
    finally:
        if server_env is not None:
            subprocess.run(
                [str(ROOT / "scripts" / "neo4j-server"), "stop"], env=server_env, capture_output=True
            )
    print_table(results)


def print_table(results: dict) -> None:
    print(
        "\n| papers | build s (extract / resolve+assemble) | peak RSS tree (PSS) | nodes / rels | query start s |"
        " bulk rec/s | MERGE rec/s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in results.values():
        s = r["seconds"]
        neo = r.get("neo4j") or {}
        print(
            f"| {r['papers']:,} | {r['extracted']:,} | {s['total']:.0f} ({s['extract']:.0f} / {s['resolve'] + s['assemble']:.0f}) | "
            f"{r['peak_rss_mib']:,.0f} MiB ({r['peak_pss_mib']:,.0f}) | "
            f"{sum(r['nodes'].values()):,} / {sum(r['edges'].values()):,} | {r['query_startup_s']:.1f} | "
            f"{neo.get('bulk_records_per_s', 0):,.0f} | {neo.get('merge_records_per_s', 0):,.0f} |"
        )
    names = sorted(next(iter(results.values()))["networkx"]) if results else []
    print(
        "\n| query | "
        + " | ".join(f"{size} networkx p50/p95 ms" for size in results)
        + "".join(f" | {size} neo4j p50/p95 ms" for size, r in results.items() if r.get("neo4j"))
        + " |"
    )
    print("|---|" + "---|" * (len(results) + sum(1 for r in results.values() if r.get("neo4j"))))
    for name in names:
        cells = [
            f"{r['networkx'][name]['p50']:.1f} / {r['networkx'][name]['p95']:.1f}" for r in results.values()
        ]
        cells += [
            f"{r['neo4j']['queries'][name]['p50']:.1f} / {r['neo4j']['queries'][name]['p95']:.1f}"
            for r in results.values()
            if r.get("neo4j")
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
