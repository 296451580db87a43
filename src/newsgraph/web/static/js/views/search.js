// Search: sentences (full text), quotes (words or an actor inside them) and actors (names).
import { h, clear, marked } from "../dom.js";
import { api } from "../api.js";
import { pagedList, citeLink } from "../ui.js";
import { actorTable, quoteItem, docLabel } from "./common.js";

function sentenceHit(r) {
  const sents = r.sentences && r.sentences.length ? r.sentences : null;
  return h("div", { class: "result" },
    h("div", { class: "title" }, h("a", { href: `/documents/${r.doc_id}` }, docLabel(r)),
      h("span", { class: "muted" }, "  ", r.published || "undated")),
    sents ? sents.map((s) => h("div", { class: "sentence" },
      marked(s.text, s.hits.map(([a, b]) => [a - s.start, b - s.start])), " ",
      citeLink(r.doc_id, s.start, s.end)))
      : h("div", { class: "sentence muted" }, r.snippet.replace(/[[\]]/g, "")));
}

export default async function search(root, ctx) {
  const q = (ctx.params.get("q") || "").trim();
  if (!q) {
    clear(root, h("div", { class: "panel" }, h("h2", {}, "Search"),
      h("p", {}, "Type a name, a word or a phrase in the box above. Words are matched as stems; use \"quotes\" for a phrase, AND / OR / NOT, and a trailing * for a prefix.")));
    return;
  }
  const head = (id, title) => h("h2", {}, title, h("span", { class: "count", id }));
  const actorsBox = h("div"), quotesBox = h("div"), sentBox = h("div");
  clear(root,
    h("div", { class: "pagehead" }, h("div", {}, h("h1", {}, "Results for ", q.startsWith('"') ? q : h("q", {}, q)))),
    h("div", { class: "grid side" },
      h("section", { class: "panel", id: "sentences" }, head("n-sent", "Sentences"), sentBox),
      h("div", {},
        h("section", { class: "panel", id: "actors" }, head("n-act", "Actors"), actorsBox),
        h("section", { class: "panel", id: "quotes" }, head("n-quo", "Quotes"), quotesBox))));
  const setCount = (id) => (page) => { const el = document.getElementById(id); if (el) el.textContent = page.total ?? ""; };
  // words with punctuation ("U.S.", "e-mail") are FTS5 syntax errors as typed: search the
  // words as a phrase instead, and say so
  let ftsQ = q;
  const note = h("div", { class: "notice hidden" });
  sentBox.before(note);
  const searchPage = async (params) => {
    try {
      return await api("/api/search", { q: ftsQ, ...params });
    } catch (e) {
      if (e.code !== "bad_query" || ftsQ !== q) throw e;
      ftsQ = `"${q.replace(/"/g, '""')}"`;
      note.textContent = `“${q}” is not a full-text query as typed (punctuation is query syntax): searched for the phrase ${ftsQ} instead.`;
      note.classList.remove("hidden");
      return api("/api/search", { q: ftsQ, ...params });
    }
  };
  pagedList(sentBox, {
    limit: 10, emptyText: "No sentence matches.", onPage: setCount("n-sent"),
    fetchPage: ({ limit, after }) => searchPage({ limit, after }),
    render: (items) => items.map(sentenceHit),
  });
  pagedList(actorsBox, {
    limit: 8, emptyText: "No actor of that name.", onPage: setCount("n-act"),
    fetchPage: ({ limit, after }) => api("/api/actors", { q: q.replace(/["*]/g, ""), limit, after }),
    render: (items) => actorTable(items, { compact: true }),
  });
  pagedList(quotesBox, {
    limit: 6, emptyText: "No quote mentions it.", onPage: setCount("n-quo"),
    fetchPage: ({ limit, after }) => api("/api/quotes", { about: q.replace(/["*]/g, ""), limit, after }),
    render: (items) => h("ul", { class: "facts" }, items.map((x) => quoteItem(x))),
  });
}
