"""Where catalogue rows come from (出处): per domain, how many items name the page(s) they follow.

A drafted row is grounded in rows that real counties published (DESIGN.md, Truth of content): its
``source`` names the page(s). An item is *sourced* when its own ``source``, or, where that names
none, its file's, names at least one http(s) address. An item still in draft that names none is
*drafted without a source*: ``zwgk check`` gives an info for it (ZW215), and ``zwgk sources`` and
the editor guide list it. An official item is the county's own approved text and needs no page.

The report is read by ``zwgk sources`` (text or JSON) and by the guide page ``guide/sources.md``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import model as m

# An address written in a source: ASCII URL characters only, so the Chinese text and full-width
# punctuation around it (。；，（）：) end it; a trailing ASCII full stop or comma is prose, and a
# closing bracket counts only when the address opened one (…/jczwgkx(s)j/article/509332).
_PAGE = re.compile(r"https?://[A-Za-z0-9][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
_TRAILING = ".,;:!?'"


def pages_named(text: str | None) -> list[str]:
    """The http(s) addresses ``text`` names, in order, each once."""
    out: list[str] = []
    for match in _PAGE.finditer(text or ""):
        url = _trim(match.group())
        if url not in out:
            out.append(url)
    return out


def _trim(url: str) -> str:
    while url and (url[-1] in _TRAILING or _unopened(url, url[-1])):
        url = url[:-1]
    return url


def _unopened(url: str, last: str) -> bool:
    """Whether ``last`` closes a bracket the address never opened (it belongs to the prose)."""
    opening = {")": "(", "]": "["}.get(last)
    return opening is not None and url.count(opening) < url.count(last)


def item_pages(item: m.Item, cat: m.Catalogue) -> list[str]:
    """The pages an item follows: those its own ``source`` names, else those its file's names."""
    return pages_named(item.source) or pages_named(cat.source)


def is_drafted(item: m.Item, cat: m.Catalogue) -> bool:
    """Whether the item is draft (its own status, else its file's)."""
    return (item.status or cat.status) != "official"


@dataclass(frozen=True)
class UnsourcedItem:
    """A draft item that names no page, and where it stands."""

    id: str
    category: str
    subcategory: str
    line: int
    column: int


@dataclass(frozen=True)
class DomainSources:
    """One catalogue file's provenance figures (县级目录 or 镇街级目录模板, one domain)."""

    catalogue: str  # "county" or "template"
    domain_id: str
    name: str
    file: str
    items: int
    sourced: int
    official: int  # official items naming no page (the county's own text)
    pages: tuple[str, ...]  # distinct pages the sourced items follow, in first-seen order
    unsourced: tuple[UnsourcedItem, ...]

    def as_dict(self) -> dict[str, object]:
        return {"catalogue": self.catalogue, "domain": self.domain_id, "name": self.name, "file": self.file,
                "items": self.items, "sourced": self.sourced, "official": self.official,
                "pages": len(self.pages), "urls": list(self.pages),
                "unsourced": [{"id": u.id, "category": u.category, "subcategory": u.subcategory,
                               "line": u.line, "column": u.column} for u in self.unsourced]}


CATALOGUE_TITLES = {"county": "县级标准目录", "template": "镇街级目录模板"}


def domain_sources(cat: m.Catalogue, catalogue: str) -> DomainSources:
    """The figures of one catalogue file."""
    pages: dict[str, None] = {}
    sourced = official = 0
    unsourced = []
    for it in cat.items:
        found = item_pages(it, cat)
        if found:
            sourced += 1
            pages.update(dict.fromkeys(found))
        elif is_drafted(it, cat):
            unsourced.append(UnsourcedItem(it.id, it.category, it.subcategory, it.loc.line, it.loc.column))
        else:
            official += 1
    name = cat.domain.name if cat.domain is not None else cat.domain_id
    return DomainSources(catalogue, cat.domain_id, name, cat.file, len(cat.items), sourced, official,
                         tuple(pages), tuple(unsourced))


def report(county: Iterable[m.Catalogue], template: Iterable[m.Catalogue]) -> list[DomainSources]:
    """Every domain of the county catalogue, then every domain of the town template."""
    return [*(domain_sources(c, "county") for c in county), *(domain_sources(c, "template") for c in template)]


@dataclass(frozen=True)
class Totals:
    """The figures of a whole catalogue (all its domains); pages counted once across domains."""

    domains: int
    items: int
    sourced: int
    official: int
    pages: int
    unsourced: int


def totals(rows: Iterable[DomainSources]) -> Totals:
    rows = list(rows)
    pages = {p for r in rows for p in r.pages}
    return Totals(len(rows), sum(r.items for r in rows), sum(r.sourced for r in rows),
                  sum(r.official for r in rows), len(pages), sum(len(r.unsourced) for r in rows))


def by_catalogue(rows: Iterable[DomainSources]) -> list[tuple[str, str, list[DomainSources], Totals]]:
    """(catalogue, its Chinese title, its rows, its totals) for each catalogue that has rows."""
    rows = list(rows)
    out = []
    for key, title in CATALOGUE_TITLES.items():
        mine = [r for r in rows if r.catalogue == key]
        if mine:
            out.append((key, title, mine, totals(mine)))
    return out


def format_text(rows: Iterable[DomainSources]) -> str:
    """The report for a console: one tab-separated table per catalogue, then the unsourced items at
    their ``file:line:column`` (Excel and WPS paste the tables as columns)."""
    rows = list(rows)
    out: list[str] = []
    for _, title, mine, t in by_catalogue(rows):
        out.append(f"{title}：{t.domains} 个领域，{t.items} 项事项，{t.sourced} 项写明出处网页，"
                   f"共 {t.pages} 个不同网页；{t.unsourced} 项草稿没有出处"
                   + (f"；{t.official} 项为正式内容（不要求网页）" if t.official else ""))
        out.append("领域\t事项\t有出处\t出处网页\t无出处的草稿事项")
        for r in mine:
            out.append(f"{r.name}\t{r.items}\t{r.sourced}\t{len(r.pages)}\t"
                       + ("、".join(u.id for u in r.unsourced) or "—"))
        out.append("")
    missing = [(r, u) for r in rows for u in r.unsourced]
    if missing:
        out.append("没有出处的草稿事项（请在 source 中写明所据网页的网址）：")
        out.extend(f"{r.file}:{u.line}:{u.column}: {u.id} {u.category}／{u.subcategory}" for r, u in missing)
    else:
        out.append("每项草稿事项都写明了出处网页。")
    return "\n".join(out) + "\n"


def format_json(rows: Iterable[DomainSources]) -> str:
    """The report as a JSON list, one object per domain file."""
    return json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2) + "\n"


FORMATTERS = {"text": format_text, "json": format_json}
