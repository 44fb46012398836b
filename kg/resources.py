"""Where the canned queries and the extraction pipeline files are, however kg is installed.

In a checkout (and an editable install) they are the repository's ``queries/`` and
``pipelines/``; a wheel ships them as package data in ``kg/queries`` and ``kg/pipelines``
(see setup.py). ``data_dir`` is the one place that knows both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from kg.errors import KGError

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: Literal["queries", "pipelines"]) -> Path:
    """The ``queries`` or ``pipelines`` directory: inside the installed package if it is
    there, else next to the package in the source tree.

    Examples:
        >>> (data_dir("pipelines") / "config.cfg").is_file()
        True
    """
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise KGError(
        f"kg's {name}/ folder is missing (looked in {_PACKAGE / name} and {_PACKAGE.parent / name}); "
        "reinstall kg"
    )
