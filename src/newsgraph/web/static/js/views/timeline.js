// The cross-document timeline of an actor or a pair: a chart of cooperation and conflict
// (Goldstein) over time, and the list of events, each opening the reports behind it.
import { h, clear, fmtInt } from "../dom.js";
import { api, url } from "../api.js";
import { pagedList, gsChip, gsColor, actorName, actorLink, CAMEO_ROOTS, filterFields, showCard, hideCard, dl, errorBox, loading, empty, fmtTotal } from "../ui.js";
import { clip } from "./common.js";

const CHART_MAX = 2000, CHART_PAGE = 500;

export function parseDate(s) {
  if (!s) return null;
  const m = String(s).match(/^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/);
  if (!m) return null;
  return new Date(Date.UTC(+m[1], m[2] ? +m[2] - 1 : 6, m[3] ? +m[3] : (m[2] ? 15 : 1)));
}

function filtersFrom(params) {
  const actors = params.getAll("actor"), pair = params.getAll("pair");
  return {
    a: pair[0] || actors[0] || "", b: pair[1] || actors[1] || "",
    since: params.get("since") || "", until: params.get("until") || "",
    cameo: params.get("cameo") || "", quad: params.get("quad") || "", min_reports: params.get("min_reports") || "",
  };
}

function apiParams(f) {
  const p = { since: f.since, until: f.until, cameo: f.cameo, quad: f.quad, min_reports: f.min_reports };
  if (f.a && f.b) p.pair = [f.a, f.b]; else if (f.a || f.b) p.actor = f.a || f.b;
  return p;
}

function reportsList(ev) {
  return h("ul", { class: "facts reports" }, (ev.reports || []).map((r) => {
    const sp = r.evidence_span;
    const href = sp && Number.isInteger(sp.start) ? `/documents/${r.doc_id}#at=${sp.start}-${sp.end}`
                                                  : `/documents/${r.doc_id}#e=${encodeURIComponent(r.event)}`;
    return h("li", {},
      h("div", { class: "sentence" }, r.evidence || "(no sentence)"),
      h("div", { class: "fact-meta" }, h("a", { href, class: "report-link" }, "open the sentence"),
        r.title ? h("span", {}, clip(r.title, 80)) : null, r.published ? h("span", {}, r.published) : null,
        h("span", { class: "mono faint" }, clip(r.outlet || r.source || r.doc_id, 50))));
  }));
}

const nReports = (ev) => ev.num_reports ?? (ev.reports || []).length;

function eventRow(ev, { open = false } = {}) {
  const root = (ev.cameo || "").slice(0, 2);
  const n = nReports(ev);
  const side = (x) => [actorLink(x), x && x.acts_for ? h("span", { class: "faint" }, ` (${x.acts_for})`) : null];
  const row = h("div", { class: "ev", tabindex: 0, dataset: { id: ev.id } },
    h("div", { class: "date" }, ev.date || "undated",
      // an undated event sits at the day its first report was published
      !ev.date && ev.day ? h("div", { class: "faint small" }, `reported ${ev.day}`) : null),
    h("div", {}, gsChip(ev.goldstein)),
    h("div", { class: "what" },
      h("div", { class: "dyad" }, side(ev.source), h("span", { class: "arrow" }, "→"), side(ev.target),
        ev.modality && ev.modality !== "asserted" ? [" ", h("span", { class: "chip mod" }, ev.modality)] : null),
      h("div", { class: "label" }, ev.label || CAMEO_ROOTS[root] || "", h("span", { class: "mono faint" }, `  CAMEO ${ev.cameo || "?"}`),
        ev.plover ? h("span", { class: "mono faint" }, ` · ${ev.plover}`) : null, ev.location ? ` · ${ev.location}` : null)),
    h("div", { class: "nrep" }, `${n} report${n === 1 ? "" : "s"}` + (ev.num_sources > 1 ? ` · ${ev.num_sources} outlets` : "") + " ▸"));
  let reps = null;
  const toggle = () => {
    if (reps) { reps.remove(); reps = null; row.classList.remove("sel"); return; }
    reps = reportsList(ev); row.append(reps); row.classList.add("sel");
  };
  row.addEventListener("click", (e) => { if (!e.target.closest("a") && !e.target.closest(".reports")) toggle(); });
  row.addEventListener("keydown", (e) => { if (e.key === "Enter") toggle(); });
  if (open) toggle();
  return row;
}

