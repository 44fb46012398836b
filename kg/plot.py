"""``kg plot``: a query's answer as a matplotlib figure (PNG or SVG).

Only ``leaderboard`` has a picture so far: one bar pair per method, wins to the right and
losses to the left (outperforms claims on the benchmark), with the values it reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import QueryError
from kg.query import run_query

PLOTS = ("leaderboard",)
FORMATS = (".png", ".svg")


def plot_query(name: str, params: Mapping[str, Any], graph: nx.MultiDiGraph, path: str | Path) -> int:
    """Run query ``name`` on ``graph`` and draw it to ``path``; returns the number of rows drawn."""
    path = Path(path)
    if name not in PLOTS:
        raise QueryError(f"kg plot draws {', '.join(PLOTS)}; not {name!r}")
    if path.suffix.lower() not in FORMATS:
        raise QueryError(f"kg plot writes {' or '.join(FORMATS)} files; got {path.name!r}")
    rows = run_query(name, params, graph=graph)
    if not rows:
        raise QueryError(f"{name} {dict(params)} has no rows to draw")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = rows[:30]
    labels = [r.method for r in rows][::-1]
    wins = [r.wins for r in rows][::-1]
    losses = [-r.losses for r in rows][::-1]
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.38 * len(rows)))
    ax.barh(labels, wins, color="#4C8EDA", label="wins (outperforms claims as subject)")
    ax.barh(labels, losses, color="#D9534F", label="losses (as the baseline beaten)")
    for y, row in enumerate(rows[::-1]):
        if row.values:
            ax.text(max(row.wins, 0) + 0.1, y, "; ".join(row.values)[:60], va="center", fontsize=8)
    ax.axvline(0, color="#555", linewidth=0.8)
    ax.set_xlabel("claims")
    benchmark = params.get("benchmark", "")
    papers = len({p for r in rows for p in r.papers})
    ax.set_title(f"Leaderboard: {benchmark} ({len(rows)} methods, {papers} papers)")
    ax.legend(loc="lower right", fontsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return len(rows)


__all__ = ["PLOTS", "plot_query"]
