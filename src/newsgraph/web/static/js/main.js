// The page's router: every URL gets the same shell; this picks the view for the path.
import { $, $$, clear } from "./dom.js";
import { errorBox, loading, hideCard } from "./ui.js";
import home from "./views/home.js";
import search from "./views/search.js";
import documentView from "./views/document.js";
import documents from "./views/documents.js";
import actor from "./views/actor.js";
import actors from "./views/actors.js";
import quotes from "./views/quotes.js";
import timeline from "./views/timeline.js";
import { attachSuggest } from "./suggest.js";
import graph from "./views/graph.js";

const ROUTES = [
  [/^\/$/, home, ""],
  [/^\/search$/, search, ""],
  [/^\/documents$/, documents, "documents"],
  [/^\/documents\/([0-9a-fA-F]{4,16})$/, documentView, "documents"],
  [/^\/actors$/, actors, "actors"],
  [/^\/actors\/(\d+)$/, actor, "actors"],
  [/^\/quotes$/, quotes, "quotes"],
  [/^\/timeline$/, timeline, "timeline"],
  [/^\/graph$/, graph, "graph"],
];

let generation = 0;
let lastPath = null;

export function navigate(href, { replace = false } = {}) {
  if (replace) history.replaceState({}, "", href); else history.pushState({}, "", href);
  render();
}

async function render() {
  const path = location.pathname;
  const params = new URLSearchParams(location.search);
  const root = $("#view");
  const gen = ++generation;
  hideCard();
  const q = $("#search-q");
  if (q && path === "/search") q.value = params.get("q") || "";
  let found = null;
  for (const [re, view, nav] of ROUTES) {
    const m = path.match(re);
    if (m) { found = { view, nav, m }; break; }
  }
  for (const a of $$(".nav a")) a.classList.toggle("active", !!found && a.dataset.view === found.nav);
  if (!found) {
    clear(root, errorBox({ status: 404, code: "not_found", message: `There is no page at ${path}.` }));
    return;
  }
  if (path !== lastPath) window.scrollTo(0, 0);
  lastPath = path;
  clear(root, loading());
  const ctx = { params, match: found.m, navigate, alive: () => gen === generation };
  try {
    await found.view(root, ctx);
  } catch (e) {
    if (ctx.alive()) clear(root, errorBox(e));
  }
}

// same-site links change the view without reloading the page
document.addEventListener("click", (e) => {
  const a = e.target.closest && e.target.closest("a");
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (a.target || a.hasAttribute("download") || a.hasAttribute("data-external")) return;
  const u = new URL(a.href, location.href);
  if (u.origin !== location.origin || u.pathname.startsWith("/api") || u.pathname.startsWith("/static")) return;
  e.preventDefault();
  if (u.pathname === location.pathname && u.search === location.search) {
    if (u.hash !== location.hash) { history.pushState({}, "", u); window.dispatchEvent(new HashChangeEvent("hashchange")); }
    return;
  }
  navigate(u.pathname + u.search + u.hash);
});

window.addEventListener("popstate", () => {
  // a hash-only change within one document is the view's business
  if (location.pathname === lastPath && /^\/documents\//.test(lastPath)) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    return;
  }
  render();
});

attachSuggest($("#search-q"), navigate);

$("#search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = $("#search-q").value.trim();
  if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
});

document.addEventListener("keydown", (e) => {
  if (e.key === "/" && document.activeElement === document.body) { e.preventDefault(); $("#search-q").focus(); }
  if (e.key === "Escape") hideCard();
});

render();
