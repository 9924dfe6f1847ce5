"""The transmission chain as a server-rendered SVG: F0 at the top, one row per generation, edges
labelled by the group that links two people. No script, no library: it prints and opens on a phone.

Past ``PER_ROW`` people a row shows its first ones (grouped under their source, so edges stay
short) and a "+N" box with the count of the others; about a hundred boxes stay readable.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .choices import Decision, PersonStatus

PER_ROW = 33
BOX_W, BOX_H, GAP_X, ROW_H, MARGIN = 112, 38, 10, 120, 20
LABEL_MAX = 26


@dataclass
class _Node:
    key: object
    name: str
    sub: str
    css: str
    x: float = 0
    y: float = 0


def _short(name: str) -> str:
    """The name as it fits a box: whole if short, else its last two words (the given name)."""
    if len(name) <= 18:
        return name
    words = name.split()
    return " ".join(words[-2:]) if len(words) > 2 else name[:17] + "…"


def _css(contact) -> str:
    if contact.status == PersonStatus.POSITIVE:
        return "positive"
    if contact.decision == Decision.CONFIRMED:
        return "confirmed"
    return "proposed"


def chain_svg(case, contacts) -> str:
    """``contacts``: the case's contacts the user may see (rejected ones are left out here)."""
    contacts = [c for c in contacts if c.decision != Decision.REJECTED]
    root = _Node("f0", _short(case.worker.full_name), "F0", "f0")
    rows, hidden = [[root]], []
    position = {None: 0.0}  # contact id (None: the F0) → x index of its box
    edges = []
    for generation in (1, 2, 3):
        members = [c for c in contacts if c.generation == generation]
        if not members:
            break
        members.sort(key=lambda c: (position.get(c.source_id, 1e9), c.link, c.worker.full_name))
        shown, rest = members[:PER_ROW], members[PER_ROW:]
        row = []
        for index, contact in enumerate(shown):
            node = _Node(contact.pk, _short(contact.worker.full_name), f"F{generation}", _css(contact))
            row.append(node)
            position[contact.pk] = index
            if contact.source_id in position:
                edges.append((contact.source_id, contact.pk, contact.link))
        if rest:
            row.append(_Node(f"more{generation}", _("+%(count)s người") % {"count": len(rest)},
                             f"F{generation}", "more"))
        hidden.append(len(rest))
        rows.append(row)
    width = max(len(row) for row in rows) * (BOX_W + GAP_X) + 2 * MARGIN
    height = len(rows) * ROW_H + MARGIN
    nodes = {}
    for depth, row in enumerate(rows):
        row_width = len(row) * (BOX_W + GAP_X) - GAP_X
        left = (width - row_width) / 2
        for index, node in enumerate(row):
            node.x, node.y = left + index * (BOX_W + GAP_X), MARGIN + depth * ROW_H
            nodes[node.key] = node
    nodes[None] = root
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kcn-chain" id="chain-graph" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{escape(_("Sơ đồ chuỗi lây nhiễm"))}">',
        "<style>.kcn-chain text{font:11px sans-serif}.kcn-chain .f0 rect{fill:#dc3545}.kcn-chain .f0 text,"
        ".kcn-chain .positive text{fill:#fff}.kcn-chain .positive rect{fill:#e35d6a}"
        ".kcn-chain .confirmed rect{fill:#cfe2ff;stroke:#0d6efd}.kcn-chain .proposed rect{fill:#fff;"
        "stroke:#6c757d;stroke-dasharray:4 3}.kcn-chain .more rect{fill:#f1f3f5;stroke:#adb5bd}"
        ".kcn-chain line{stroke:#adb5bd}.kcn-chain .edge-label{fill:#495057;font-size:9px}</style>",
    ]
    labelled = set()
    for source, target, link in edges:
        a, b = nodes[source], nodes[target]
        x1, y1, x2, y2 = a.x + BOX_W / 2, a.y + BOX_H, b.x + BOX_W / 2, b.y
        parts.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}"><title>{escape(link)}</title>'
                     "</line>")
        if (source, link) not in labelled:  # one label per source and group, not one per edge
            labelled.add((source, link))
            text = link if len(link) <= LABEL_MAX else link[:LABEL_MAX - 1] + "…"
            lx, ly = x1 + (x2 - x1) * 0.55, y1 + (y2 - y1) * 0.55
            parts.append(f'<text class="edge-label" x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle">'
                         f"{escape(text)}<title>{escape(link)}</title></text>")
    for node in [n for key, n in nodes.items() if key is not None]:
        parts.append(
            f'<g class="{node.css}" data-node="{escape(node.key)}"><rect x="{node.x:.0f}" y="{node.y:.0f}" '
            f'width="{BOX_W}" height="{BOX_H}" rx="6"/>'
            f'<text x="{node.x + BOX_W / 2:.0f}" y="{node.y + 15:.0f}" text-anchor="middle">{escape(node.name)}</text>'
            f'<text x="{node.x + BOX_W / 2:.0f}" y="{node.y + 30:.0f}" text-anchor="middle">{escape(node.sub)}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
