// The landing view: what the store holds, who is in it, what was said lately.
import { h, clear, fmtInt } from "../dom.js";
import { api } from "../api.js";
import { actorTable, docTable, quoteItem, eventItem } from "./common.js";

export default async function home(root, ctx) {
  const [stats, actors, docs, quotes] = await Promise.all([
    api("/api/stats"), api("/api/actors", { limit: 12 }), api("/api/documents", { limit: 10 }),
    api("/api/quotes", { limit: 6 })]);
  // the latest events, where this store has an event query
  const events = await api("/api/events", { limit: 6 }).catch(() => null);
  if (!ctx.alive()) return;
  const kpi = (k, v, href) => h(href ? "a" : "div", { class: "kpi", href }, h("div", { class: "v" }, v), h("div", { class: "k" }, k));
  clear(root,
    h("div", { class: "pagehead" }, h("div", {}, h("h1", {}, "Overview"),
      h("div", { class: "sub" }, `Published ${stats.published_first || "?"} to ${stats.published_last || "?"}`))),
    h("div", { class: "kpis" },
      kpi("Documents", fmtInt(stats.documents), "/documents"), kpi("Actors", fmtInt(stats.actors), "/actors"),
      kpi("Quotes", fmtInt(stats.quotes), "/quotes"), kpi("Events", fmtInt(stats.events), "/timeline"),
      kpi("Sentences", fmtInt(stats.sentences)), kpi("Sources", fmtInt(stats.sources))),
    h("div", { class: "grid two" },
      h("section", { class: "panel" }, h("h2", {}, "Most mentioned actors"), actorTable(actors.items, { compact: true })),
      h("section", { class: "panel" }, h("h2", {}, "Latest quotes"), h("ul", { class: "facts" }, quotes.items.map((q) => quoteItem(q))))),
    events && events.items.length ? h("section", { class: "panel" }, h("h2", {}, "Latest events", h("span", { class: "count" }, h("a", { href: "/timeline" }, "timeline ›"))),
      h("ul", { class: "facts" }, events.items.map((ev) => eventItem(ev)))) : null,
    h("section", { class: "panel" }, h("h2", {}, "Latest documents"), docTable(docs.items)));
}
