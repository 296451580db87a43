// One actor: roles over time, names, quotes, events and the documents that mention it.
import { h, clear, fmtInt, initials } from "../dom.js";
import { api, url } from "../api.js";
import { pagedList, typeChip, empty, citeLink, fmtTotal } from "../ui.js";
import { quoteItem, eventItem, docLabel } from "./common.js";

const DAY = 86400000;

function rolesChart(roles) {
  const d3 = window.d3;
  const dated = roles.filter((r) => r.first_seen);
  if (!dated.length || !d3) return null;
  const parse = (s) => new Date(`${s}T00:00:00Z`);
  let lo = d3.min(dated, (r) => parse(r.first_seen)), hi = d3.max(dated, (r) => parse(r.last_seen || r.first_seen));
  const pad = Math.max((hi - lo) * 0.06, 120 * DAY);
  lo = new Date(+lo - pad); hi = new Date(+hi + pad);
  // drawn at the panel's own width, so text keeps its size
  const width = Math.max(600, (document.getElementById("view")?.clientWidth || 1240) - 72);
  const rowH = 26, left = 250, top = 6, height = top + dated.length * rowH + 24;
  const x = d3.scaleUtc().domain([lo, hi]).range([left, width - 16]);
  const svg = d3.create("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img")
    .attr("aria-label", "Roles over time");
  const g = svg.selectAll("g.r").data(dated).join("g").attr("transform", (_, i) => `translate(0,${top + i * rowH})`);
  g.append("text").attr("x", left - 10).attr("y", rowH / 2 + 4).attr("text-anchor", "end")
    .text((r) => [r.qualifier, r.title, r.of ? `of ${r.of}` : null].filter(Boolean).join(" ").slice(0, 40));
  g.append("rect").attr("class", (r) => `bar${r.source === "dictionary" ? " dict" : ""}`)
    .attr("x", (r) => x(parse(r.first_seen)) - 3).attr("y", 5).attr("height", rowH - 10).attr("rx", 4)
    .attr("width", (r) => Math.max(6, x(parse(r.last_seen || r.first_seen)) - x(parse(r.first_seen)) + 6))
    .append("title").text((r) => `${r.first_seen} – ${r.last_seen || r.first_seen} · ${r.count} document${r.count === 1 ? "" : "s"}${r.source === "dictionary" ? " · from the known-actors dictionary, not stated in a document" : ""}`);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${top + dated.length * rowH + 2})`)
    .call(d3.axisBottom(x).ticks(7).tickSizeOuter(0));
  return svg.node();
}

export default async function actor(root, ctx) {
  const id = ctx.match[1];
  const a = await api(`/api/actors/${id}`, { limit: 10 });
  if (!ctx.alive()) return;
  const ac = a.actor;
  document.title = `${ac.name} · newsgraph`;
  const enc = encodeURIComponent(ac.name);
  // a state is asked for by its code (its people included), anyone else by name
  const term = ac.key && /^[A-Z]{2,8}$/.test(ac.key) ? ac.key : ac.name;
  const quotesBox = h("div"), eventsBox = h("div"), docsBox = h("div");
  const roles = a.roles || [];
  const chart = rolesChart(roles);
  clear(root,
    h("section", { class: "panel" },
      h("div", { class: "actor-head" }, h("div", { class: ["avatar", ac.type] }, initials(ac.name)),
        h("div", {}, h("h1", { id: "actor-name" }, ac.name),
          h("div", { class: "fact-meta" }, typeChip(ac.type), ac.country ? h("span", { class: "mono" }, ac.country) : null,
            h("span", {}, `seen ${ac.first_seen || "?"} – ${ac.last_seen || "?"}`),
            h("span", {}, `${fmtInt(ac.documents)} documents · ${fmtInt(ac.mentions)} mentions · ${fmtInt(ac.quotes)} quotes`))),
        h("div", { class: "actor-actions" },
          h("a", { class: "btn", id: "actor-timeline", href: url("/timeline", { actor: term }) }, "Timeline"), " ",
          h("a", { class: "btn", href: url("/graph", { actor: term }) }, "Graph"), " ",
          h("a", { class: "btn", id: "actor-briefing", href: url("/api/briefing", { actor: term, format: "html" }), "data-external": true,
                   title: "the same briefing newsgraph brief writes: one page, no script" }, "Briefing"), " ",
          h("a", { class: "btn", href: `/quotes?speaker=${enc}` }, "All quotes"))),
      a.names && a.names.length > 1 ? h("div", {}, h("h3", {}, "Also called"),
        h("div", { class: "names" }, a.names.filter((n) => n.name !== ac.name).map((n) => h("span", { class: "chip" }, `${n.name} · ${n.count}`)))) : null),
    h("section", { class: "panel roles" }, h("h2", {}, "Roles over time", h("span", { class: "count" }, roles.length)),
      roles.length ? (chart || null) : empty("No role stated in any document."),
      roles.length ? h("table", { class: "t" }, h("thead", {}, h("tr", {}, h("th", {}, "Role"), h("th", {}, "Of"), h("th", {}, "First seen"), h("th", {}, "Last seen"), h("th", { class: "num" }, "Docs"), h("th", {}, "Evidence"))),
        h("tbody", {}, roles.map((r) => h("tr", {}, h("td", {}, [r.qualifier, r.title].filter(Boolean).join(" ")), h("td", { class: "mono" }, r.of || ""),
          h("td", { class: "nowrap" }, r.first_seen || "?"), h("td", { class: "nowrap" }, r.last_seen || "?"), h("td", { class: "num" }, r.count),
          h("td", {}, r.source === "dictionary" ? h("span", { class: "chip dict", title: "no document states it: the known-actors dictionary" }, "dictionary")
            : (r.evidence || []).map((e) => [citeLink(e.doc_id, e.start, e.end, e.published || "undated"), " "])))))) : null),
    h("div", { class: "grid two" },
      h("section", { class: "panel" }, h("h2", {}, "Quotes", h("span", { class: "count" }, a.quotes.total ?? "")), quotesBox),
      h("section", { class: "panel", id: "actor-events" }, h("h2", {}, "Events", h("span", { class: "count" }, fmtTotal(a.events)),
        h("a", { class: "more", href: url("/timeline", { actor: term }) }, "timeline ›")), eventsBox)),
    h("section", { class: "panel" }, h("h2", {}, "Documents", h("span", { class: "count" }, a.documents.total ?? "")), docsBox));

  pagedList(quotesBox, { limit: 8, emptyText: "No quote of this actor.",
    fetchPage: ({ limit, after }) => api("/api/quotes", { speaker_id: id, limit, after }),
    render: (items) => h("ul", { class: "facts" }, items.map((q) => quoteItem(q, { showSpeaker: false }))) });
  pagedList(eventsBox, { limit: 8, emptyText: "No event with this actor.",
    fetchPage: ({ limit, after }) => api("/api/events", { actor_id: id, limit, after }),
    render: (items) => h("ul", { class: "facts" }, items.map((ev) => eventItem(ev))) });
  pagedList(docsBox, { limit: 10, emptyText: "No document.",
    fetchPage: ({ limit, after }) => api(`/api/actors/${id}/documents`, { limit, after }),
    render: (items) => h("table", { class: "t" }, h("tbody", {}, items.map((d) => h("tr", {},
      h("td", { class: "nowrap muted" }, d.published || "undated"),
      h("td", {}, h("a", { href: `/documents/${d.doc_id}` }, docLabel(d))),
      h("td", { class: "num muted" }, `${d.mentions} mention${d.mentions === 1 ? "" : "s"}`))))) });
}
