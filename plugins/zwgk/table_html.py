"""The official table as HTML: its columns read off the item declaration (``table.official_columns``).

Written in Python rather than a Jinja template: the county, the template and every town's domain
pages print about 1,500 rows, and the template spent most of the build's own time on them (each
cell went through Jinja's attribute look-ups). What each column does is decided once per table
(``_cell_writers``), then each row is a join of strings. Every value is escaped here: no text from a
source can become markup.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from markupsafe import Markup
from markupsafe import escape as _escape

from . import derive, table
from .urls import URLS

LEGEND = (
    '<p class="zwgk-legend">说明：■ 采用的渠道，□ 未采用的渠道（已收起）；√ 表示适用，「依申请」的 √ 可点开看怎样申请；序号按表中顺序编排。\n'
    '<span class="zwgk-table-opts"><input type="checkbox" id="zwgk-show-off" class="zwgk-off-toggle">'
    '<label for="zwgk-show-off">显示未采用的渠道（□）</label></span></p>\n'
)

Cell = Callable[[derive.Row], str]


@functools.lru_cache(maxsize=1 << 16)
def escape(text: str) -> str:
    """Jinja's escaping (``&<>"'``), remembered: most cells repeat across the towns' tables."""
    return str(_escape(text))


def render(caption: str, rows: Sequence[derive.Row], href: Callable[[str], str]) -> Markup:
    """The legend, then the table of ``rows`` under ``caption``; ``href`` makes a link relative to the page."""
    columns = table.official_columns()
    cap = escape(caption)
    out = [LEGEND,
           f'<div class="zwgk-table-wrap" role="region" aria-label="{cap}" tabindex="0">\n'
           f'<table class="zwgk-catalogue zwgk-reflow">\n<caption>{cap}</caption>\n<thead>\n<tr>\n',
           _header(columns), "</tbody>\n</table>\n</div>"]
    writers = _cell_writers(columns, href)
    body = []
    for row in rows:
        it = row.item
        attrs = "".join(f' data-{k}="{escape(v)}"' for k, v in row.filters.items())
        draft = ' class="zwgk-row-draft"' if it.status == "draft" else ""
        body.append(f'<tr id="item-{escape(it.id)}"{attrs}{draft}>\n')
        body.extend(w(row) for w in writers)
        body.append("</tr>\n")
    out[3:3] = body
    return Markup("".join(out))


def _header(columns: Sequence[table.Column]) -> str:
    top, second = table.header_rows(columns)
    cells = []
    for h in top:
        span = f' rowspan="{h.rowspan}"' if h.rowspan > 1 else ""
        span += f' colspan="{h.colspan}" scope="colgroup"' if h.colspan > 1 else ' scope="col"'
        cells.append(f'<th{span} class="zwgk-col-{h.columns[0].key}">{escape(h.text)}</th>')
    subs = [f'<th scope="col" class="{"zwgk-tick" if h.columns[0].option else "zwgk-col-cat"}">{escape(h.text)}</th>'
            for h in second]
    return f'{"".join(cells)}\n</tr>\n<tr>\n{"".join(subs)}\n</tr>\n</thead>\n<tbody>\n'


def _cell_writers(columns: Sequence[table.Column], href: Callable[[str], str]) -> list[Cell]:
    """One function per column that writes the row's cell (with its newline)."""
    apply_link = escape(href(URLS.apply))
    unit_links: dict[str, str] = {}

    def unit_link(unit_id: str) -> str:
        if unit_id not in unit_links:
            unit_links[unit_id] = escape(href(URLS.unit(unit_id)))
        return unit_links[unit_id]

    def writer(c: table.Column) -> Cell:
        label = escape(c.label)
        if c.key == "seq":
            return lambda row: f'<td class="zwgk-col-seq" data-label="{label}">{row.seq}</td>\n'
        if c.place.merge:
            def merged(row: derive.Row) -> str:
                text = escape(row.text(c))
                span = row.category_rowspan
                head = ""
                if span:
                    head = f'<td class="zwgk-category"{f" rowspan={chr(34)}{span}{chr(34)}" if span > 1 else ""}>{text}</td>'
                return f'{head}<td class="zwgk-category-card" data-label="{label}">{text}</td>\n'
            return merged
        if c.option:
            tick_label = escape(f"{c.place.header}·{c.option}")
            if c.option == "依申请":
                def apply(row: derive.Row) -> str:
                    text = escape(row.text(c))
                    if text:
                        text = f'<a href="{apply_link}" title="怎样申请" aria-label="依申请公开：怎样申请">{text}</a>'
                    return f'<td class="zwgk-tick" data-label="{tick_label}">{text}</td>\n'
                return apply
            return lambda row: f'<td class="zwgk-tick" data-label="{tick_label}">{escape(row.text(c))}</td>\n'
        if c.place.show == "units":
            sep = escape(c.place.sep)

            def units(row: derive.Row) -> str:
                links = (f'<a href="{unit_link(unit.id)}">{escape(name)}</a>' if unit else escape(name)
                         for name, unit in row.subject_links)
                return f'<td data-label="{label}">{sep.join(links)}</td>\n'
            return units
        if c.place.show == "checklist":
            checklists: dict[tuple[tuple[str, ...], str | None], str] = {}

            def checklist(row: derive.Row) -> str:
                key = (tuple(row.item.channels), row.channel_other)
                runs = checklists.get(key)
                if runs is None:
                    runs = checklists[key] = "".join(
                        f'<b class="on">{escape(r.text)}</b> ' if r.chosen else
                        f'<span class="off" data-search-exclude>{escape(r.text)}</span> ' for r in row.channel_runs)
                url = row.item.portal_url
                portal = f'<a class="zwgk-portal" href="{escape(url)}" rel="noopener">网站栏目</a>' if url else ""
                return f'<td data-label="{label}" class="zwgk-channels">{runs}{portal}</td>\n'
            return checklist

        def text(row: derive.Row) -> str:
            note = row.item.note if c.key == "subcategory" else None
            extra = f'<span class="zwgk-cell-note">备注：{escape(note)}</span>' if note else ""
            return f'<td data-label="{label}">{escape(row.text(c))}{extra}</td>\n'
        return text

    return [writer(c) for c in columns]
