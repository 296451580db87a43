// Every stored document, newest first, paged on the server.
import { h, clear } from "../dom.js";
import { api } from "../api.js";
import { pagedList } from "../ui.js";
import { docTable } from "./common.js";

export default async function documents(root) {
  const box = h("div");
  clear(root, h("div", { class: "pagehead" }, h("div", {}, h("h1", {}, "Documents"), h("div", { class: "sub" }, "Newest first"))),
    h("section", { class: "panel" }, box));
  pagedList(box, { limit: 50, emptyText: "The store holds no documents yet.",
    fetchPage: ({ limit, after }) => api("/api/documents", { limit, after }), render: docTable });
}
