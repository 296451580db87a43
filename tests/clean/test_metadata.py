"""Dates stated in a body (datelines, published/updated stamps) and the inferred lower bound."""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.clean.metadata import date_from_text, infer_date_bound, parse_date

BODY = ("The council approved the budget after a long debate.\n"
        "Members argued about the cost of the new bridge.\n"
        "The vote was eleven to four.")


@pytest.mark.parametrize("text, want", [
    ("WASHINGTON, Sept. 19, 2023 (Reuters) - The Senate voted on Tuesday.\n" + BODY, "2023-09-19"),
    ("BERLIN, Germany, May 2, 2022 /PRNewswire/ - A company announced results.\n" + BODY,
     "2022-05-02"),
    ("Published: 3 March 2024\n" + BODY, "2024-03-03"),
    ("Posted on March 3rd, 2024\n" + BODY, "2024-03-03"),
    (BODY + "\nUpdated 19 September 2023", "2023-09-19"),
    ("Updated 19 September 2023\nPublished: 3 March 2023\n" + BODY, "2023-03-03"),
    ("Tuesday, March 5, 2024\n" + BODY, "2024-03-05"),
    ("2024-01-07 14:05\n" + BODY, "2024-01-07"),
])
def test_date_from_text(text, want):
    assert date_from_text(text) == want


@pytest.mark.parametrize("text", [
    "",
    BODY,
    # Dates inside the prose are about events, not the article.
    "The council met again.\nOn March 3, 2019 the bridge collapsed, and on 4 June 2020 it "
    "reopened after repairs.\nThe vote was eleven to four.\nMembers left.\nThe end.",
    "LONDON (Reuters) - Britain said on Monday it would act.\n" + BODY,
    # A dateline without a year cannot be dated, even when the text names a year: that
    # year would be a guess.
    "PARIS, June 12 (AFP) - The strike went on.\n" + BODY,
    "WASHINGTON, Sept. 19 (Reuters) - The Senate passed the 2023 spending bill.\n" + BODY,
    # Dates past the horizon are typos, not publication dates.
    "Published: 3 March 2999\n" + BODY,
])
def test_date_from_text_refuses(text):
    assert date_from_text(text) is None


def test_date_in_title():
    assert date_from_text(BODY, title="Council minutes (12 January 2022)") == "2022-01-12"


def test_parse_date_forms():
    assert parse_date("on 1st of February, 2020") == dt.date(2020, 2, 1)
    assert parse_date("25/12/2019") == dt.date(2019, 12, 25)
    assert parse_date("12/25/2019") == dt.date(2019, 12, 25)
    assert parse_date("03/04/2019") is None  # day and month cannot be told apart
    assert parse_date("February 30, 2020") is None


def test_infer_date_bound_latest_full_date():
    text = "In 2019 the war began. On March 3, 2021 talks resumed in Geneva."
    assert infer_date_bound(text) == "2021-03-03"


def test_infer_date_bound_year_only():
    assert infer_date_bound("Prices have doubled since 2015 and again in 2018.") == "2018-01-01"


def test_infer_date_bound_ignores_future_and_numbers():
    text = "The plan runs until 2999. It cost 2,019 crowns and 1850.5 tonnes were moved in 2012."
    assert infer_date_bound(text) == "2012-01-01"


def test_infer_date_bound_nothing():
    assert infer_date_bound("No dates at all here.") is None
    assert infer_date_bound("") is None


def test_infer_date_bound_skips_deadlines_and_plans():
    text = ("The factory opened in 2016. It is expected to double output by 2025, and the "
            "plan is scheduled for completion in 2024.")
    assert infer_date_bound(text) == "2016-01-01"


def test_infer_date_bound_keeps_past_agent_by():
    assert infer_date_bound("The town was hit by floods in 2019.") == "2019-01-01"
