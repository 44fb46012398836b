"""The install a user types first: a wheel built from the repository ships queries/ and
pipelines/, and its `kg queries` and `kg build` work from a fresh virtualenv (issue 11)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the working tree's files (as a clean clone would have them)."""
    source = tmp_path_factory.mktemp("clone")
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for name in listed:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    return next(out.glob("kg-*.whl"))


def test_wheel_ships_queries_and_pipelines(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for query in (ROOT / "queries").glob("*.cypher"):
        assert f"kg/queries/{query.name}" in names
    for path in (ROOT / "pipelines").rglob("*"):
        if path.is_file():
            assert f"kg/pipelines/{path.relative_to(ROOT / 'pipelines').as_posix()}" in names


def test_installed_wheel_runs_queries_and_build(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=300,
    )
    # kg's dependencies come from the test environment; kg itself only from the wheel
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KG_GRAPH")}

    def kg(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(venv / "bin" / "kg"), *args], capture_output=True, text=True, cwd=work, env=env, timeout=600
        )

    where = subprocess.run(
        [str(python), "-c", "import kg, kg.resources as r; print(kg.__file__); print(r.data_dir('queries'))"],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
    ).stdout.splitlines()
    assert where[0].startswith(str(venv)) and where[1].startswith(str(venv)), where
    listed = kg("queries")
    assert listed.returncode == 0, listed.stderr
    assert "leaderboard" in listed.stdout and "beats" in listed.stdout
    shutil.copy(ROOT / "examples" / "papers.jsonl", work / "papers.jsonl")
    built = kg("build", "papers.jsonl", "-o", "g.json", "-q", "--n-process", "1")
    assert built.returncode == 0, built.stderr
    graph = json.loads((work / "g.json").read_text())
    assert any(node.get("label") == "Claim" for node in graph["nodes"])
    answered = kg("query", "beats", "--format", "json")
    assert answered.returncode == 0 and json.loads(answered.stdout), answered.stderr
