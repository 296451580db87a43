"""Schemathesis against /api/openapi.json: generated requests for every operation (valid
and invalid), and every answer checked against the spec: never a 500, the documented status
codes, content types and headers, bodies that match the response schemas, and invalid
requests rejected."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import schemathesis
from schemathesis.checks import positive_data_acceptance
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgraph import query  # noqa: E402
from newsgraph.web import create_app  # noqa: E402
from web_factory import build_store  # noqa: E402

DB = build_store(Path(__import__("tempfile").mkdtemp(prefix="ng-schemathesis-")) / "s.db", 5)
APP = create_app(DB, token="fuzz-token")
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)
# routes over queries this newsgraph does not have yet answer 501 (tested in test_web_api)
UNAVAILABLE = {f"/api/{name}" for name in ("events", "timeline", "graph", "briefing")
               if not hasattr(query, name)}


@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@pytest.mark.filterwarnings("ignore")
def test_api_conforms_to_its_spec(case):
    if case.path in UNAVAILABLE:
        pytest.skip(f"{case.path}: no such query in newsgraph.query yet")
    # a schema-valid string can still be a malformed FTS5 query or an impossible date
    # (2024-02-31): the API answers those 400 on purpose, so that check does not apply
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