function chart(events, onPick) {
  const d3 = window.d3;
  // a dot at the event's first day; one known only to the month, year or a range is hollow,
  // with a line over the days it may have happened on
  const pts = events.map((ev) => ({ ev, t: parseDate(ev.day || ev.date), g: ev.goldstein ?? null,
                                    end: ev.date_end && ev.date_end !== ev.date_start ? parseDate(ev.date_end) : null,
                                    precise: !!ev.date_start && ev.date_start === ev.date_end })).filter((p) => p.t);
  if (!pts.length) return empty("None of these events has a date to chart.");
  const W = Math.max(600, (document.getElementById("view")?.clientWidth || 1240) - 72), H = 300, m = { l: 44, r: 16, t: 14, b: 28 };
  let [lo, hi] = d3.extent(pts.flatMap((p) => p.end ? [p.t, p.end] : [p.t]));
  const pad = Math.max((hi - lo) * 0.03, 15 * 86400000);
  const x = d3.scaleUtc().domain([new Date(+lo - pad), new Date(+hi + pad)]).range([m.l, W - m.r]);
  const y = d3.scaleLinear().domain([-10, 10]).range([H - m.b, m.t]);
  const svg = d3.create("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img").attr("aria-label", "Events over time by Goldstein score");
  svg.append("g").attr("class", "grid").selectAll("line").data([-10, -5, 5, 10]).join("line")
    .attr("x1", m.l).attr("x2", W - m.r).attr("y1", (d) => y(d)).attr("y2", (d) => y(d));
  svg.append("line").attr("class", "zero").attr("x1", m.l).attr("x2", W - m.r).attr("y1", y(0)).attr("y2", y(0));
  svg.append("text").attr("class", "band-label").attr("x", m.l + 6).attr("y", m.t + 10).text("cooperation");
  svg.append("text").attr("class", "band-label").attr("x", m.l + 6).attr("y", H - m.b - 6).text("conflict");
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${H - m.b})`).call(d3.axisBottom(x).ticks(10).tickSizeOuter(0));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(5).tickSizeOuter(0));
  const r = (p) => 3.5 + 2.2 * Math.sqrt(nReports(p.ev) || 1);
  svg.append("g").selectAll("line").data(pts.filter((p) => p.end)).join("line").attr("class", "span")
    .attr("x1", (p) => x(p.t)).attr("x2", (p) => x(p.end)).attr("y1", (p) => y(p.g ?? 0)).attr("y2", (p) => y(p.g ?? 0))
    .style("stroke", (p) => p.precise ? null : gsColor(p.g));
  svg.append("g").selectAll("circle").data(pts).join("circle").attr("class", (p) => p.precise ? "dot" : "dot vague")
    .attr("cx", (p) => x(p.t)).attr("cy", (p) => y(p.g ?? 0)).attr("r", r)
    .attr("fill", (p) => gsColor(p.g)).attr("fill-opacity", (p) => p.precise ? 0.85 : 0.15)
    .style("stroke", (p) => p.precise ? null : gsColor(p.g))
    .on("mouseenter", (e, p) => showCard(e.target, h("div", { class: "row" }, h("div", { class: "kind" }, p.ev.date || ""),
      h("div", { class: "name" }, actorName(p.ev.source), " → ", actorName(p.ev.target)),
      dl([["what", p.ev.label || CAMEO_ROOTS[(p.ev.cameo || "").slice(0, 2)]], ["Goldstein", p.g], ["reports", nReports(p.ev)]])), e))
    .on("mouseleave", hideCard)
    .on("click", (e, p) => { svg.selectAll(".dot").classed("sel", false); d3.select(e.target).classed("sel", true); onPick(p.ev); });
  return svg.node();
}

export default async function timeline(root, ctx) {
  const f = filtersFrom(ctx.params);
  const form = h("form", { class: "filters", id: "timeline-form", onsubmit: (e) => {
      e.preventDefault();
      const v = Object.fromEntries(new FormData(form));
      const p = new URLSearchParams();
      if (v.a && v.b) { p.append("pair", v.a); p.append("pair", v.b); } else if (v.a || v.b) p.append("actor", v.a || v.b);
      for (const k of ["since", "until", "cameo", "quad", "min_reports"]) if (v[k]) p.set(k, v[k]);
      ctx.navigate(`/timeline${p.toString() ? "?" + p : ""}`);
    } },
    h("label", {}, "Actor", h("input", { name: "a", value: f.a, placeholder: "name, alias or ISO3", id: "tl-actor" })),
    ...filterFields(f),
    h("button", { class: "btn primary", type: "submit" }, "Show"));
  const title = f.a && f.b ? `${f.a} and ${f.b}` : (f.a || f.b || "All actors");
  const chartBox = h("div", { class: "chart", id: "timeline-chart" }, loading("Loading the chart…"));
  const chartNote = h("span", { class: "muted" });
  const picked = h("div");
  const listBox = h("div", { class: "events", id: "timeline-list" });
  const who = [f.a, f.b].filter(Boolean);
  const briefing = who.length ? url("/api/briefing", { actor: who, since: f.since, until: f.until, cameo: f.cameo, quad: f.quad, min_reports: f.min_reports, format: "html" }) : null;
  const graphHref = url("/graph", { actor: who.length === 1 ? who : null, pair: who.length === 2 ? who : null, since: f.since, until: f.until, cameo: f.cameo, quad: f.quad, min_reports: f.min_reports });
  clear(root,
    h("div", { class: "pagehead" }, h("div", {}, h("h1", {}, "Timeline: ", title),
      h("div", { class: "sub" }, "Each real-world event once, with every report of it")),
      h("div", { class: "actions" },
        briefing ? h("a", { class: "btn", id: "tl-briefing", href: briefing, "data-external": true, title: "the same briefing newsgraph brief writes: one page, no script" }, "Briefing") : null, " ",
        h("a", { class: "btn", href: graphHref }, "Graph"))),
    h("section", { class: "panel" }, form),
    h("section", { class: "panel" }, h("h2", {}, "Cooperation and conflict over time ", chartNote),
      h("div", { class: "scale" }, "conflict", h("span", { class: "ramp" }), "cooperation", h("span", { class: "faint" }, " · Goldstein score; dot size: reports; hollow: dated to a month, a year or a range (the line)")),
      chartBox),
    picked,
    h("section", { class: "panel" }, h("h2", {}, "Events", h("span", { class: "count", id: "tl-total" })), listBox));

  const params = apiParams(f);
  const pick = (ev) => clear(picked, h("section", { class: "panel selected-event" }, h("h2", {}, "Selected event"), h("div", { class: "events" }, eventRow(ev, { open: true }))));
  pagedList(listBox, { limit: 50, emptyText: "No event matches these filters.",
    onPage: (p) => { const el = document.getElementById("tl-total"); if (el) el.textContent = fmtTotal(p); },
    fetchPage: ({ limit, after }) => api("/api/timeline", { ...params, limit, after }),
    render: (items) => items.map((ev) => eventRow(ev)) });

  // the chart pages through up to CHART_MAX events
  try {
    const all = [];
    let after = null, total = null, last = null;
    do {
      // the chart needs no report texts: only how many each event has
      const page = await api("/api/timeline", { ...params, limit: CHART_PAGE, after, reports: 0 });
      if (!ctx.alive()) return;
      all.push(...page.items); after = page.next; total = page.total; last = page;
    } while (after && all.length < CHART_MAX);
    clear(chartBox, all.length ? chart(all, pick) : empty("No event to chart."));
    const undated = all.filter((ev) => !parseDate(ev.day || ev.date)).length;
    chartNote.textContent = (after ? `(the first ${fmtInt(all.length)} of ${total !== null ? fmtTotal(last) : "more"}` : `(${fmtInt(all.length)} events`) +
      (undated ? `; ${fmtInt(undated)} with no date, not charted)` : ")");
  } catch (e) {
    clear(chartBox, errorBox(e));
  }
}
