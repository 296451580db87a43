// Rows that several views show the same way.
import { h } from "../dom.js";
import { citeLink, typeChip, gsChip, actorLink, CAMEO_ROOTS } from "../ui.js";

export function quoteItem(q, { showSpeaker = true } = {}) {
  return h("li", { class: "quote-item" },
    h("div", { class: ["qtext", q.kind === "indirect" ? "indirect" : ""] }, q.text),
    h("div", { class: "fact-meta" },
      showSpeaker ? (q.actor_id ? h("a", { href: `/actors/${q.actor_id}`, class: "speaker-name" }, q.speaker || "?")
                                : h("span", { class: "speaker-name" }, q.speaker || "unknown speaker")) : null,
      q.cue ? h("span", { class: "faint" }, q.cue) : null,
      h("span", { class: "chip" }, q.kind),
      h("span", {}, q.published || "undated"),
      h("a", { href: `/documents/${q.doc_id}`, class: "muted", title: q.title || q.source || "" }, clip(docLabel(q), 60)),
      citeLink(q.doc_id, q.start, q.end)));
}

export function actorRow(a, compact = false) {
  return h("tr", {},
    h("td", {}, h("a", { href: `/actors/${a.id}` }, a.name)),
    h("td", {}, typeChip(a.type)),
    h("td", { class: "mono" }, a.country || ""),
    h("td", { class: "num" }, a.documents), h("td", { class: "num" }, a.mentions),
    compact ? null : h("td", { class: "num" }, a.quotes),
    compact ? null : h("td", { class: "nowrap muted" }, `${a.first_seen || "?"} – ${a.last_seen || "?"}`));
}

// compact: for a narrow panel (no quotes and dates columns)
export function actorTable(rows, { compact = false } = {}) {
  return h("table", { class: "t" },
    h("thead", {}, h("tr", {}, h("th", {}, "Actor"), h("th", {}, "Type"), h("th", {}, "Country"),
      h("th", { class: "num" }, "Docs"), h("th", { class: "num" }, "Mentions"),
      compact ? null : h("th", { class: "num" }, "Quotes"), compact ? null : h("th", {}, "Seen"))),
    h("tbody", {}, rows.map((a) => actorRow(a, compact))));
}

// what to call a document in a list: its title, else the file or URL it came from
export function docLabel(d) {
  if (d.title) return d.title;
  const src = String(d.source || d.doc_id || "");
  return src.replace(/[?#].*$/, "").split("/").filter(Boolean).pop() || d.doc_id;
}

export function docTable(rows) {
  return h("table", { class: "t" },
    h("thead", {}, h("tr", {}, h("th", {}, "Published"), h("th", {}, "Title"),
      h("th", { class: "num" }, "Entities"), h("th", { class: "num" }, "Quotes"),
      h("th", { class: "num" }, "Sources"))),
    h("tbody", {}, rows.map((d) => h("tr", {},
      h("td", { class: "nowrap muted" }, d.published || "undated"),
      h("td", {}, h("a", { href: `/documents/${d.doc_id}` }, docLabel(d))),
      h("td", { class: "num" }, d.n_entities ?? ""), h("td", { class: "num" }, d.n_quotes ?? ""),
      h("td", { class: "num" }, d.n_sources ?? "")))));
}

// one per-document event (the contract's record)
export function eventItem(ev, docId) {
  const root = (ev.cameo || "").slice(0, 2);
  return h("li", {},
    h("div", {}, gsChip(ev.goldstein), " ",
      h("b", {}, actorLink(ev.source)), h("span", { class: "arrow" }, "→"), h("b", {}, actorLink(ev.target))),
    ev.evidence_text ? h("div", { class: "sentence" }, ev.evidence_text) : null,
    h("div", { class: "fact-meta" },
      h("span", {}, ev.label || CAMEO_ROOTS[root] || ""), h("span", { class: "mono" }, `CAMEO ${ev.cameo}`),
      ev.plover ? h("span", { class: "mono" }, ev.plover) : null,
      ev.modality && ev.modality !== "asserted" ? h("span", { class: "chip mod" }, ev.modality) : null,
      ev.date ? h("span", {}, ev.date) : null, ev.location ? h("span", {}, ev.location) : null,
      docId || ev.doc_id ? citeLink(docId || ev.doc_id, ev.evidence?.start, ev.evidence?.end) : null));
}

export function clip(s, n) { s = String(s ?? ""); return s.length > n ? s.slice(0, n - 1) + "…" : s; }
