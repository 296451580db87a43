// The actor graph: actors as nodes, directed edges weighted by how many events go from one
// to the other and coloured by their mean Goldstein score (conflict red, cooperation green).
import { h, clear, fmtInt } from "../dom.js";
import { api, url } from "../api.js";
import { gsColor, gsChip, empty, typeChip, QUADS, filterFields } from "../ui.js";

let loadingLib = null;
function cytoscapeLib() {
  if (window.cytoscape) return Promise.resolve(window.cytoscape);
  if (!loadingLib) {
    loadingLib = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = "/static/vendor/cytoscape/cytoscape.min.js";
      s.onload = () => resolve(window.cytoscape);
      s.onerror = () => reject(new Error("the graph library could not be loaded"));
      document.head.append(s);
    });
  }
  return loadingLib;
}

const num = (...xs) => { for (const x of xs) if (x !== undefined && x !== null && !Number.isNaN(Number(x))) return Number(x); return null; };

export default async function graph(root, ctx) {
  const P = ctx.params, actor = P.getAll("actor"), pair = P.getAll("pair");
  const f = { a: pair[0] || actor[0] || "", b: pair[1] || actor[1] || "", since: P.get("since") || "", until: P.get("until") || "",
              cameo: P.get("cameo") || "", quad: P.get("quad") || "", min_reports: P.get("min_reports") || "",
              level: P.get("level") === "state" ? "state" : "actor", top: P.get("top") || "" };
  const form = h("form", { class: "filters", id: "graph-form", onsubmit: (e) => {
      e.preventDefault();
      const v = Object.fromEntries(new FormData(form));
      const p = new URLSearchParams();
      if (v.a && v.b) { p.append("pair", v.a); p.append("pair", v.b); } else if (v.a || v.b) p.append("actor", v.a || v.b);
      for (const k of ["since", "until", "cameo", "quad", "min_reports", "top"]) if (v[k]) p.set(k, v[k]);
      if (v.level === "state") p.set("level", "state");
      ctx.navigate(`/graph${p.toString() ? "?" + p : ""}`);
    } },
    h("label", {}, "Around actor", h("input", { name: "a", value: f.a, placeholder: "name, alias or ISO3" })),
    ...filterFields(f),
    h("label", {}, "Nodes", h("select", { name: "level" }, h("option", { value: "actor", selected: f.level === "actor" }, "actors"),
      h("option", { value: "state", selected: f.level === "state" }, "states (people with their state)"))),
    h("label", {}, "Top", h("input", { name: "top", type: "number", min: 1, max: 1000, value: f.top, placeholder: "60" })),
    h("button", { class: "btn primary", type: "submit" }, "Draw"));
  const cyBox = h("div", { id: "cy" });
  const summary = h("p", { class: "graph-summary muted", id: "graph-summary" });
  const info = h("div", {}, h("p", { class: "muted" }, "Click an actor for its page and timeline, an edge for the events between the two."),
    h("div", { class: "scale" }, "conflict", h("span", { class: "ramp" }), "cooperation"),
    h("div", { class: "legend" }, ["PERSON", "COUNTRY", "ORG", "GROUP", "LOCATION"].map((t) => typeChip(t))));
  clear(root, h("div", { class: "pagehead" }, h("div", {}, h("h1", {}, "Actor graph"),
      h("div", { class: "sub" }, "Who acts on whom: edge width = events, colour = mean Goldstein score"))),
    h("section", { class: "panel" }, form),
    h("div", { class: "graph-wrap" }, h("section", { class: "panel" }, summary, cyBox), h("aside", { class: "panel" }, h("h2", {}, "Details"), info)));
  const who = [f.a, f.b].filter(Boolean);
  const query = { actor: who.length === 1 ? who : null, pair: who.length === 2 ? who : null, since: f.since, until: f.until,
                  cameo: f.cameo, quad: f.quad, min_reports: f.min_reports, level: f.level, top: f.top };
  const [g, cytoscape] = await Promise.all([api("/api/graph", query), cytoscapeLib()]);
  if (!ctx.alive()) return;
  const nodes = g.nodes || [], edges = g.edges || [];
  const shown = g.nodes_total > nodes.length ? ` (the ${fmtInt(nodes.length)} most active of ${fmtInt(g.nodes_total)})` : "";
  summary.textContent = `${fmtInt(nodes.length)} ${f.level === "state" ? "states (and actors of no state)" : "actors"}${shown}, ${fmtInt(edges.length)} directed links` +
    (nodes.length ? `; most active: ${nodes.slice(0, 3).map((n) => n.name || n.id).join(", ")}` : "");
  if (!nodes.length) { clear(cyBox, empty("No events between actors match.")); return; }
  const maxCount = Math.max(1, ...edges.map((e) => num(e.count, e.events, e.weight) || 1));
  const weight = (n) => num(n.events, n.count, n.degree) || 1;
  const maxWeight = Math.max(1, ...nodes.map(weight));
  const elements = [
    ...nodes.map((n) => ({ data: { id: String(n.id), label: n.name || n.label || String(n.id), type: n.type || "", raw: n,
                                  size: 16 + 44 * Math.sqrt(weight(n) / maxWeight) } })),
    ...edges.map((e, i) => {
      const c = num(e.count, e.events, e.weight) || 1, gs = num(e.goldstein, e.mean_goldstein, e.goldstein_mean);
      return { data: { id: `e${i}`, source: String(e.source), target: String(e.target), count: c, gs, raw: e,
                       width: 1.5 + 7 * Math.sqrt(c / maxCount), color: gsColor(gs) } };
    }),
  ];
  const TYPE_COLORS = { PERSON: "#0b7285", COUNTRY: "#2b8a3e", ORG: "#862e9c", LOCATION: "#b7791f", GROUP: "#1c5fa8" };
  const cy = cytoscape({
    container: cyBox, elements, minZoom: 0.15, maxZoom: 1.6,
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 12, "font-weight": 600,
        "background-color": (n) => TYPE_COLORS[n.data("type")] || "#5f6b7a", color: "#1d2733", "text-valign": "bottom",
        "text-margin-y": 4, "text-outline-color": "#fbfcfe", "text-outline-width": 2 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(color)", "target-arrow-color": "data(color)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.8 } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#1f5fae", "line-color": "#1f5fae", "target-arrow-color": "#1f5fae" } },
    ],
    // a handful of actors reads best on a circle; more need the force-directed layout
    layout: nodes.length <= 12 ? { name: "circle", padding: 50, avoidOverlap: true }
      : { name: "cose", animate: false, padding: 40, nodeDimensionsIncludeLabels: true, randomize: false },
  });
  // what the timeline is asked for a node: a state by its code, an actor by its name
  const termOf = (id) => { const n = cy.getElementById(id).data("raw") || {}; return /^[A-Z]{2,8}$/.test(String(n.id)) ? n.id : (n.name || String(n.id)); };
  const keep = { since: f.since, until: f.until, cameo: f.cameo, quad: f.quad, min_reports: f.min_reports };
  cy.on("tap", "node", (e) => {
    const n = e.target.data("raw"), name = e.target.data("label");
    clear(info, h("h3", {}, "Actor"), h("div", {}, h("b", {}, name), " ", n.type ? typeChip(n.type) : null),
      h("p", {}, n.actor_id ? h("a", { class: "btn", href: `/actors/${n.actor_id}` }, "Actor page") : null, " ",
        h("a", { class: "btn", href: url("/timeline", { actor: termOf(n.id), ...keep }) }, "Timeline")),
      h("p", { class: "muted" }, `${fmtInt(n.events)} events · ${fmtInt(e.target.degree())} links`));
  });
  cy.on("tap", "edge", (e) => {
    const d = e.target.data(), r = d.raw, s = cy.getElementById(d.source).data("label"), t = cy.getElementById(d.target).data("label");
    clear(info, h("h3", {}, "Events"), h("div", {}, h("b", {}, s), " → ", h("b", {}, t)),
      h("p", {}, gsChip(d.gs), ` ${fmtInt(d.count)} event${d.count === 1 ? "" : "s"}` + (r.reports ? `, ${fmtInt(r.reports)} reports` : "")),
      r.first ? h("p", { class: "muted" }, r.first === r.last ? r.first : `${r.first} – ${r.last}`) : null,
      r.quad ? h("p", { class: "muted" }, Object.entries(r.quad).filter(([, v]) => v).map(([k, v]) => `${QUADS[k]}: ${v}`).join(" · ")) : null,
      h("a", { class: "btn primary", href: url("/timeline", { pair: [termOf(d.source), termOf(d.target)], ...keep }) }, "Timeline of the pair"));
  });
}
