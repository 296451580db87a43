"""The actor network (``query.graph``) as a file: node-link JSON, GraphML or GEXF (networkx),
or a picture (SVG, PNG; matplotlib, the ``plot`` extra).

The picture is meant to be read: the most active actors only (``top``), labelled; edge
width by event count, colour by mean Goldstein score from red (conflict, -10) through grey
to green (cooperation, +10); arrows from source to target.
"""

from __future__ import annotations

import io
import json
from typing import Any

from .errors import DependencyMissing, QueryError

FORMATS = ("json", "graphml", "gexf", "svg", "png")


def to_networkx(g: dict[str, Any]) -> Any:
    import networkx as nx
    G = nx.DiGraph(level=g["level"])
    for n in g["nodes"]:
        G.add_node(n["id"], **{k: v for k, v in n.items() if k != "id" and v is not None})
    for e in g["edges"]:
        attrs = {k: v for k, v in e.items() if k not in ("source", "target", "quad")
                 and v is not None}
        for q, n in e["quad"].items():
            attrs[f"quad{q}"] = n
        G.add_edge(e["source"], e["target"], weight=e["events"], **attrs)
    return G


def render(g: dict[str, Any], fmt: str, *, top: int = 40, title: str | None = None) -> bytes:
    """The graph in format ``fmt`` (one of FORMATS), as bytes."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown graph format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "json":
        return (json.dumps(g, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    import networkx as nx
    G = to_networkx(g)
    if fmt in ("graphml", "gexf"):
        buf = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(G, buf)
        return buf.getvalue()
    return _picture(G, fmt, top, title)


def _picture(G: Any, fmt: str, top: int, title: str | None) -> bytes:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.colors import LinearSegmentedColormap, Normalize
    except ImportError:
        raise DependencyMissing("matplotlib (for svg and png graphs)",
                                "pip install 'newsgraph[plot]'") from None
    import networkx as nx

    keep = sorted(G.nodes, key=lambda n: (-G.nodes[n].get("events", 0), str(n)))[:top]
    H = G.subgraph(keep).copy()
    fig, ax = plt.subplots(figsize=(12, 9), dpi=110)
    ax.set_axis_off()
    cmap = LinearSegmentedColormap.from_list("goldstein", ["#c62828", "#9e9e9e", "#2e7d32"])
    norm = Normalize(-10, 10)
    if H.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no events match", ha="center", va="center", fontsize=16)
    else:
        pos = nx.spring_layout(H, seed=7, k=1.6 / max(1, H.number_of_nodes()) ** 0.5,
                               iterations=200)
        counts = [H.nodes[n].get("events", 1) for n in H.nodes]
        big = max(counts)
        sizes = [300 + 2200 * c / big for c in counts]
        colours = ["#1565c0" if H.nodes[n].get("type") == "COUNTRY" else "#ef6c00"
                   for n in H.nodes]
        nx.draw_networkx_nodes(H, pos, ax=ax, node_size=sizes, node_color=colours, alpha=0.85,
                               linewidths=1, edgecolors="white")
        edges = list(H.edges(data=True))
        if edges:
            most = max(d["weight"] for _, _, d in edges)
            nx.draw_networkx_edges(
                H, pos, ax=ax, edgelist=[(u, v) for u, v, _ in edges],
                width=[1 + 5 * d["weight"] / most for _, _, d in edges],
                edge_color=[cmap(norm(d.get("goldstein_mean") or 0.0)) for _, _, d in edges],
                arrows=True, arrowsize=14, connectionstyle="arc3,rad=0.12",
                node_size=sizes, alpha=0.9)
        labels = {n: H.nodes[n].get("name", n) for n in H.nodes}
        nx.draw_networkx_labels(H, pos, labels, ax=ax, font_size=9,
                                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                                      "alpha": 0.75})
        sm = plt.cm.ScalarMappable(cmap=cmap, norm=norm)
        bar = fig.colorbar(sm, ax=ax, shrink=0.5, pad=0.01)
        bar.set_label("mean Goldstein score (conflict - cooperation)")
        hidden = G.number_of_nodes() - H.number_of_nodes()
        note = (f"{H.number_of_nodes()} actors, {H.number_of_edges()} directed relations; "
                f"edge width = events" + (f"; {hidden} less active actors not shown"
                                          if hidden else ""))
        ax.text(0.0, -0.02, note, transform=ax.transAxes, fontsize=8, color="#555555")
        ax.legend(handles=[
            plt.Line2D([], [], marker="o", ls="", color="#1565c0", label="state / body"),
            plt.Line2D([], [], marker="o", ls="", color="#ef6c00", label="person / group")],
            loc="upper left", fontsize=8, frameon=False)
    ax.set_title(title or "Who does what to whom", fontsize=14)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()
