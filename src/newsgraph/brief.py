"""A briefing (``query.briefing``) as Markdown and as one self-contained HTML page.

The HTML needs nothing but itself: inline CSS, the cooperation/conflict chart as inline
SVG, no script, no font or image from elsewhere, so it opens offline and can be mailed.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}


def _title(b: dict[str, Any]) -> str:
    names = [a["name"] for a in b["actors"]]
    return f"Briefing: {names[0]}" if len(names) == 1 else f"Briefing: {names[0]} and {names[1]}"


def _side(s: dict[str, Any] | None) -> str:
    if not s:
        return "(unnamed)"
    return s["name"] + (f" ({s['acts_for']})" if s.get("acts_for") else "")


def _when(ev: dict[str, Any]) -> str:
    return ev["date"] or (f"undated (reported {ev['day']})" if ev["day"] else "undated")


def _what(ev: dict[str, Any]) -> str:
    return ev["label"] or f"CAMEO {ev['cameo']}"


def _role(r: dict[str, Any]) -> str:
    t = r["title"] + (f" of {r['of']}" if r.get("of") else "")
    if r.get("qualifier"):
        t = f"{r['qualifier']} {t}"
    span = r["first_seen"] if r["first_seen"] == r["last_seen"] else \
        f"{r['first_seen']} to {r['last_seen']}"
    src = " (from the known-actors dictionary)" if r.get("source") == "dictionary" else ""
    return f"{t}, seen {span}{src}"


# ------------------------------------------------------------------ markdown
def markdown(b: dict[str, Any]) -> str:
    out = [f"# {_title(b)}", ""]
    out.append(f"{len(b['events'])} timeline events"
               + (" (the first ones; narrow the dates for the rest)" if b["more_events"] else "")
               + f", {sum(e['num_reports'] for e in b['events'])} reports.")
    out += ["", "## Cooperation and conflict over time", ""]
    if b["series"]:
        out += ["| period | events | mean Goldstein | most cooperative | most conflictual |",
                "|---|---:|---:|---|---|"]
        for p in periods(b["series"]):
            out.append(f"| {p['period']} | {p['n']} | {p['mean']:+.1f} | {p['best']} | "
                       f"{p['worst']} |")
    else:
        out.append("No scored events.")
    out += ["", "## Timeline", ""]
    for ev in b["events"]:
        where = f", {ev['location']}" if ev["location"] else ""
        mod = "" if ev["modality"] == "asserted" else f" *({ev['modality']})*"
        gold = f", Goldstein {ev['goldstein']:+.1f}" if ev["goldstein"] is not None else ""
        out.append(f"- **{_when(ev)}**: {_side(ev['source'])} -> {_side(ev['target'])}: "
                   f"{_what(ev)} (CAMEO {ev['cameo']}{gold}){where}{mod}. "
                   f"{ev['num_reports']} report(s), merge confidence {ev['confidence']:.2f}.")
        for r in ev["reports"]:
            sent = " ".join((r["evidence"] or "").split())
            out.append(f"  - \"{sent}\" ({r['source']}, {r['published'] or 'undated'}, "
                       f"doc {r['doc_id']})")
    out += ["", "## Key quotes", ""]
    for a, qs in zip(b["actors"], b["quotes"]):
        out += [f"### {a['name']}", ""]
        if not qs:
            out.append("No quotes stored.")
        for q in qs:
            out.append(f"- {q['published'] or 'undated'}, {q['speaker'] or 'unknown speaker'}"
                       f" ({q['cue'] or q['kind']}): \"{' '.join(q['text'].split())}\" "
                       f"({q['source']})")
        out.append("")
    out += ["## People involved", ""]
    for p in b["people"]:
        roles = "; ".join(_role(r) for r in p["roles"]) or "no role stated"
        out.append(f"- **{p['name']}** ({p['country'] or 'country unknown'}): {roles}")
    return "\n".join(out) + "\n"


def periods(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The series by year (by month when it spans two years or less)."""
    days = sorted(s["day"] for s in series)
    span = int(days[-1][:4]) - int(days[0][:4])
    width = 7 if span <= 1 else 4
    groups: dict[str, list[dict[str, Any]]] = {}
    for s in series:
        groups.setdefault(s["day"][:width], []).append(s)
    out = []
    for k in sorted(groups):
        g = groups[k]
        best = max(g, key=lambda s: s["goldstein"])
        worst = min(g, key=lambda s: s["goldstein"])
        out.append({"period": k, "n": len(g), "mean": sum(s["goldstein"] for s in g) / len(g),
                    "best": f"{best['label']} ({best['goldstein']:+.1f})",
                    "worst": f"{worst['label']} ({worst['goldstein']:+.1f})"})
    return out


