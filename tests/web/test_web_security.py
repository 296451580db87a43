"""Security of the server: headers and CSP, escaping, size limits, host check, CORS, no path
traversal, a read-only store, and the token-checked upload."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgraph import config as config_mod  # noqa: E402
from newsgraph.errors import SchemaTooOld, StoreError  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from newsgraph.web import create_app  # noqa: E402
from newsgraph.web.upload import safe_name  # noqa: E402
from web_factory import QUIET, TestClient, client, web_db  # noqa: E402,F401


pytestmark = QUIET

STATIC = Path(__file__).resolve().parents[2] / "src" / "newsgraph" / "web" / "static"


def cfg_with(**web):
    cfg = config_mod.load()
    cfg["web"].update(web)
    return cfg


@pytest.mark.parametrize("url", ["/", "/documents/bbbb", "/api/stats", "/api/nope",
                                 "/static/js/main.js", "/static/nope.js", "/api/docs"])
def test_every_answer_has_the_security_headers(client, url):
    r = client.get(url)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert "access-control-allow-origin" not in r.headers


def test_own_pages_have_no_inline_script_style_or_remote_assets():
    for p in STATIC.rglob("*"):
        if "vendor" in p.parts or not p.is_file() or p.suffix not in (".html", ".js", ".css"):
            continue
        src = p.read_text()
        if p.suffix == ".html":
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", src), p   # inline script
            assert not re.search(r"\son\w+=", src), p                       # handler attributes
            assert " style=" not in src, p
        if p.suffix == ".js":
            # data goes into the page as text only (dom.h), never parsed as HTML
            for bad in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                        "eval(", "new Function"):
                assert bad not in src, (p, bad)
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", src), p
        assert "@import url(http" not in src, p


def test_shell_holds_no_data(client, web_db):
    # titles and bodies reach the page only through the JSON API; the HTML has none of it
    r = client.get("/")
    assert "<script>alert" not in r.text and r.headers["content-type"].startswith("text/html")


def test_body_over_the_limit_is_413(web_db):
    app = create_app(web_db, cfg=cfg_with(max_request_bytes=1000))
    with TestClient(app) as c:
        r = c.post("/api/search?q=x", content=b"x" * 5000)
        assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"

        def chunks():      # no Content-Length: counted as it streams
            for _ in range(10):
                yield b"y" * 500
        r = c.post("/api/documents", content=chunks())
        assert r.status_code in (405, 413)
        r = c.get("/api/documents", headers={"content-length": "abc"})
        assert r.status_code == 400


def test_overlong_query_string_is_414(client):
    r = client.get("/api/search?q=" + "a" * 9000)
    assert r.status_code == 414 and r.json()["error"]["code"] == "uri_too_long"


def test_host_check_when_serving_loopback(web_db):
    app = create_app(web_db, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/stats").status_code == 200
        r = c.get("/api/stats", headers={"host": "attacker.example"})
        assert r.status_code == 400 and r.json()["error"]["code"] == "bad_host"
        assert c.get("/api/stats", headers={"host": "localhost:8000"}).status_code == 200


def test_cors_is_off_unless_configured(client, web_db):
    r = client.get("/api/stats", headers={"origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers
    r = client.options("/api/stats", headers={"origin": "https://elsewhere.example",
                                              "access-control-request-method": "GET"})
    assert "access-control-allow-origin" not in r.headers
    app = create_app(web_db, cors_origins=["https://tools.example"])
    with TestClient(app) as c:
        r = c.get("/api/stats", headers={"origin": "https://tools.example"})
        assert r.headers["access-control-allow-origin"] == "https://tools.example"
        r = c.get("/api/stats", headers={"origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize("path", [
    "/static/../pyproject.toml", "/static/%2e%2e/%2e%2e/app.py", "/static/..%2Fapp.py",
    "/static/js/../../app.py", "/static//etc/passwd", "/static/%2Fetc%2Fpasswd",
    "/static/js/..%5C..%5Capp.py", "/documents/..%2F..%2Fetc%2Fpasswd", "/static/",
    "/static/vendor/../../app.py"])
def test_no_path_traversal(client, path):
    r = client.get(path)
    assert r.status_code == 404, (path, r.status_code)
    assert "create_app" not in r.text and "root:" not in r.text


def test_static_files_are_served_with_etags_and_gzip(client):
    r = client.get("/static/vendor/d3/d3.min.js", headers={"accept-encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert r.headers["content-type"].startswith("text/javascript")
    again = client.get("/static/vendor/d3/d3.min.js", headers={"if-none-match": r.headers["etag"]})
    assert again.status_code == 304


def test_server_store_is_read_only(web_db, client):
    before = hashlib.sha256(web_db.read_bytes()).hexdigest()
    for url in ("/api/stats", "/api/search?q=harbour", "/api/documents", "/api/actors",
                "/api/quotes", "/documents/bbbb"):
        assert client.get(url).status_code == 200
    st = client.app.state.pool.get()
    assert st.read_only
    with pytest.raises(Exception, match="readonly|read-only|query_only|attempt to write"):
        st.conn.execute("DELETE FROM documents")
    assert hashlib.sha256(web_db.read_bytes()).hexdigest() == before


def test_read_only_open_never_creates_or_migrates(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "missing.db", read_only=True)
    assert not (tmp_path / "missing.db").exists()
    old = tmp_path / "old.db"
    import sqlite3
    sqlite3.connect(old).execute("PRAGMA user_version = 2").connection.close()
    with pytest.raises(SchemaTooOld, match="schema version 2.*newsgraph stats"):
        open_store(old, read_only=True)


def test_upload_route_needs_the_token_and_respects_its_limit(web_db, tmp_path):
    import shutil
    db = tmp_path / "up.db"
    shutil.copy(web_db, db)
    app = create_app(db, cfg=cfg_with(max_upload_bytes=2000, upload_dir=str(tmp_path / "up")),
                     token="s3cret-token")
    with TestClient(app) as c:
        assert "/api/ingest" in c.get("/api/openapi.json").json()["paths"]
        r = c.post("/api/ingest?name=a.txt", content=b"hello")
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
        r = c.post("/api/ingest?name=a.txt", content=b"hello",
                   headers={"authorization": "Bearer wrong"})
        assert r.status_code == 401
        r = c.post("/api/ingest?name=a.txt", content=b"x" * 3000,
                   headers={"authorization": "Bearer s3cret-token"})
        assert r.status_code == 413
        r = c.post("/api/ingest?name=a.txt", content=b"",
                   headers={"authorization": "Bearer s3cret-token"})
        assert r.status_code == 400
    assert not (tmp_path / "up").exists() or not any((tmp_path / "up").iterdir())


@pytest.mark.parametrize("name,want", [("../../etc/passwd", "passwd"), ("a/b\\c.html", "c.html"),
                                       ("..", "upload"), ("", "upload"),
                                       ("ok name (1).txt", "ok_name_1_.txt"),
                                       (".hidden", "hidden")])
def test_upload_names_have_no_path(name, want):
    assert safe_name(name) == want
