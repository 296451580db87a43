// Pieces every view uses: pagers, chips, the Goldstein colour scale, the hover card, links
// from a fact to its sentence.
import { h, clear, append, fmtInt } from "./dom.js";

export const CAMEO_ROOTS = {
  "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
  "04": "Consult", "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation",
  "07": "Provide aid", "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove",
  "12": "Reject", "13": "Threaten", "14": "Protest", "15": "Exhibit force posture",
  "16": "Reduce relations", "17": "Coerce", "18": "Assault", "19": "Fight",
  "20": "Use unconventional mass violence",
};
export const QUADS = { 1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict",
                       4: "Material conflict" };

// Goldstein: -10 (conflict) .. 0 .. +10 (cooperation)
export function gsColor(v) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return "#9aa0a6";
  const t = Math.max(-1, Math.min(1, Number(v) / 10));
  const mix = (a, b, f) => Math.round(a + (b - a) * f);
  const [r0, g0, b0] = [154, 160, 166], [rc, gc, bc] = [192, 57, 43], [rg, gg, bg] = [30, 132, 73];
  const [r1, g1, b1] = t < 0 ? [rc, gc, bc] : [rg, gg, bg];
  const f = Math.abs(t);
  return `rgb(${mix(r0, r1, f)}, ${mix(g0, g1, f)}, ${mix(b0, b1, f)})`;
}

export function gsChip(v) {
  const el = h("span", { class: "chip gs", title: "Goldstein score (-10 conflict … +10 cooperation)" },
               v === null || v === undefined ? "n/a" : (v > 0 ? "+" : "") + Number(v).toFixed(1));
  el.style.backgroundColor = gsColor(v);
  return el;
}

export function typeChip(t) { return h("span", { class: ["chip", t] }, (t || "?").toLowerCase()); }

export function actorName(x) {
  if (!x) return "?";
  if (typeof x === "string") return x;
  return x.name || x.country || x.code || "?";
}

export function actorLink(x) {
  const name = actorName(x);
  if (x && typeof x === "object" && x.actor_id) return h("a", { href: `/actors/${x.actor_id}` }, name);
  return h("span", {}, name);
}

// a link to the sentence a fact came from: the document view scrolls to it and lights it
export function citeLink(docId, start, end, label = "sentence") {
  const frag = start === null || start === undefined ? "" : `#at=${start}-${end ?? start}`;
  return h("a", { class: "cite", href: `/documents/${docId}${frag}`, title: "open the sentence" }, label);
}

export function loading(text = "Loading…") { return h("div", { class: "loading" }, text); }

export function errorBox(err) {
  return h("div", { class: "error", role: "alert" },
           h("b", {}, err.status ? `${err.status} ${err.code || ""}` : "Error"), err.message || String(err));
}

export function empty(text) { return h("div", { class: "empty" }, text); }

// A list that pages on the server. fetchPage({limit, offset, after}) -> {items, total, next}.
// Offset pages (``offset`` in the answer) jump anywhere; cursor pages go forward and back.
export function pagedList(container, { fetchPage, render, limit = 25, emptyText = "Nothing here.",
                                       onPage } = {}) {
  const body = h("div");
  const pager = h("div", { class: "pager" });
  clear(container, body, pager);
  const cursors = [null];
  let at = 0;   // page number
  async function go(n) {
    body.replaceChildren(loading());
    let page;
    try {
      page = await fetchPage({ limit, offset: n * limit, after: cursors[n] });
    } catch (e) { body.replaceChildren(errorBox(e)); pager.replaceChildren(); return; }
    at = n;
    if (page.next && cursors.length === n + 1) cursors.push(page.next);
    body.replaceChildren();
    if (!page.items.length) body.append(empty(emptyText));
    else append(body, render(page.items, page));
    const first = n * limit + 1, last = n * limit + page.items.length;
    const total = page.total;
    const info = page.items.length ? `${fmtInt(first)}–${fmtInt(last)}` + (total !== null && total !== undefined ? ` of ${fmtTotal(page)}` : "") : "";
    const prev = h("button", { class: "btn small", disabled: n === 0, onclick: () => go(n - 1) }, "‹ Prev");
    const next = h("button", { class: "btn small", disabled: !page.next, onclick: () => go(n + 1) }, "Next ›");
    pager.replaceChildren(h("span", { class: "info" }, info));
    if (n > 0 || page.next) pager.append(prev, next);
    if (onPage) onPage(page);
  }
  go(0);
  return { reload: () => { cursors.length = 1; go(0); } };
}

// a list's total as the API gives it: exact, or a lower bound ("5,000+") where the server
// stopped counting (``total_exact`` false)
export function fmtTotal(page) {
  if (!page || page.total === null || page.total === undefined) return "";
  return fmtInt(page.total) + (page.total_exact === false ? "+" : "");
}

// ---------------------------------------------------------------- hover card
const card = () => document.getElementById("card");

export function showCard(target, content, ev) {
  const c = card();
  clear(c, content);
  c.hidden = false;
  const r = target.getBoundingClientRect();
  const cw = c.offsetWidth, ch = c.offsetHeight;
  let x = (ev && ev.clientX) ? ev.clientX + 12 : r.left;
  let y = r.bottom + 8;
  if (x + cw > innerWidth - 8) x = innerWidth - cw - 8;
  if (y + ch > innerHeight - 8) y = r.top - ch - 8;
  c.style.left = `${Math.max(8, x)}px`;
  c.style.top = `${Math.max(8, y)}px`;
}

export function hideCard() { const c = card(); if (c) c.hidden = true; }

export function dl(pairs) {
  const el = h("dl");
  for (const [k, v] of pairs) if (v !== null && v !== undefined && v !== "") el.append(h("dt", {}, k), h("dd", {}, v));
  return el;
}

// The timeline's filters after its actor field (pair, dates, type, quad class, reports):
// the timeline and the graph take the same ones.
export function filterFields(f) {
  return [
    h("label", {}, "With (pair)", h("input", { name: "b", value: f.b, placeholder: "optional second actor" })),
    h("label", {}, "Since", h("input", { name: "since", type: "date", value: f.since })),
    h("label", {}, "Until", h("input", { name: "until", type: "date", value: f.until })),
    h("label", {}, "Event type", h("select", { name: "cameo" }, h("option", { value: "" }, "any"),
      Object.entries(CAMEO_ROOTS).map(([k, v]) => h("option", { value: k, selected: k === f.cameo }, `${k} ${v}`)))),
    h("label", {}, "Quad class", h("select", { name: "quad" }, h("option", { value: "" }, "any"),
      Object.entries(QUADS).map(([k, v]) => h("option", { value: k, selected: k === f.quad }, `${k} ${v}`)))),
    h("label", {}, "Min. reports", h("input", { name: "min_reports", type: "number", min: 1, value: f.min_reports })),
  ];
}
