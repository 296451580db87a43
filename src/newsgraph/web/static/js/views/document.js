// One document: its text with every fact highlighted (entities, quotes and their speakers,
// times, events), a card on hover, and the lists of facts beside it. Every fact links to
// its sentence; a URL ending in #at=START-END opens the document at that sentence.
import { h, clear, fmtInt, $$ } from "../dom.js";
import { api } from "../api.js";
import { showCard, hideCard, dl, gsChip, typeChip, actorName, CAMEO_ROOTS } from "../ui.js";
import { clip, docLabel } from "./common.js";

const LAYERS = [["ent", "entities"], ["quote", "quotes"], ["time", "times"], ["event", "events"]];

function annotations(doc) {
  const out = [];
  for (const e of doc.entities) {
    for (const m of e.mentions) out.push({ start: m.start, end: m.end, kind: "ent", cls: ["ent", e.type], fact: e, mention: m });
  }
  doc.quotes.forEach((q) => {
    out.push({ start: q.start, end: q.end, kind: "quote", cls: ["quote"], fact: q });
    const m = q.speaker && q.speaker.mention;
    if (m && m.end > m.start) out.push({ start: m.start, end: m.end, kind: "speaker", cls: ["speaker"], fact: q });
  });
  for (const t of doc.times) out.push({ start: t.start, end: t.end, kind: "time", cls: ["time"], fact: t });
  for (const ev of doc.events) {
    const tr = ev.trigger;
    if (tr && tr.end > tr.start) out.push({ start: tr.start, end: tr.end, kind: "trigger", cls: ["trigger"], fact: ev });
    // where the event's source and target are named: lit with the trigger on hover
    for (const side of ["source", "target"]) {
      const m = ev[side] && ev[side].mention;
      if (m && m.end > m.start) out.push({ start: m.start, end: m.end, kind: "evside", cls: ["evside"], fact: ev });
    }
  }
  return out.filter((a) => Number.isInteger(a.start) && Number.isInteger(a.end) && a.end > a.start && a.start >= 0 && a.end <= doc.text.length);
}

// cut [s, e) of the text at every annotation boundary; each piece knows what covers it
function segments(text, s, e, anns, segOf, factSegs) {
  const inside = anns.filter((a) => a.start < e && a.end > s);
  const cuts = new Set([s, e]);
  for (const a of inside) { cuts.add(Math.max(s, a.start)); cuts.add(Math.min(e, a.end)); }
  const pts = [...cuts].sort((x, y) => x - y);
  const out = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i], b = pts[i + 1];
    const cover = inside.filter((x) => x.start <= a && x.end >= b);
    const piece = text.slice(a, b);
    if (!cover.length) { out.push(piece); continue; }
    const cls = new Set(["seg"]);
    for (const c of cover) for (const k of c.cls) cls.add(k);
    const span = h("span", { class: [...cls].join(" ") }, piece);
    segOf.set(span, cover);
    for (const c of cover) { if (!factSegs.has(c.fact)) factSegs.set(c.fact, []); factSegs.get(c.fact).push(span); }
    out.push(span);
  }
  return out;
}

function factCard(a, doc) {
  const f = a.fact;
  if (a.kind === "ent") {
    const roles = (f.roles || []).map((r) => [r.qualifier, r.title, r.of ? `of ${r.of}` : null, r.source === "dictionary" ? "(dictionary)" : null].filter(Boolean).join(" "));
    return h("div", { class: "row" }, h("div", { class: "kind" }, `Entity · ${f.type}`),
      h("div", { class: "name" }, f.name),
      dl([["country", f.country], ["roles", roles.join("; ")], ["mention", `“${a.mention.text}” (${a.mention.kind})`],
          ["in text", `${f.mentions.length} mention${f.mentions.length === 1 ? "" : "s"}`]]));
  }
  if (a.kind === "quote" || a.kind === "speaker") {
    const sp = f.speaker || {};
    return h("div", { class: "row" }, h("div", { class: "kind" }, a.kind === "speaker" ? "Speaker of a quote" : `Quote · ${f.style || f.kind}`),
      h("div", {}, "Speaker: ", h("b", { class: "card-speaker" }, sp.name || "unknown")),
      dl([["named as", sp.mention ? `“${sp.mention.text}”` : null], ["cue", f.cue], ["quote", clip(f.text, 160)]]));
  }
  if (a.kind === "time") {
    return h("div", { class: "row" }, h("div", { class: "kind" }, `Time · ${f.timex_type || f.kind}`),
      h("div", { class: "name" }, f.text), dl([["value", f.value], ["modifier", f.mod], ["anchored to", doc.published]]));
  }
  return eventCard(f);
}

