"""Invented page parts shared by the clean tests (no real article text)."""

from __future__ import annotations

BODY = [
    "The harbour authority of Port Elden said on Monday that it would close the northern "
    "quay for repairs, a decision that fishermen have opposed for more than a year.",
    "Officials told reporters that the work would take at least six weeks and that boats "
    "would be moved to the southern basin while the quay is rebuilt.",
    "Why now?",
    "The quay was damaged in a storm in March, when waves lifted several of its stones, "
    "according to an engineer who inspected it for the town council.",
    "Local traders said they feared the closure would keep visitors away in the summer, "
    "when the harbour market usually draws its largest crowds of the year.",
]

MENU = ["MENU", "Home", "Local", "Politics", "Sport", "Weather", "Opinion"]
CAPTION = "Waves break over the northern quay in March | Photo: Harbour Press"
FOOTER = [
    "Share this article",
    "Subscribe to our newsletter",
    "© 2024 Elden Evening Post. All rights reserved.",
]
ADDRESS = ["Postal Address", "17 Rope Walk Lane", "Elden Bay, ME 04011"]


def page(*parts: list[str]) -> str:
    return "\n".join(line for part in parts for line in part)