# ------------------------------------------------------------------ html
_CSS = """
body{font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 color:#1d2330;margin:0;background:#f4f5f7}
main{max-width:980px;margin:0 auto;padding:24px 28px 60px;background:#fff;min-height:100vh}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;border-bottom:1px solid
 #e3e6ea;padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}
.sub{color:#5b6472;margin:0 0 8px}
.ev{border-left:4px solid #9e9e9e;padding:6px 0 6px 12px;margin:0 0 14px}
.ev.q1,.ev.q2{border-color:#2e7d32}.ev.q3,.ev.q4{border-color:#c62828}
.ev .head{font-weight:600}.ev .meta{color:#5b6472;font-size:13px}
.when{display:inline-block;min-width:96px;font-variant-numeric:tabular-nums;color:#33415c}
blockquote{margin:4px 0 4px 0;padding:2px 10px;border-left:2px solid #d5d9e0;color:#333;
 font-size:14px}
blockquote cite{display:block;color:#6b7380;font-size:12px;font-style:normal}
.tag{display:inline-block;font-size:12px;padding:0 6px;border-radius:8px;background:#eef1f5;
 color:#33415c;margin-left:6px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:24px}
ul.roles{padding-left:18px;margin:4px 0}
svg text{font-family:inherit}
"""


def _svg_chart(series: list[dict[str, Any]], width: int = 920, height: int = 260) -> str:
    """Goldstein score of each event over time (dots; filled when the date is a day), and
    the mean by period (line)."""
    if not series:
        return '<p class="sub">No scored events to chart.</p>'
    ords = [dt.date.fromisoformat(s["day"][:10]).toordinal() for s in series]
    lo, hi = min(ords), max(ords)
    if hi - lo < 30:
        lo, hi = lo - 15, hi + 15
    left, right, top, bottom = 48, 16, 16, 36
    w, h = width - left - right, height - top - bottom

    def x(o: float) -> float:
        return left + (o - lo) / (hi - lo) * w

    def y(g: float) -> float:
        return top + (10 - g) / 20 * h
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-label="Goldstein score over time">',
             f'<rect x="{left}" y="{top}" width="{w}" height="{h / 2:.1f}" fill="#eef7ef"/>',
             f'<rect x="{left}" y="{top + h / 2:.1f}" width="{w}" height="{h / 2:.1f}" '
             f'fill="#fbeeee"/>']
    for g in (-10, -5, 0, 5, 10):
        parts.append(f'<line x1="{left}" x2="{left + w}" y1="{y(g):.1f}" y2="{y(g):.1f}" '
                     f'stroke="{"#8a93a3" if g == 0 else "#dde1e7"}" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y(g) + 4:.1f}" font-size="11" '
                     f'text-anchor="end" fill="#5b6472">{g:+d}</text>')
    y0, y1 = dt.date.fromordinal(lo).year, dt.date.fromordinal(hi).year
    step = max(1, (y1 - y0 + 1) // 8)
    for yr in range(y0, y1 + 2, step):
        o = dt.date(yr, 1, 1).toordinal()
        if lo <= o <= hi:
            parts.append(f'<line x1="{x(o):.1f}" x2="{x(o):.1f}" y1="{top}" y2="{top + h}" '
                         f'stroke="#dde1e7"/><text x="{x(o):.1f}" y="{top + h + 16}" '
                         f'font-size="11" text-anchor="middle" fill="#5b6472">{yr}</text>')
    if y1 == y0 or step > 1 or not any(lo <= dt.date(yr, 1, 1).toordinal() <= hi
                                       for yr in range(y0, y1 + 1)):
        parts.append(f'<text x="{left}" y="{top + h + 30}" font-size="11" fill="#5b6472">'
                     f'{dt.date.fromordinal(lo).isoformat()}</text><text x="{left + w}" '
                     f'y="{top + h + 30}" font-size="11" text-anchor="end" fill="#5b6472">'
                     f'{dt.date.fromordinal(hi).isoformat()}</text>')
    # the mean by period, as a line
    means = periods(series)
    pts = []
    for p in means:
        start = p["period"] + ("-01-01" if len(p["period"]) == 4 else "-01")
        end_ = dt.date.fromisoformat(start)
        mid = end_.toordinal() + (182 if len(p["period"]) == 4 else 15)
        pts.append(f"{x(min(max(mid, lo), hi)):.1f},{y(p['mean']):.1f}")
    if len(pts) > 1:
        parts.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="#33415c" '
                     f'stroke-width="2" stroke-opacity="0.7"/>')
    for s, o in zip(series, ords):
        colour = "#2e7d32" if s["goldstein"] > 0 else "#c62828" if s["goldstein"] < 0 \
            else "#757575"
        fill = colour if s["precise"] else "#ffffff"
        parts.append(f'<circle cx="{x(o):.1f}" cy="{y(s["goldstein"]):.1f}" r="4.5" '
                     f'fill="{fill}" stroke="{colour}" stroke-width="1.5"><title>'
                     f'{html.escape(s["day"])}: {html.escape(str(s["label"]))} '
                     f'({s["goldstein"]:+.1f})</title></circle>')
    parts.append(f'<text x="{left + 4}" y="{top + 12}" font-size="11" fill="#2e7d32">'
                 f'cooperation</text><text x="{left + 4}" y="{top + h - 4}" font-size="11" '
                 f'fill="#c62828">conflict</text>')
    parts.append("</svg>")
    return "".join(parts)


