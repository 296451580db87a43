"""A token-holding client uploads a file; it is ingested and can be read back at once."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgraph import config as config_mod  # noqa: E402
from newsgraph.web import create_app  # noqa: E402
from web_factory import QUIET, web_db  # noqa: E402,F401


pytestmark = QUIET

TEXT = ("Harbourtown, 3 March 2024. The mayor of Harbourtown, Ada Quill, opened the new "
        "ferry terminal on Monday. \"This terminal will serve every island,\" Quill said.\n")


def test_upload_ingests_and_the_document_is_served(web_db, tmp_path):
    db = tmp_path / "up.db"
    shutil.copy(web_db, db)
    cfg = config_mod.load()
    cfg["web"]["upload_dir"] = str(tmp_path / "uploads")
    app = create_app(db, cfg=cfg, token="tok")
    with TestClient(app) as c:
        before = c.get("/api/documents").json()["total"]
        r = c.post("/api/ingest", params={"name": "../ferry.txt", "published": "2024-03-03"},
                   content=TEXT.encode(), headers={"authorization": "Bearer tok"})
        assert r.status_code == 200, r.text
        rep = r.json()
        assert rep["read"] == 1 and rep["stored"] == 1
        saved = tmp_path / "uploads" / rep["saved_as"]
        assert saved.is_file() and saved.name.endswith("-ferry.txt")
        assert c.get("/api/documents").json()["total"] == before + 1
        hit = c.get("/api/search", params={"q": "terminal"}).json()["items"][0]
        d = c.get(f"/api/documents/{hit['doc_id']}").json()
        assert any("every island" in q["text"] for q in d["quotes"])
        # the same file again changes nothing
        r = c.post("/api/ingest", params={"name": "ferry.txt"}, content=TEXT.encode(),
                   headers={"authorization": "Bearer tok"})
        assert r.json()["stored"] == 0
