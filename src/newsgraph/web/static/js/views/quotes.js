// Quotes across documents, by speaker, topic and dates.
import { h, clear } from "../dom.js";
import { api } from "../api.js";
import { pagedList } from "../ui.js";
import { quoteItem } from "./common.js";

export default async function quotes(root, ctx) {
  const p = Object.fromEntries(["speaker", "about", "since", "until"].map((k) => [k, ctx.params.get(k) || ""]));
  const box = h("div");
  const form = h("form", { class: "filters", onsubmit: (e) => {
      e.preventDefault();
      const q = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (v) q.set(k, v);
      ctx.navigate(`/quotes${q.toString() ? "?" + q : ""}`);
    } },
    h("label", {}, "Speaker", h("input", { name: "speaker", value: p.speaker, placeholder: "name, alias or ISO3" })),
    h("label", {}, "About", h("input", { name: "about", value: p.about, class: "wide", placeholder: "a word, or an actor mentioned" })),
    h("label", {}, "Since", h("input", { name: "since", type: "date", value: p.since })),
    h("label", {}, "Until", h("input", { name: "until", type: "date", value: p.until })),
    h("button", { class: "btn primary", type: "submit" }, "Filter"));
  clear(root, h("div", { class: "pagehead" }, h("div", {}, h("h1", {}, "Quotes"), h("div", { class: "sub" }, "Who said what, newest first; each links to its sentence"))),
    h("section", { class: "panel" }, form), h("section", { class: "panel" }, box));
  pagedList(box, { limit: 25, emptyText: "No quote matches.",
    fetchPage: ({ limit, after }) => api("/api/quotes", { ...p, limit, after }),
    render: (items) => h("ul", { class: "facts" }, items.map((q) => quoteItem(q))) });
}