function eventCard(ev) {
  const root = (ev.cameo || "").slice(0, 2);
  return h("div", { class: "row" }, h("div", { class: "kind" }, "Event"),
    h("div", {}, gsChip(ev.goldstein), " ", h("b", {}, actorName(ev.source)), h("span", { class: "arrow" }, "→"), h("b", {}, actorName(ev.target))),
    dl([["what", ev.label || CAMEO_ROOTS[root]], ["CAMEO", ev.cameo], ["PLOVER", ev.plover], ["modality", ev.modality],
        ["date", ev.date], ["where", ev.location], ["confidence", ev.confidence !== undefined ? Number(ev.confidence).toFixed(2) : null]]));
}

export default async function documentView(root, ctx) {
  const id = ctx.match[1].toLowerCase();
  const doc = await api(`/api/documents/${id}`);
  if (!ctx.alive()) return;
  document.title = `${doc.title || doc.doc_id} · newsgraph`;
  const anns = annotations(doc);
  const segOf = new Map(), factSegs = new Map();
  const evBySent = new Map();
  for (const ev of doc.events) {
    if (ev.sentence === null || ev.sentence === undefined) continue;
    if (!evBySent.has(ev.sentence)) evBySent.set(ev.sentence, []);
    evBySent.get(ev.sentence).push(ev);
  }

  // ---- the text, paragraph by paragraph, sentence by sentence
  const text = h("div", { class: "doctext", id: "doctext" });
  const sentEls = [];
  if (doc.sentences.length) {
    let para = null, pno = null;
    for (const s of doc.sentences) {
      if (para === null || s.paragraph !== pno) { para = h("p"); text.append(para); pno = s.paragraph; }
      else para.append(" ");
      const el = h("span", { class: ["sent", evBySent.has(s.idx) ? "has-event" : ""], id: `s${s.idx}`, dataset: { idx: s.idx } },
                   segments(doc.text, s.start, s.end, anns, segOf, factSegs));
      sentEls[s.idx] = el;
      para.append(el);
    }
  } else {
    let pos = 0;
    for (const chunk of doc.text.split(/\n\s*\n/)) {
      const s = doc.text.indexOf(chunk, pos); pos = s + chunk.length;
      text.append(h("p", {}, segments(doc.text, s, s + chunk.length, anns, segOf, factSegs)));
    }
  }

  // hovering a quote lights its speaker, and the other way round
  let lit = [];
  const light = (facts) => {
    for (const el of lit) el.classList.remove("lit");
    lit = facts.flatMap((f) => factSegs.get(f) || []);
    for (const el of lit) el.classList.add("lit");
  };
  text.addEventListener("mouseover", (e) => {
    const seg = e.target.closest(".seg");
    const sent = e.target.closest(".sent");
    light(seg && segOf.has(seg) ? segOf.get(seg).filter((a) => a.kind !== "ent" && a.kind !== "time").map((a) => a.fact) : []);
    const rows = [];
    if (seg && segOf.has(seg)) {
      const order = { speaker: 0, ent: 1, time: 2, trigger: 3, evside: 3, quote: 4 };
      const shown = new Set();
      for (const a of [...segOf.get(seg)].sort((x, y) => order[x.kind] - order[y.kind])) {
        if ((a.kind === "trigger" || a.kind === "evside") && shown.has(a.fact)) continue;
        shown.add(a.fact);
        rows.push(factCard(a, doc));
      }
    }
    if (sent && evBySent.has(Number(sent.dataset.idx))) {
      for (const ev of evBySent.get(Number(sent.dataset.idx))) if (!seg || !segOf.get(seg).some((a) => a.fact === ev)) rows.push(eventCard(ev));
    }
    if (rows.length) showCard(seg || sent, rows, e); else hideCard();
  });
  text.addEventListener("mouseleave", () => { hideCard(); light([]); });

  // ---- jumping to a fact's sentence
  // the sentence jumped to stays marked (.target) until the next jump; it flashes first
  function flash(els) {
    for (const el of $$(".flash, .hl, .target", text)) el.classList.remove("flash", "hl", "target");
    const list = els.filter(Boolean);
    if (!list.length) return;
    list[0].scrollIntoView({ block: "center", behavior: "smooth" });
    for (const el of list) el.classList.add(...(el.classList.contains("sent") ? ["flash", "target"] : ["hl"]));
    setTimeout(() => list.forEach((el) => el.classList.remove("flash", "hl")), 2600);
  }
  function sentenceAt(pos) {
    const s = doc.sentences.find((x) => x.start <= pos && pos < Math.max(x.end, x.start + 1));
    return s ? sentEls[s.idx] : null;
  }
  function goToFact(fact, pos) {
    const segs = factSegs.get(fact) || [];
    const sent = fact.sentence !== undefined && fact.sentence !== null ? sentEls[fact.sentence] : sentenceAt(pos);
    flash([sent, ...segs]);
  }
  function onHash() {
    const hsh = decodeURIComponent(location.hash.slice(1));
    let m;
    if ((m = hsh.match(/^at=(\d+)(?:-(\d+))?$/))) {
      const s = Number(m[1]), e = Number(m[2] ?? m[1]);
      const hit = [...segOf.keys()].filter((seg) => segOf.get(seg).some((a) => a.start <= s && a.end >= e && a.kind !== "ent"));
      flash([sentenceAt(s), ...hit]);
    } else if ((m = hsh.match(/^s(\d+)$/))) flash([sentEls[Number(m[1])]]);
    else if ((m = hsh.match(/^e=(.+)$/))) { const ev = doc.events.find((x) => x.id === m[1]); if (ev) goToFact(ev, ev.evidence.start); }
  }

  // ---- the side lists
  const tabs = [
    ["entities", "Entities", doc.entities.length, () => entityList(doc, goToFact)],
    ["quotes", "Quotes", doc.quotes.length, () => quoteList(doc, goToFact)],
    ["times", "Times", doc.times.length, () => timeList(doc, goToFact)],
    ["events", "Events", doc.events.length, () => eventList(doc, goToFact)],
    ["info", "Sources", doc.sources.length, () => infoList(doc)],
  ];
  const tabBar = h("div", { class: "tabs", role: "tablist" });
  const tabBody = h("div");
  function openTab(key) {
    for (const b of tabBar.children) b.classList.toggle("on", b.dataset.key === key);
    const t = tabs.find((x) => x[0] === key);
    clear(tabBody, t[3]());
  }
  for (const [key, label, n] of tabs) tabBar.append(h("button", { type: "button", role: "tab", dataset: { key }, onclick: () => openTab(key) }, label, h("span", { class: "n" }, n)));

  // ---- legend / layer switches
  const legend = h("div", { class: "legend" }, "Highlight:",
    LAYERS.map(([k, label]) => h("label", {}, h("input", { type: "checkbox", checked: true, onchange: (e) => text.classList.toggle(`off-${k}`, !e.target.checked) }),
      " ", h("span", { class: `sw sw-${k}` }), label)));

  const srcUrl = doc.url && /^https?:/i.test(doc.url) ? doc.url : null;
  const head = h("section", { class: "panel doc-head" },
    h("h1", { id: "doc-title" }, doc.title || h("span", { class: "muted" }, docLabel(doc), " (no title)")),
    h("div", { class: "meta" },
      h("span", {}, doc.published ? `Published ${doc.published}` : "Undated", doc.published_source ? h("span", { class: "faint" }, ` (${doc.published_source})`) : null),
      doc.author ? h("span", {}, `By ${doc.author}`) : null,
      srcUrl ? h("a", { href: srcUrl, "data-external": true, rel: "noopener noreferrer", target: "_blank" }, new URL(srcUrl).hostname) : h("span", { class: "mono" }, doc.source),
      h("span", { class: "mono faint" }, doc.doc_id),
      h("span", {}, `${fmtInt(doc.text.length)} characters · ${doc.sentences.length} sentences`)),
    legend);
  const warn = doc.warnings && doc.warnings.length
    ? h("div", { class: "notice" }, "Warnings: ", doc.warnings.map((w) => `${w.code}: ${w.message}`).join("; ")) : null;
  const skipped = doc.skipped && doc.skipped.length ? h("div", { class: "notice" }, "Not annotated: ", doc.skipped.join("; ")) : null;

  clear(root, head, warn, skipped,
    h("div", { class: "grid side" },
      h("section", { class: "panel" }, text),
      h("aside", { class: "panel sidebar" }, tabBar, tabBody)));
  openTab(doc.quotes.length ? "quotes" : "entities");
  window.addEventListener("hashchange", onHash);
  const off = () => { if (!ctx.alive()) { window.removeEventListener("hashchange", onHash); window.removeEventListener("popstate", off); } };
  window.addEventListener("popstate", off);
  if (location.hash) setTimeout(onHash, 50);
}