def page(b: dict[str, Any]) -> str:
    e = html.escape
    title = _title(b)
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(title)}</title><style>{_CSS}</style></head><body><main>",
           f"<h1>{e(title)}</h1>"]
    who = ", ".join(f"{a['name']} ({a['type'].lower()}"
                    + (f", {a['country']}" if a.get("country") else "") + ")"
                    for a in b["actors"])
    out.append(f'<p class="sub">{e(who)}. {len(b["events"])} timeline events, '
               f'{sum(x["num_reports"] for x in b["events"])} reports'
               + (" (the first ones)" if b["more_events"] else "") + ".</p>")
    out.append("<h2>Cooperation and conflict over time</h2>")
    out.append(_svg_chart(b["series"]))
    out.append('<p class="sub">Each dot is an event (filled: dated to the day; hollow: a '
               'month, a year or a range), placed at its first day and by its Goldstein '
               'score; the line is the mean by period.</p>')
    out.append("<h2>Timeline</h2>")
    for ev in b["events"]:
        where = f" in {e(ev['location'])}" if ev["location"] else ""
        tags = f'<span class="tag">CAMEO {e(ev["cameo"])}</span>'
        if ev["quad"]:
            tags += f'<span class="tag">{QUADS.get(ev["quad"], "")}</span>'
        if ev["goldstein"] is not None:
            tags += f'<span class="tag">Goldstein {ev["goldstein"]:+.1f}</span>'
        if ev["modality"] != "asserted":
            tags += f'<span class="tag">{e(ev["modality"])}</span>'
        out.append(f'<div class="ev q{ev["quad"] or 0}"><div class="head">'
                   f'<span class="when">{e(_when(ev))}</span> {e(_side(ev["source"]))} &rarr; '
                   f'{e(_side(ev["target"]))}: {e(_what(ev))}{where}{tags}</div>'
                   f'<div class="meta">{ev["num_reports"]} report(s) from '
                   f'{ev["num_sources"]} source(s); merge confidence {ev["confidence"]:.2f}'
                   f'</div>')
        for r in ev["reports"]:
            sent = " ".join((r["evidence"] or "").split())
            out.append(f"<blockquote>{e(sent)}<cite>{e(r['source'] or '')}"
                       f"{', ' + e(r['published']) if r['published'] else ''} &middot; doc "
                       f"{e(r['doc_id'])} &middot; event {e(r['event'])}</cite></blockquote>")
        out.append("</div>")
    out.append('<h2>Key quotes</h2><div class="cols">')
    for a, qs in zip(b["actors"], b["quotes"]):
        out.append(f"<div><h3>{e(a['name'])}</h3>")
        if not qs:
            out.append('<p class="sub">No quotes stored.</p>')
        for q in qs:
            out.append(f"<blockquote>&ldquo;{e(' '.join(q['text'].split()))}&rdquo;<cite>"
                       f"{e(q['speaker'] or 'unknown speaker')} ({e(q['cue'] or q['kind'])}), "
                       f"{e(q['published'] or 'undated')} &middot; {e(q['source'] or '')}"
                       f"</cite></blockquote>")
        out.append("</div>")
    out.append("</div><h2>People involved</h2>")
    for p in b["people"]:
        out.append(f"<h3>{e(p['name'])}<span class=\"tag\">{e(p['country'] or '?')}</span></h3>"
                   '<ul class="roles">' + "".join(f"<li>{e(_role(r))}</li>" for r in p["roles"])
                   + ("" if p["roles"] else "<li>no role stated</li>") + "</ul>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
