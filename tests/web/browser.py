"""Real-browser helpers for the web tests: Debian's chromium driven by Playwright, and the
app served by uvicorn on a free loopback port in a background thread.

Playwright's own browser download is never used: the tests launch /usr/bin/chromium
(``apt-get install -y chromium``; .ci/run installs it when missing).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]
ROOT = Path(__file__).resolve().parents[2]
# screenshots of the browser tests land here (ignored by git); NEWSGRAPH_TEST_OUT moves it
OUT = Path(os.environ.get("NEWSGRAPH_TEST_OUT", ROOT / "out")) / "web"


def ensure_chromium() -> str:
    """The chromium binary; installed with apt when missing and we may (root, apt-get)."""
    if not os.access(CHROMIUM, os.X_OK) and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, check=False,
                       timeout=900)
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing and could not be installed "
                    f"(apt-get install -y chromium)")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error",
                                           access_log=False))
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not t.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        t.join(10)


@contextmanager
def browser_page(width: int = 1400, height: int = 900) -> Iterator[Any]:
    """A fresh page in headless chromium; fails the test on any script error or CSP
    violation the page reports."""
    from playwright.sync_api import sync_playwright
    exe = ensure_chromium()
    problems: list[str] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True, args=ARGS)
        try:
            page = b.new_page(viewport={"width": width, "height": height})
            page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
            page.on("console", lambda m: problems.append(f"console: {m.text}")
                    if m.type == "error" and "Refused to" in m.text else None)
            page.on("dialog", lambda d: (problems.append(f"dialog opened: {d.message}"),
                                         d.dismiss()))
            page.problems = problems
            yield page
        finally:
            b.close()
    assert not problems, problems


def shot(page: Any, name: str, full_page: bool = True) -> Path:
    """Save a screenshot: the whole page, or (``full_page=False``) the window as a person
    sees it, for a page scrolled to a target: a full-page capture of a scrolled page draws
    the sticky top bar where the window's top was, over the content."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