function entityList(doc, go) {
  if (!doc.entities.length) return h("div", { class: "empty" }, "No entities.");
  const byType = [...doc.entities].sort((a, b) => b.mentions.length - a.mentions.length);
  return h("ul", { class: "facts" }, byType.map((e) => h("li", { onclick: (ev) => { if (!ev.target.closest("a")) go(e, e.mentions[0]?.start); } },
    h("div", {}, e.actor_id ? h("a", { href: `/actors/${e.actor_id}` }, e.name) : h("b", {}, e.name), " ", typeChip(e.type),
      e.country ? h("span", { class: "mono faint" }, ` ${e.country}`) : null),
    h("div", { class: "fact-meta" }, `${e.mentions.length} mention${e.mentions.length === 1 ? "" : "s"}`,
      (e.roles || []).map((r) => h("span", { class: r.source === "dictionary" ? "chip dict" : "chip" }, [r.qualifier, r.title, r.of ? `of ${r.of}` : null].filter(Boolean).join(" ")))))));
}

function quoteList(doc, go) {
  if (!doc.quotes.length) return h("div", { class: "empty" }, "No quotes.");
  return h("ul", { class: "facts", id: "quote-list" }, doc.quotes.map((q) => h("li", { onclick: (ev) => { if (!ev.target.closest("a")) go(q, q.start); } },
    h("div", { class: ["qtext", q.kind === "indirect" ? "indirect" : ""] }, clip(q.text, 220)),
    h("div", { class: "fact-meta" },
      q.speaker.actor_id ? h("a", { href: `/actors/${q.speaker.actor_id}`, class: "speaker-name" }, q.speaker.name || "?")
                         : h("b", { class: "speaker-name" }, q.speaker.name || "unknown speaker"),
      q.cue ? h("span", { class: "faint" }, q.cue) : null, h("span", { class: "chip" }, q.style || q.kind)))));
}

