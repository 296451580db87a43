// Actors across documents, most mentioned first; filter by type or name.
import { h, clear } from "../dom.js";
import { api } from "../api.js";
import { pagedList } from "../ui.js";
import { actorTable } from "./common.js";

export default async function actors(root, ctx) {
  const type = ctx.params.get("type") || "";
  const q = ctx.params.get("q") || "";
  const box = h("div");
  const form = h("form", { class: "filters", onsubmit: (e) => {
      e.preventDefault();
      const f = new FormData(form), p = new URLSearchParams();
      for (const [k, v] of f) if (v) p.set(k, v);
      ctx.navigate(`/actors${p.toString() ? "?" + p : ""}`);
    } },
    h("label", {}, "Name", h("input", { name: "q", value: q, class: "wide", placeholder: "name, alias or ISO3" })),
    h("label", {}, "Type", h("select", { name: "type" }, ["", "PERSON", "COUNTRY", "ORG", "LOCATION", "GROUP"].map((t) =>
      h("option", { value: t, selected: t === type.toUpperCase() }, t ? t.toLowerCase() : "any")))),
    h("button", { class: "btn primary", type: "submit" }, "Filter"));
  clear(root, h("div", { class: "pagehead" }, h("div", {}, h("h1", {}, "Actors"), h("div", { class: "sub" }, "People, states and organisations across every document"))),
    h("section", { class: "panel" }, form), h("section", { class: "panel" }, box));
  pagedList(box, { limit: 50, emptyText: "No actor matches.",
    fetchPage: ({ limit, after }) => api("/api/actors", { q, type, limit, after }), render: actorTable });
}
