"""Date filters say what they leave out: events with no date, quotes in undated documents."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgraph import query  # noqa: E402
from newsgraph.cli import main  # noqa: E402
from newsgraph.link import write_batch  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from store_factory import dedup  # noqa: E402,F401 (fixture)
from test_store_events import doc  # noqa: E402


def test_events_date_filter_counts_undated_events(tmp_path, dedup, capsys):
    path = tmp_path / "ev.db"
    with open_store(path) as s:
        write_batch(s, [doc(1, [("USA", "PRK", "036", None), ("USA", "CHN", "190", "2024-03-01")],
                            "2024-03-02"),
                        doc(2, [("JPN", "PRK", "042", None)], "2024-03-05")], dedup)
        undated = [r for r in query.events(s, limit=50) if r["date"] is None]
        assert len(undated) == 2
        assert query.events_left_out_undated(s) == 0
        assert query.events_left_out_undated(s, since="2000-01-01") == len(undated)
        assert query.events_left_out_undated(s, actor="JPN", since="2000-01-01") == 1
        assert query.events_left_out_undated(s, pair=("PRK", "USA"), until="2030-01-01") == 1
        assert query.events_left_out_undated(s, cameo="19", since="2000-01-01") == 0
    assert main(["events", "--db", str(path), "--since", "2000-01-01"]) == 0
    err = capsys.readouterr().err
    assert f"left out: {len(undated)} matching events with no date" in err