function timeList(doc, go) {
  if (!doc.times.length) return h("div", { class: "empty" }, "No time expressions.");
  return h("ul", { class: "facts" }, doc.times.map((t) => h("li", { onclick: () => go(t, t.start) },
    h("b", {}, t.text), h("span", { class: "arrow" }, "→"), h("span", { class: "mono" }, t.value),
    h("div", { class: "fact-meta" }, h("span", { class: "chip" }, t.timex_type || t.kind), t.mod ? h("span", { class: "chip" }, t.mod) : null))));
}

function eventList(doc, go) {
  if (!doc.events.length) return h("div", { class: "empty" }, "No events coded in this document.");
  return h("ul", { class: "facts" }, doc.events.map((ev) => h("li", { onclick: () => go(ev, ev.evidence.start) },
    h("div", {}, gsChip(ev.goldstein), " ", h("b", {}, actorName(ev.source)), h("span", { class: "arrow" }, "→"), h("b", {}, actorName(ev.target))),
    h("div", { class: "fact-meta" }, h("span", {}, ev.label || CAMEO_ROOTS[(ev.cameo || "").slice(0, 2)] || ""),
      h("span", { class: "mono" }, ev.cameo), ev.modality !== "asserted" ? h("span", { class: "chip mod" }, ev.modality) : null,
      ev.date ? h("span", {}, ev.date) : null))));
}

function infoList(doc) {
  return h("div", {},
    h("h3", {}, "Sources"),
    h("ul", { class: "facts" }, doc.sources.map((s) => h("li", {}, h("div", { class: "mono" }, s.source),
      h("div", { class: "fact-meta" }, h("span", { class: "chip" }, s.kind), s.similarity ? `similarity ${Number(s.similarity).toFixed(2)}` : null, s.first_seen)))),
    doc.removed.length ? h("details", { class: "removed" }, h("summary", {}, `Removed boilerplate (${doc.removed.length})`),
      h("ul", {}, doc.removed.map((r) => h("li", {}, clip(r, 200))))) : null);
}
