"""`newsgraph serve` as a user runs it: it binds 127.0.0.1 by default, serves the page and
the API, answers only loopback host names, and refuses a store that is not there."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import free_port  # noqa: E402
from web_factory import web_db  # noqa: E402,F401

from newsgraph.cli import main  # noqa: E402


def _get(url: str, host: str | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_serve_binds_loopback_and_serves(web_db, tmp_path):
    port = free_port()
    env = {**os.environ, "NEWSGRAPH_CONFIG": str(tmp_path / "none.toml")}
    (tmp_path / "none.toml").write_text("")
    p = subprocess.Popen([sys.executable, "-m", "newsgraph.cli", "serve", "--db", str(web_db),
                          "--port", str(port)], stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = p.stderr.readline()
        assert f"http://127.0.0.1:{port}/" in line and "read-only" in line
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, body = _get(base + "/api/stats")
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.1)
        assert status == 200 and b'"documents":33' in body
        status, body = _get(base + "/")
        assert status == 200 and b"/static/js/main.js" in body
        assert _get(base + "/api/stats", host="evil.example")[0] == 400
        # not listening on other addresses
        import socket
        addrs = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None)} - {"127.0.0.1", "::1"}
        for a in list(addrs)[:1]:
            if ":" in a:
                continue
            with socket.socket() as s:
                s.settimeout(1)
                assert s.connect_ex((a, port)) != 0
    finally:
        p.terminate()
        p.wait(10)


def test_serve_refuses_a_missing_store(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "nope.db")]) == 1
    assert "no store" in capsys.readouterr().err
    assert not (tmp_path / "nope.db").exists()
