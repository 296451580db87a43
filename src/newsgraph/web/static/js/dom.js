// Building the page from data without ever parsing data as HTML: every string goes in as a
// text node or an attribute value, so a "<script>" in a title shows as text.

export function h(tag, attrs, ...kids) {
  const el = tag.includes(":") ? document.createElementNS("http://www.w3.org/2000/svg", tag.split(":")[1])
                               : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.setAttribute("class", Array.isArray(v) ? v.filter(Boolean).join(" ") : v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "href") el.setAttribute("href", safeHref(v));
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, kids);
  return el;
}

export function append(el, kids) {
  for (const kid of [kids].flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

// Links are either this site's paths or http(s) addresses; anything else (javascript:,
// data:) becomes inert.
export function safeHref(v) {
  const s = String(v);
  if (s.startsWith("/") && !s.startsWith("//")) return s;
  if (s.startsWith("#") || s.startsWith("?")) return s;
  try {
    const u = new URL(s);
    if (u.protocol === "http:" || u.protocol === "https:") return u.href;
  } catch (e) { /* not a URL */ }
  return "#";
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

export function clear(el, ...kids) { el.replaceChildren(); return append(el, kids); }

export function fmtInt(n) { return n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US"); }

export function fmtDate(d) { return d || "undated"; }

export function initials(name) {
  const w = String(name || "?").split(/\s+/).filter(Boolean);
  return ((w[0] || "?")[0] + (w.length > 1 ? w[w.length - 1][0] : "")).toUpperCase();
}

// text with [start, end) ranges (offsets into it) wrapped in <mark>
export function marked(text, ranges, cls = "hit") {
  const out = [];
  let pos = 0;
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (s < pos || e <= s) continue;
    out.push(text.slice(pos, s), h("mark", { class: cls }, text.slice(s, e)));
    pos = e;
  }
  out.push(text.slice(pos));
  return out;
}
