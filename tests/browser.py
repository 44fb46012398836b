"""Headless Chromium (Debian's package) driven by Playwright, with every non-local request blocked.

Playwright's own browser download is not reachable here, so the system Chromium is used
(``KG_CHROMIUM`` or the first of chromium / chromium-browser on PATH). In CI (``CI=true``) a
missing Chromium fails the test; elsewhere it skips with the install command.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def chromium_path() -> str:
    found = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        message = "Chromium not found: `apt-get install -y chromium` (.ci/run does this)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@contextmanager
def local_page(width: int = 1400, height: int = 1000) -> Iterator[tuple[object, list[str]]]:
    """A Chromium page whose requests to anything but localhost are aborted; yields (page, blocked)."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def route(route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:", "file:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route("**/*", route)
            yield context.new_page(), blocked
        finally:
            browser.close()


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
