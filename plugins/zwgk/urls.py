"""Page paths (网址表): every generated page and file of the site, and the site's sections, in one
place (Datasette's ``Urls`` is the model). Templates ask ``urls`` for links; the navigation and the
site map are built from ``Urls.sections``. Paths are docs paths (``county/jiuye.md``); MkDocs makes
them URLs (``county/jiuye/``), which stay stable: ids never change once published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """A section of the column: its title, its index page, whether its pages are listed under it
    (in the navigation and the site map) or reached from the index only, and whether citizens'
    navigation shows it (the editor guide is linked from the footer instead)."""

    title: str
    index: str
    lists_children: bool = True
    public: bool = True  # False: for editors, reached from the footer, not from citizens' navigation


class Urls:
    """The docs path of every generated page, download and feed."""

    home = "index.md"
    county_index = "county/index.md"
    units_index = "units/index.md"
    towns_index = "towns/index.md"
    template_index = "towns/template/index.md"
    towns_matrix = "towns/matrix.md"
    submissions = "towns/submissions.md"
    bulletins_index = "bulletins/index.md"
    trends = "bulletins/trends.md"
    feed = "bulletins/feed.xml"
    zones_index = "zones/index.md"
    zone_standard = "zones/standard.md"
    zones_matrix = "zones/matrix.md"
    guide = "guide/index.md"
    rules = "guide/rules.md"
    fields = "guide/fields.md"
    sources = "guide/sources.md"
    sitemap = "sitemap.md"
    apply = "yishenqing.md"  # 依申请公开: how to apply for information

    sections = (
        Section("县级标准目录", county_index),
        Section("镇街标准目录", towns_index),
        Section("季度通报", bulletins_index),
        Section("政务公开体验区", zones_index),
        Section("按公开主体", units_index, lists_children=False),
        Section("依申请公开", apply, lists_children=False),
        Section("编辑指南", guide, public=False),
    )

    @staticmethod
    def domain(domain_id: str) -> str:
        return f"county/{domain_id}.md"

    @staticmethod
    def unit(unit_id: str) -> str:
        return f"units/{unit_id}.md"

    @staticmethod
    def template(domain_id: str) -> str:
        return f"towns/template/{domain_id}.md"

    @staticmethod
    def town(town_id: str) -> str:
        return f"towns/{town_id}/index.md"

    @staticmethod
    def town_domain(town_id: str, domain_id: str) -> str:
        return f"towns/{town_id}/{domain_id}.md"

    @staticmethod
    def town_diff(town_id: str) -> str:
        return f"towns/{town_id}/diff.md"

    @staticmethod
    def bulletin(slug: str) -> str:
        return f"bulletins/{slug}.md"

    @staticmethod
    def download(kind: str, name: str) -> str:
        """Where a download lives, without extension (kind: county / towns / template)."""
        return f"downloads/{kind}/{name}"

    def children(self, section: Section, pages: Iterable[str]) -> list[str]:
        """The pages a section lists, in the navigation and the site map alike: its own pages, one
        level down (a town's index, not each of its domain pages), its overviews first."""
        if not section.lists_children:
            return []
        base = section.index.rsplit("/", 1)[0] + "/"
        first = {self.towns_index: [self.template_index, self.towns_matrix, self.submissions],
                 self.bulletins_index: [self.trends],
                 self.zones_index: [self.zone_standard, self.zones_matrix]}.get(section.index, [])
        present = list(pages)
        mine = [p for p in present if p.startswith(base) and p != section.index and p not in first
                and (p.count("/") == 1 or (p.count("/") == 2 and p.endswith("/index.md")))]
        return [p for p in first if p in present] + mine


URLS = Urls()
