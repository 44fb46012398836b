"""User mistakes end in one line (no traceback) and never lose data (issue 11)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.store.neo4j_store import Neo4jSettings, Neo4jStore

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "papers.jsonl"
HOSTILE = ROOT / "tests" / "data" / "hostile"


def _kg(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env or {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")},
        timeout=300,
    )


def _one_line_error(result: subprocess.CompletedProcess, *needles: str) -> str:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("command", ["build", "extract"])
def test_output_equal_to_an_input_is_refused_and_the_input_kept(tmp_path, command):
    source = tmp_path / "papers.jsonl"
    source.write_bytes(EXAMPLES.read_bytes())
    result = _kg(command, str(source), "-o", str(tmp_path / "." / "papers.jsonl"), cwd=tmp_path)
    _one_line_error(result, "is also an input", "never overwritten")
    assert source.read_bytes() == EXAMPLES.read_bytes()


def test_output_directory_and_unwritable_paths_fail_before_any_work(tmp_path):
    started = time.perf_counter()
    _one_line_error(_kg("build", str(EXAMPLES), "-o", str(tmp_path), cwd=tmp_path), "is a directory")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    _one_line_error(
        _kg("build", str(EXAMPLES), "-o", str(blocker / "g.json"), cwd=tmp_path), "is not a directory"
    )
    _one_line_error(_kg("extract", str(EXAMPLES), "-o", "/proc/kg-out.jsonl", cwd=tmp_path), "cannot write")
    assert time.perf_counter() - started < 60  # no extraction ran (each run only starts Python)
    assert not list(tmp_path.glob(".*tmp"))


def test_empty_input_fails_with_a_clear_message(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    result = _kg("build", str(empty), "-o", str(tmp_path / "g.json"), cwd=tmp_path)
    _one_line_error(result, "no papers in", "0 records read", "nothing written")
    assert not (tmp_path / "g.json").exists()
    all_bad = tmp_path / "bad.jsonl"
    all_bad.write_text('{"title": "no abstract"}\n')
    result = _kg("build", str(all_bad), "-o", str(tmp_path / "g.json"), "--on-error", "skip", cwd=tmp_path)
    _one_line_error(result, "no papers in", "all 1 rejected")


def test_pdf_gets_a_one_line_hint(tmp_path):
    result = _kg("build", str(HOSTILE / "paper.pdf"), "-o", str(tmp_path / "g.json"), cwd=tmp_path)
    _one_line_error(result, "PDF is not supported; use arXiv/S2/OpenAlex metadata")


def test_skip_survives_every_hostile_regression_file(tmp_path):
    inputs = [str(p) for p in sorted(HOSTILE.iterdir()) if p.name != "manifest.json"]
    result = _kg("build", *inputs, "-o", str(tmp_path / "g.json"), "--on-error", "skip", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rejects = [json.loads(line) for line in (tmp_path / "g.json.rejects.jsonl").read_text().splitlines()]
    manifest = json.loads((HOSTILE / "manifest.json").read_text())
    assert len(rejects) == sum(entry["rejected"] for entry in manifest.values())
    assert all(r["reason"] and r["file"] for r in rejects)


def test_integer_parameter_overflow_is_one_line(tmp_path):
    graph = tmp_path / "g.json"
    assert _kg("build", str(EXAMPLES), "-o", str(graph), "-q", cwd=tmp_path).returncode == 0
    result = _kg(
        "query", "top_baselines", "--graph", str(graph), "-p", "limit=99999999999999999999", cwd=tmp_path
    )
    _one_line_error(result, "'limit'", "out of range")


def test_two_extracts_to_the_same_output_do_not_corrupt_it(tmp_path):
    out = tmp_path / "x.jsonl"
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "kg", "extract", str(EXAMPLES), "-o", str(out), "-q", "--n-process", "1"],
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read()
    lines = out.read_text().splitlines()
    assert len(lines) == len(EXAMPLES.read_text().splitlines())
    assert all(json.loads(line)["id"] for line in lines)
    assert not list(tmp_path.glob(".x.jsonl.*"))


# -- Neo4j connection mistakes (no server needed) -------------------------------------


def test_http_uri_is_one_clear_line(tmp_path):
    env = {**os.environ, "NEO4J_PASSWORD": "whatever-123"}
    result = _kg("load", str(EXAMPLES), "--uri", "http://127.0.0.1:7474", cwd=tmp_path, env=env)
    _one_line_error(result, "unsupported Neo4j URI scheme http://", "bolt://")


def test_credentials_in_the_uri_are_never_echoed(tmp_path):
    env = {**os.environ, "NEO4J_PASSWORD": "whatever-123"}
    graph = tmp_path / "g.json"
    assert _kg("build", str(EXAMPLES), "-o", str(graph), "-q", cwd=tmp_path).returncode == 0
    for command in (["load", str(graph)], ["query", "beats", "--backend", "neo4j"]):
        result = _kg(*command, "--uri", "bolt://neo4j:hunter2secret@127.0.0.1:1", cwd=tmp_path, env=env)
        line = _one_line_error(result, "carries credentials")
        assert "hunter2secret" not in result.stderr + result.stdout, line
    with pytest.raises(StoreError) as error:
        Neo4jStore(Neo4jSettings(uri="bolt://u:hunter2secret@127.0.0.1:1", password="x")).connect()
    assert "hunter2secret" not in str(error.value)


def test_a_silent_server_is_reported_within_ten_seconds():
    """A port that accepts connections and never answers (a firewall, a wrong service):
    the driver's timeouts turn a 60-second hang into a quick, clear error."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        started = time.perf_counter()
        with pytest.raises(StoreError, match=rf"cannot reach Neo4j at bolt://127\.0\.0\.1:{port}"):
            Neo4jStore(Neo4jSettings(uri=f"bolt://127.0.0.1:{port}", password="secret-123")).connect()
        assert time.perf_counter() - started < 15
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()
