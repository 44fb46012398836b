"""How query rows look to a person: which columns a table shows, and a table that never
breaks a word.

The default columns of each canned query are its header's ``show`` line (names, benchmark,
value, paper title, …); ``ids=True`` adds the id columns, and explicit ``columns`` pick any.
JSON and CSV keep every column. A table whose columns cannot each hold their longest word
in the given width is shown as one block per row instead (``column: value`` lines), so no
word is ever split across lines (only a single word wider than the whole screen is).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from kg.errors import KGError
from kg.query.catalogue import CannedQuery

_ID_COLUMNS = ("id", "paper", "papers", "claim_id", "claim_a", "claim_b", "paper_a", "paper_b", "url")


def is_id_column(name: str) -> bool:
    return name in _ID_COLUMNS or name.endswith("_id") or name.startswith("papers_")


def choose_columns(query: CannedQuery, columns: str | None = None, ids: bool = False) -> list[str]:
    """``columns`` ("a,b" or "all") wins; else the header's ``show`` set, plus ids with ``ids``."""
    if columns:
        if columns.strip() == "all":
            return list(query.returns)
        chosen = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [c for c in chosen if c not in query.returns]
        if unknown:
            raise KGError(
                f"query {query.name!r} has no column {', '.join(unknown)}; columns: {', '.join(query.returns)}"
            )
        return chosen
    extra = [c for c in query.returns if ids and is_id_column(c) and c not in query.show]
    return [*query.show, *extra]


def cell(value: object) -> str:
    """A cell's text: lists one item per line, None empty, floats to two decimals."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(map(str, value))
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _fit(natural: list[int], minimum: list[int], available: int) -> list[int]:
    """Column widths: each column's natural width, the widest narrowed first, never below its
    longest word."""
    widths = list(natural)
    excess = sum(widths) - available
    while excess > 0:
        candidates = [i for i, w in enumerate(widths) if w > minimum[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        others = [widths[i] for i in candidates if i != widest]
        step = min(excess, widths[widest] - minimum[widest], max(1, widths[widest] - max(others, default=0)))
        widths[widest] -= step
        excess -= step
    return widths


def render_rows(
    records: Sequence[dict], columns: list[str], width: int, drop_empty: bool = False
) -> RenderableType:
    """A table of ``records`` (dicts) that fits ``width`` without splitting words, or blocks.
    ``drop_empty`` leaves out columns that are empty in every row (the default view)."""
    if drop_empty and records:
        columns = [c for c in columns if any(cell(r[c]) for r in records)] or columns
    cells = [[cell(record[c]) for c in columns] for record in records]
    minimum = [
        max([_longest_word(column), *(_longest_word(row[i]) for row in cells)])
        for i, column in enumerate(columns)
    ]
    chrome = 2 * (len(columns) - 1)  # two spaces between columns, no edges
    longest = [
        max([len(column), *(len(line) for row in cells for line in row[i].splitlines())])
        for i, column in enumerate(columns)
    ]
    blocks = _blocks(columns, cells, width)
    if sum(minimum) + chrome > width:
        return blocks
    widths = _fit(longest, minimum, width - chrome)
    # A rule under the header, two spaces between columns, a blank line between rows that wrap.
    wraps = any(
        "\n" in value or len(value) > size for row in cells for value, size in zip(row, widths, strict=True)
    )
    table = Table(box=box.SIMPLE, show_lines=wraps, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for column, size in zip(columns, widths, strict=True):
        table.add_column(column, width=size, overflow="fold", header_style="bold")
    for row in cells:
        table.add_row(*(Text(value) for value in row))
    # A table squeezed into narrow columns is taller than the same rows as blocks: take the shorter.
    return table if _height(table, width) <= _height(blocks, width) else blocks


def _height(renderable: RenderableType, width: int) -> int:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    return len(console.render_lines(renderable, console.options, pad=False))


def _blocks(columns: list[str], cells: list[list[str]], width: int) -> RenderableType:
    blocks: list[RenderableType] = []
    for number, row in enumerate(cells, start=1):
        blocks.append(Text(f"── row {number} " + "─" * max(0, width - 8 - len(str(number))), style="dim"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(justify="right", style="bold", no_wrap=True, min_width=max(map(len, columns)))
        grid.add_column(overflow="fold")
        for column, value in zip(columns, row, strict=True):
            if value:
                grid.add_row(column, Text(value))
        blocks.append(grid)
    return Group(*blocks)


__all__ = ["cell", "choose_columns", "is_id_column", "render_rows"]
