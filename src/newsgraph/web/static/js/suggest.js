// Actor suggestions under the search box: names, aliases and ISO3 codes as you type.
import { h, clear } from "./dom.js";
import { api } from "./api.js";
import { typeChip } from "./ui.js";

export function attachSuggest(input, navigate) {
  const box = h("div", { class: "suggest", role: "listbox", hidden: true });
  input.parentElement.append(box);
  input.setAttribute("aria-autocomplete", "list");
  let timer = null, seq = 0, items = [], at = -1;
  const close = () => { box.hidden = true; items = []; at = -1; };
  const mark = () => items.forEach((el, i) => el.classList.toggle("on", i === at));
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      let page;
      try { page = await api("/api/actors", { q, limit: 7 }); } catch (e) { close(); return; }
      if (mine !== seq || input.value.trim() !== q) return;
      if (!page.items.length) { close(); return; }
      items = page.items.map((a) => h("a", { class: "opt", role: "option", href: `/actors/${a.id}`,
                                              onmousedown: (e) => e.preventDefault() },
        h("span", { class: "nm" }, a.name), " ", typeChip(a.type),
        a.country ? h("span", { class: "mono faint" }, ` ${a.country}`) : null,
        h("span", { class: "faint n" }, `${a.documents} doc${a.documents === 1 ? "" : "s"}`)));
      clear(box, h("div", { class: "hd" }, "Actors"), items);
      box.hidden = false; at = -1;
    }, 140);
  });
  input.addEventListener("keydown", (e) => {
    // Enter searches: suggestions still on their way would cover the results
    if (e.key === "Enter" && (box.hidden || at < 0)) { clearTimeout(timer); seq++; close(); return; }
    if (box.hidden) return;
    if (e.key === "ArrowDown") { at = Math.min(items.length - 1, at + 1); mark(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { at = Math.max(-1, at - 1); mark(); e.preventDefault(); }
    else if (e.key === "Enter" && at >= 0) { e.preventDefault(); const href = items[at].getAttribute("href"); close(); navigate(href); }
    else if (e.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 120));
  box.addEventListener("click", () => close());
}
