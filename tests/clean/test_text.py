"""The plain-text cleaner on invented pages shaped like real scrapes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from newsgraph.clean.text import clean_text

from clean_pages import ADDRESS, BODY, CAPTION, FOOTER, MENU, page


def test_menu_caption_footer_address_removed_body_kept():
    text = page(ADDRESS, MENU, [CAPTION], BODY, FOOTER, ADDRESS)
    c = clean_text(text)
    kept = c.body.splitlines()
    for line in BODY:
        assert line in kept
    for line in MENU + FOOTER + ADDRESS:
        assert line not in kept
    assert c.body.startswith(BODY[0]) and c.body.endswith(BODY[-1])
    # every dropped line is reported, in page order
    assert c.removed[: len(ADDRESS) + len(MENU)] == ADDRESS + MENU
    assert c.removed[-len(FOOTER) - len(ADDRESS):] == FOOTER + ADDRESS


def test_headline_first_line_becomes_title_not_removed():
    head = "Harbour quay to close for six weeks"
    c = clean_text("\n\n".join([head] + BODY))
    assert c.title == head
    assert head not in c.removed
    assert head not in c.body
    assert [ln for ln in c.body.splitlines() if ln] == BODY


def test_byline_and_date_stamp_dropped_author_kept():
    text = page(["Harbour quay to close", "By Mara Quillon", "March 4, 2024 10:15 AM"], BODY)
    c = clean_text(text)
    assert c.author == "Mara Quillon"
    assert "By Mara Quillon" in c.removed
    assert c.body.splitlines()[0] == BODY[0]


def test_repeated_block_within_page_removed():
    block = ["Elden Evening Post", "Newsroom hotline"]
    c = clean_text(page(block, BODY[:2], block, BODY[2:]))
    assert all(b not in c.body.splitlines() for b in block)
    assert c.removed.count("Newsroom hotline") == 2


def test_batch_repeated_line_removed_but_prose_never():
    from newsgraph.clean.text import line_key
    repeated = {line_key("Tip us off"), line_key(BODY[0])}
    c = clean_text(page(["Tip us off"], BODY), repeated=repeated)
    assert "Tip us off" in c.removed
    assert BODY[0] in c.body.splitlines()


def test_short_body_lines_and_closing_table_kept():
    table = ["Results", "Elden 3 Marlow 1", "Portby 0 Hale 2"]
    text = "\n\n".join(["Cup round ends in upsets"] + BODY + table)
    c = clean_text(text)
    for line in table + ["Why now?"]:
        assert line in c.body.splitlines()


def test_no_prose_gives_empty_body():
    c = clean_text(page(MENU, FOOTER))
    assert c.body == ""
    assert c.removed == MENU + FOOTER


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_and_body_comes_from_input(text):
    c = clean_text(text)
    assert isinstance(c.body, str)
    for line in c.body.splitlines():
        assert line.strip() in text


def test_given_title_printed_in_the_text_is_neither_body_nor_removed():
    head = "Harbour quay to close for six weeks"
    c = clean_text(page(MENU, [head], BODY), title=head)
    assert head not in c.body and head not in c.removed
    assert c.removed == MENU


def test_given_title_wins_over_a_headline_like_first_line():
    c = clean_text(page(["Why the quay matters"], BODY), title="Quay to close")
    assert c.title == "Quay to close"
    assert c.body.startswith(BODY[0])


def test_a_brief_without_chrome_is_kept_whole():
    c = clean_text("Quay closed\nRepairs start Monday")
    assert c.body == "Quay closed\nRepairs start Monday"
    assert clean_text("Share this\nSubscribe").body == ""


def test_breadcrumb_of_separated_labels_is_not_the_title():
    text = "\n".join(["Daily Harbour | World | Europe | Markets", "Sign in to continue"] + BODY)
    c = clean_text(text)
    assert c.title is None
    assert "Daily Harbour | World | Europe | Markets" in c.removed
    # one separator is the ordinary "Title | Site" form and stays a headline
    c = clean_text("\n\n".join(["Ministers agree grain corridor deal | Daily Harbour"] + BODY))
    assert c.title == "Ministers agree grain corridor deal | Daily Harbour"


@pytest.mark.parametrize("head", [
    "Markets slide as rates rise.",
    "Ferry Strike Ends After Nine Days.",
    "Harbour board approves new quay plan.",
])
def test_headline_ending_with_a_full_stop_is_the_title(head):
    c = clean_text(page([head, ""], BODY))
    assert c.title == head
    assert head not in c.body


@pytest.mark.parametrize("first", [
    "The council met on Monday and it was a long meeting.",
    "It was the first time in years that the board agreed on anything.",
])
def test_short_opening_sentence_is_not_a_headline(first):
    c = clean_text(page([first, ""], BODY))
    assert c.title is None or c.title != first
    assert first in c.body
