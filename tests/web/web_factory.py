"""Hand-made stores for the web tests (no spaCy needed)."""

from __future__ import annotations

import datetime as dt
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # starlette's TestClient names an httpx successor; the client works the same
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: F401

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "store"))

from store_factory import article, body, plain, rich_doc  # noqa: E402

from newsgraph.link import write_batch  # noqa: E402
from newsgraph.link.dedup import Dedup  # noqa: E402
from newsgraph.model import Annotated, Entity, Mention, Quote, Sentence, Speaker  # noqa: E402
from newsgraph.store import open_store  # noqa: E402


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def hostile_doc() -> Annotated:
    """A document whose title, body, entity and quote all carry markup."""
    text = (f'Officials said {HOSTILE} was found. "Do not run {HOSTILE}," '
            f'the <b>Minister</b> said.')
    q0 = text.index('"Do not')
    q1 = text.index('," ') + 1
    ent_at = text.index("<b>Minister</b>")
    ents = (Entity("e1", "<b>Minister</b>", "PERSON", None,
                   mentions=(Mention(ent_at, ent_at + len("<b>Minister</b>"), "<b>Minister</b>"),)),)
    quotes = (Quote("direct", text[q0 + 1:q1 - 1], q0 + 1, q1 - 1,
                    Speaker("e1", "<b>Minister</b>", None), "said"),)
    art = article(text, "mem/hostile.html", title=f"Title {HOSTILE}", published="2024-01-02",
                  url="javascript:alert(1)")
    return Annotated(article=art, sentences=(Sentence(0, q0 - 1, 0), Sentence(q0, len(text), 0)),
                     entities=ents, quotes=quotes)


def many_docs(n: int) -> list[Annotated]:
    out = []
    for i in range(n):
        t = body(1000 + i, 40) + f" Harbour report number {i}."
        d = plain(t, f"mem/many{i}.txt", published=f"2020-01-{1 + i % 28:02d}",
                  title=f"Report {i}")
        out.append(replace(d, sentences=(Sentence(0, len(t), 0),)))
    return out


def build_store(path: Path, extra: int = 0) -> Path:
    a = rich_doc("news/one.txt", "2023-09-19")
    b = rich_doc("news/two.txt", "2024-03-01")
    b = replace(b, article=replace(b.article, text=b.article.text + "\n\n" + body(7),
                                   doc_id="b" * 16))
    with open_store(path) as st:
        write_batch(st, [a, b, hostile_doc(), *many_docs(extra)], Dedup())
    return path


def add_timeline(path: Path, n: int) -> Path:
    """n more timeline events between the states of the hand-made store's two people
    (JPN -> PRK, every third the other way), one a day from 2024-04-01, alternately
    cooperation (036, +4) and conflict (190, -10), written by the linker's own writer.
    They have no reports: the two real events (2023-09-19, 2024-03-01) come first."""
    from newsgraph.model import TimelineChanges, TimelineEvent
    from newsgraph.store.write import write_timeline
    day0 = dt.date(2024, 4, 1)
    evs = []
    for i in range(n):
        day = (day0 + dt.timedelta(days=i)).isoformat()
        code = "036" if i % 2 else "190"
        a, b = ("PRK", "JPN") if i % 3 == 2 else ("JPN", "PRK")
        evs.append(TimelineEvent(
            tid=f"tsyn{i:05d}", block=f"{code[:2]}|asserted|{a}|{b}", date=day,
            date_start=day, date_end=day, day=day, cameo=code, root=code[:2],
            quad=1 if code == "036" else 4, plover="CONSULT" if code == "036" else "FIGHT",
            label="meet" if code == "036" else "fight",
            goldstein=4.0 if code == "036" else -10.0, source_key=a, source_state=a,
            target_key=b, target_state=b, location=None, modality="asserted", reports=0,
            documents=0, outlets=0, confidence=1.0))
    with open_store(path) as st, st.transaction() as c:
        write_timeline(c, TimelineChanges(events=tuple(evs)))
    return path


def timeline_records(n: int) -> list[dict]:
    """n contract section-3 records, ordered by date."""
    day = dt.date(2001, 1, 1)
    return [{"id": f"t{i:05d}", "date": (day + dt.timedelta(days=3 * i)).isoformat(),
             "cameo": "036" if i % 2 else "190", "plover": "CONSULT" if i % 2 else "FIGHT",
             "label": "meet" if i % 2 else "fight", "goldstein": 4.0 if i % 2 else -10.0,
             "source": {"name": "Japan", "country": "JPN"},
             "target": {"name": "North Korea", "country": "PRK"}, "location": None,
             "reports": [{"doc_id": "b" * 16, "source": "news/two.txt", "event": "v1",
                          "evidence": "Japanese Prime Minister Fumio Kishida met Kim Jong Un.",
                          "evidence_span": {"start": 0, "end": 79}}]}
            for i in range(n)]


class Recorder:
    """A stand-in query that pages by key like the real ones, named as the one it stands
    for. ``timeline`` answers ``{"events", "next"}`` (``next``: the last id when more
    follow); ``events`` answers a list whose rows carry their ``cursor``."""

    def __init__(self, name, rows):
        self.__name__ = name
        self.rows = rows
        self.calls = []

    def __call__(self, store, **kw):
        self.calls.append(kw)
        rows = self.rows
        if kw.get("after"):
            rows = [r for r in rows if r["id"] > kw["after"]]
        page = rows[: kw["limit"]]
        if self.__name__ == "timeline":
            more = len(rows) > kw["limit"]
            return {"events": page, "next": page[-1]["id"] if more and page else None}
        return [{**r, "cursor": r["id"]} for r in page]


# fixtures, imported by the test modules that use them (a conftest.py here would shadow
# tests/conftest.py for modules that import it by name)
@pytest.fixture(scope="module")
def web_db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "web.db", extra=30)


@pytest.fixture(scope="module")
def client(web_db):
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app
    with TestClient(create_app(web_db)) as c:
        yield c


# starlette's TestClient names an httpx successor; the client works the same
QUIET = pytest.mark.filterwarnings("ignore:.*httpx2.*")
