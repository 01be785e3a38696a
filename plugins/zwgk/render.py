"""Rendering (渲染): records and derived figures → HTML page bodies, through Jinja2 (autoescape).

Tables are rendered straight to HTML, not through Python-Markdown: it is faster, and no text from
a source can become markup.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, cast

import jinja2
from markupsafe import Markup

from . import (
    bulletin_lists,
    derive,
    exports,
    feed,
    markup,
    sources,
    submissions,
    table,
    table_html,
    vocab,
)
from . import charts as charts_mod
from . import contexts as cx
from . import diagnostics as dg
from . import model as m
from .contexts import PreviewFindings
from .diagnostics import Diagnostic
from .project import Project
from .urls import URLS

TEMPLATES = Path(__file__).parent / "templates"
T = TypeVar("T")


@dataclass(frozen=True)
class GeneratedPage:
    """A page the plugin adds to the site: its docs path, title and HTML body. A build renders the
    body when MkDocs asks for the page's content (``html``), not when the page is listed; the
    preview renders it at once (its memo reuses the very strings of the last build)."""

    src_uri: str
    title: str
    body: str | Callable[[], str]
    hide: tuple[str, ...] = ()
    description: str = ""
    nav_title: str = ""
    search_boost: float = 0  # Material's per-page search boost; 0 leaves the default
    # HTML put in as the page is written (near-duplicate tables), rendered only then: the tables of
    # 16 towns' pages are never all held in memory at once
    late: str | Callable[[], str] = ""

    def html(self) -> str:
        """The page's body (rendered now if it was left for later)."""
        return self.body() if callable(self.body) else self.body

    def late_html(self) -> str:
        return self.late() if callable(self.late) else self.late


def environment(custom_dir: Path | None = None) -> jinja2.Environment:
    """The one Jinja environment: autoescape, strict undefined; ``custom_dir/zwgk`` overrides templates."""
    loaders: list[jinja2.BaseLoader] = []
    if custom_dir is not None and (custom_dir / "zwgk").is_dir():
        loaders.append(jinja2.FileSystemLoader(custom_dir / "zwgk"))
    loaders.append(jinja2.FileSystemLoader(TEMPLATES))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = _date
    env.globals["status_label"] = vocab.STATUS_LABELS
    env.globals["town_status_label"] = vocab.TOWN_STATUS_LABELS
    env.globals["kind_label"] = vocab.UNIT_KIND_LABELS
    env.globals["AUDIENCES"] = vocab.AUDIENCES
    env.globals["METHODS"] = vocab.METHODS
    env.globals["LEVELS"] = vocab.LEVELS
    env.globals["urls"] = URLS
    return env


def updated_note(value: object) -> str:
    """The 更新日期 line for a hand-written page whose front matter gives ``updated``."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return ""
    if not isinstance(value, dt.date):
        return ""
    return str(Markup('<p class="zwgk-note zwgk-updated">更新日期：<time datetime="{}">{}</time></p>').format(
        value.isoformat(), _date(value)))


def _date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "未注明"


FEED = URLS.feed
DRAFT_NOTICE = "草稿，未经审定，仅供参考"
# what a town's catalogue download says before it is approved
TOWN_NOTICES = {"pending": "镇街尚未筛选，按县级模板列出，未经审定", "submitted": "镇街已报送，尚未审定"}
FORMATS = (("xlsx", "Excel 表格"), ("csv", "CSV"), ("json", "JSON"))
APPLY_REGULATION = "中华人民共和国政府信息公开条例"  # the apply page's articles are read from it


class Links:
    """Page URLs as MkDocs writes them, so generated HTML can link without Markdown's help."""

    def __init__(self, directory_urls: bool = True, site_url: str = "") -> None:
        self.directory_urls = directory_urls
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""

    def url(self, src_uri: str) -> str:
        stem = src_uri.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return f"{stem}/" if self.directory_urls else f"{stem}.html"

    def rel(self, from_uri: str, to_uri: str) -> str:
        """Relative URL from the page of ``from_uri`` to the page of ``to_uri`` (anchor allowed)."""
        to_uri, _, anchor = to_uri.partition("#")
        here = self.url(from_uri)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        target = self.url(to_uri)
        rel = posixpath.relpath(target or ".", base or ".")
        if target.endswith("/") or not target:
            rel = "./" if rel == "." else rel + "/"
        return rel + (f"#{anchor}" if anchor else "")

    def file_rel(self, from_uri: str, path: str) -> str:
        """Relative URL from a page to a generated non-page file (feed, download)."""
        here = self.url(from_uri)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        return posixpath.relpath(path, base or ".")


class RenderMemo:
    """What rendering made, kept between ``mkdocs serve`` rebuilds with the records it was made of.
    The records of unchanged files are the very same objects on the next build (the loader's
    SourceCache), so anything whose records are all the same (the same objects, or equal values) is
    reused, not made again: an edit to one town's file renders that town's pages, not every town's."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[tuple[object, ...], object]] = {}
        self._templates = ""

    def begin(self, templates: str) -> None:
        """A new build whose templates are ``templates`` (a digest): an edited template forgets everything."""
        if templates != self._templates:
            self._kept.clear()
            self._templates = templates

    def get(self, key: str, inputs: tuple[object, ...], make: Callable[[], T]) -> T:
        """What was kept under ``key`` if it was made of these very ``inputs``, else ``make()``."""
        kept = self._kept.get(key)
        if kept is not None and len(kept[0]) == len(inputs) and all(
                a is b or a == b for a, b in zip(kept[0], inputs, strict=True)):
            return cast(T, kept[1])
        value = make()
        self._kept[key] = (inputs, value)
        return value


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory between ``mkdocs serve`` rebuilds: each rebuild makes new Jinja
    environments (MkDocs' and ours), which would otherwise compile every template again. Jinja checks
    each template's source against the kept code, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def preview_findings(env: jinja2.Environment, diags: list[dg.Diagnostic], standalone: bool = False,
                     reloads: bool = True, limit: int = 200) -> str:
    """The findings of a broken build as HTML, for ``mkdocs serve`` to show instead of failing."""
    shown = sorted((d for d in diags if d.severity is not dg.Severity.INFO),
                   key=lambda d: (d.severity is not dg.Severity.ERROR, d))
    return cx.render(env, PreviewFindings(
        errors=dg.count(diags, dg.Severity.ERROR), warnings=dg.count(diags, dg.Severity.WARNING),
        findings=tuple(shown[:limit]), hidden=max(0, len(shown) - limit), standalone=standalone,
        reloads=reloads))


class SiteRenderer:
    """Renders every generated page of a project."""

    def __init__(self, project: Project, env: jinja2.Environment, links: Links,
                 site_name: str = "", docs_pages: frozenset[str] = frozenset(),
                 diagnostics: Sequence[Diagnostic] = (), memo: RenderMemo | None = None,
                 drafts: bool = False) -> None:
        self.project = project
        # draft bulletins are kept off the published site; a preview may show them, bannered
        self.bulletins = [b for b in project.bulletins if drafts or not b.is_draft]
        self.diagnostics = diagnostics  # zwgk check's findings, for the 报送情况 page
        self.memo = memo  # mkdocs serve: what unchanged records make is reused
        self.site_name = site_name
        self.docs_pages = docs_pages  # hand-written pages in the docs folder, for the site map
        self.env = env
        self.links = links
        self.duties = derive.unit_duties(project.registry, project.county)
        labels = {k: f.title or k for k, f in m.Item.model_fields.items()}
        self.findings = derive.unit_findings(self.bulletins, project.registry,
                                             project.settings.thresholds)
        self.town_views = {t.town_id: self._kept(f"views:{t.town_id}", (t, *project.template, *self._common()),
                                                 functools.partial(derive.resolve_town, t, project.template,
                                                                   project.registry, labels))
                           for t in project.towns}

    def _render(self, ctx: cx.Context) -> str:
        """``ctx``'s template, given ``ctx`` (contexts.py says how)."""
        return cx.render(self.env, ctx)

    def _page_body(self, ctx: cx.Context) -> str | Callable[[], str]:
        """A page's body from ``ctx``: rendered when MkDocs asks for the page (see GeneratedPage)."""
        return self._render(ctx) if self.memo is not None else functools.partial(self._render, ctx)

    def _href(self, page: str) -> Callable[[str], str]:
        """Links from the page of ``page`` (a docs path) to other pages: a context's ``href``."""
        return functools.partial(self.links.rel, page)

    def _common(self) -> tuple[object, ...]:
        """What every catalogue and town page is also made of: registries, settings, link style."""
        p = self.project
        return (*p.registry.sources.values(), p.settings, self.links.directory_urls, self.links.site_url)

    def _kept(self, key: str, inputs: tuple[object, ...], make: Callable[[], T]) -> T:
        """``make()``, or in ``mkdocs serve`` what it made at an earlier build of the same ``inputs``."""
        return make() if self.memo is None else self.memo.get(key, inputs, make)

    def _pages(self, *render: Callable[[], GeneratedPage]) -> Callable[[], list[GeneratedPage]]:
        return lambda: [r() for r in render]

    def pages(self) -> list[GeneratedPage]:
        p = self.project
        common = self._common()
        out = [self.county_index()]
        for c in p.county:
            if c.domain is not None:
                out += self._kept(URLS.domain(c.domain_id), (c, *common), self._pages(functools.partial(
                    self.catalogue_page, c, URLS.domain(c.domain_id), "领域基层政务公开标准目录")))
        out.append(self.unit_index())
        reg = p.registry
        out.extend(self.unit_page(u, self.duties.get(u.id, [])) for u in reg.units if u.id)
        out.append(self.template_index())
        for c in p.template:
            if c.domain is not None:
                out += self._kept(URLS.template(c.domain_id), (c, *common), self._pages(functools.partial(
                    self.catalogue_page, c, URLS.template(c.domain_id), "领域镇街级目录模板")))
        out.append(self.towns_index())
        out.append(self.towns_matrix())
        out.append(self.submissions_page())
        for town in p.towns:
            views = self.town_views[town.town_id]
            out += self._kept(URLS.town(town.town_id), (town, *p.template, *common),
                              self._pages(functools.partial(self.town_page, town, views),
                                          functools.partial(self.town_diff, town, views)))
            for v in views:
                out += self._kept(URLS.town_domain(town.town_id, v.domain.id),
                                  (town, p.template_catalogue(v.domain.id), *common),
                                  self._pages(functools.partial(self.town_domain_page, town, v)))
        out.append(self.bulletin_index())
        out.extend(self.bulletin_page(b) for b in self.bulletins)
        out.append(self.trends_page())
        if p.zone_standard is not None:
            out.extend(self.zone_pages())
        out.append(self.apply_page())
        out.append(self.rules_page())
        out.append(self.fields_page())
        out.append(self.sources_page())
        out.append(self.sitemap(out))
        return out

    def sitemap(self, pages: list[GeneratedPage]) -> GeneratedPage:
        """网站地图: every section and its pages (town domain pages are reached from each town)."""
        titles = {pg.src_uri: pg.title for pg in pages}
        titles.update({u: self._docs_title(u) for u in self.docs_pages if u not in titles})
        listed = [cx.SitemapSection(s.title, s.index, [(u, titles[u]) for u in URLS.children(s, titles)])
                  for s in URLS.sections if s.index in titles and s.public]
        body = self._page_body(cx.Sitemap(href=self._href("sitemap.md"), sections=listed))
        return GeneratedPage(URLS.sitemap, "网站地图", body, description="专栏全部栏目和页面")

    def _docs_title(self, uri: str) -> str:
        """A hand-written page's title: its front matter's, else its first heading, else its path."""
        meta = self.project.page_meta.get(f"content/{uri}")
        if meta is not None and isinstance(meta.data, dict) and isinstance(meta.data.get("title"), str):
            return str(meta.data["title"])
        text = self.project.pages.get(f"content/{uri}", "")
        heading = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), "")
        return heading or uri

    def file_names(self, downloads: bool = True) -> list[str]:
        """The paths ``files`` yields, in its order, without making a file."""
        return [FEED, *(f"{base}.{ext}" for base, _, _ in (self._downloads() if downloads else [])
                        for ext in ("xlsx", "csv", "json"))]

    def files(self, downloads: bool = True) -> Iterator[tuple[str, bytes]]:
        """Generated files that are not pages, one at a time: the bulletin feed and the downloads."""
        issued = [b for b in self.bulletins if not b.is_draft]  # a feed reader is not a preview
        url_of = {b.slug: self.links.site_url + self.links.url(URLS.bulletin(b.slug)) for b in issued}
        url_of[""] = self.links.site_url + self.links.url("bulletins/index.md")
        if not self.links.site_url:  # relative to the feed's own location
            url_of = {k: posixpath.relpath(v or ".", "bulletins") + ("/" if v.endswith("/") else "")
                      for k, v in url_of.items()}
        yield FEED, feed.atom(issued, self.site_name, self.links.site_url, url_of).encode()
        texts = exports.CellTexts()
        for base, sheets, meta in self._downloads() if downloads else []:
            when = meta.get("updated_date")
            yield f"{base}.xlsx", exports.to_xlsx(sheets, when if isinstance(when, dt.date) else None, texts)
            yield f"{base}.csv", exports.to_csv(sheets, texts)
            yield f"{base}.json", exports.to_json(sheets, {k: v for k, v in meta.items() if k != "updated_date"})

    def _downloads(self) -> list[tuple[str, list[exports.Sheet], dict[str, object]]]:
        """Every downloadable table: each county domain, the whole county catalogue, the template, each town."""
        p = self.project
        out: list[tuple[str, list[exports.Sheet], dict[str, object]]] = []

        def meta(title: str, source: str, status: str, updated: dt.date | None) -> dict[str, object]:
            return {"title": title, "source": source, "status": status,
                    "updated": updated.isoformat() if updated else None, "updated_date": updated}

        def county_sheet(c: m.Catalogue, title: str) -> exports.Sheet:
            assert c.domain is not None
            return exports.Sheet(c.domain.name, title, c.items,
                                 {"domain": c.domain_id, "source": c.source, "status": c.status,
                                  "updated": c.updated.isoformat() if c.updated else None},
                                 notice=DRAFT_NOTICE if c.is_draft else "")

        county = [c for c in p.county if c.domain is not None]
        for c in county:
            assert c.domain is not None
            title = f"{c.domain.name}领域基层政务公开标准目录"
            out.append((URLS.download("county", c.domain_id), [county_sheet(c, title)],
                        meta(title, c.source, c.status, c.updated)))
        if county:
            latest = max((c.updated for c in county if c.updated), default=None)
            out.append((URLS.download("county", "all"),
                        [county_sheet(c, f"{c.domain.name}领域基层政务公开标准目录") for c in county if c.domain],
                        meta("莒南县县级基层政务公开标准目录", "见各领域", "draft" if any(c.is_draft for c in county)
                             else "official", latest)))
        template = [c for c in p.template if c.domain is not None]
        if template:
            latest = max((c.updated for c in template if c.updated), default=None)
            out.append((URLS.download("template", "all"),
                        [county_sheet(c, f"{c.domain.name}领域镇街级目录模板") for c in template if c.domain],
                        meta("镇街级基层政务公开标准目录模板", "见各领域",
                             "draft" if any(c.is_draft for c in template) else "official", latest)))
        for town in p.towns:
            name = self._town_name(town)
            notice = TOWN_NOTICES.get(town.status, "")
            sheets = [exports.Sheet(v.domain.name, f"{name}{v.domain.name}领域基层政务公开标准目录", v.items,
                                    {"status": "draft" if town.status != "approved" else "official"}, notice=notice)
                      for v in self.town_views[town.town_id] if v.state == "listed"]
            out.append((URLS.download("towns", town.town_id), sheets,
                        meta(f"{name}基层政务公开标准目录", town.source, town.status, town.updated)))
        return out

    def _download_links(self, page: str, base: str, title: str) -> list[cx.DownloadLink]:
        return [cx.DownloadLink(label, self.links.file_rel(page, f"{base}.{ext}"), f"{title}.{ext}")
                for ext, label in FORMATS]

    def bulletin_index(self) -> GeneratedPage:
        years: dict[int, list[m.Bulletin]] = {}
        for b in self.bulletins:  # newest first
            years.setdefault(b.year, []).append(b)
        body = self._page_body(cx.BulletinIndex(href=self._href("bulletins/index.md"), years=list(years.items()),
                                             feed_href=self.links.file_rel("bulletins/index.md", FEED)))
        return GeneratedPage("bulletins/index.md", "季度通报", body,
                             description="莒南县政务公开工作情况季度通报")

    def bulletin_page(self, b: m.Bulletin) -> GeneratedPage:
        reg, t = self.project.registry, self.project.settings.thresholds
        annexes = [derive.annex_view(a, derive.annex_rows(b, a, reg, t)) for a in b.annexes]
        ctx = self._list_context(b)
        body = self._page_body(cx.BulletinPage(
            href=self._href(URLS.bulletin(b.slug)), b=b, annexes=annexes,
            opening=Markup(markup.to_html(b.opening)) if b.opening else None,
            sections=[cx.BulletinSection(s.heading, self._section_blocks(b, s, ctx)) for s in b.sections]))
        return GeneratedPage(URLS.bulletin(b.slug), b.title, body, hide=("toc",),
                             description=f"{b.issuer}{b.label}政务公开工作情况通报", nav_title=b.label)

    def _section_blocks(self, b: m.Bulletin, s: m.Section, ctx: bulletin_lists.ListContext,
                        ) -> list[tuple[Markup, list[bulletin_lists.GeneratedList]]]:
        """A section's body as (HTML, lists printed after it): the body whole when it has no lists,
        else paragraph by paragraph with each list after the paragraph it names (or at the end)."""
        if not s.lists:
            return [(Markup(markup.to_html(s.body)), [])]
        paragraphs = s.paragraphs
        blocks: list[tuple[Markup, list[bulletin_lists.GeneratedList]]] = [
            (Markup(markup.to_html(p)), []) for p in paragraphs]
        for lst in s.lists:
            at = min(lst.paragraph or len(paragraphs), len(paragraphs)) - 1
            blocks[at][1].append(bulletin_lists.section_list(b, lst, ctx))
        return blocks

    def _list_context(self, b: m.Bulletin) -> bulletin_lists.ListContext:
        """What the section 二 lists of ``b`` are derived from (only what its lists need)."""
        kinds = {lst.of for s in b.sections for lst in s.lists}
        p = self.project
        rows: list[submissions.Submission] = []
        if b.records.compilation is not None:  # as recorded for this bulletin
            rows = bulletin_lists.recorded_submissions(b.records.compilation, p.registry)
        elif any(k.startswith("compilation-") for k in kinds):  # as the catalogues stand
            rows = submissions.overview(p, self.diagnostics, today=bulletin_lists.as_of(b))
        return bulletin_lists.ListContext(p.registry, p.settings.bulletin,
                                          bulletin_lists.year_highlights(b, p.bulletins), rows)

    def trends_page(self) -> GeneratedPage:
        charts = []
        for fid, label, unit, points in derive.figure_series(self.bulletins):
            svg = charts_mod.bar_chart(label, unit, [charts_mod.Point(q, v) for q, v in points])
            charts.append(cx.TrendChart(fid, label, unit, svg, points))
        body = self._page_body(cx.TrendsPage(charts=charts))
        return GeneratedPage("bulletins/trends.md", "历季度主要数据", body, hide=("toc",),
                             description="各季度政务公开通报主要数据趋势", nav_title="数据趋势",
                             search_boost=0.5)

    def overview(self) -> str:
        """The counts and entry links that replace ``<!-- zwgk:overview -->`` on the home page."""
        ov = derive.overview(self.project.registry, self.project.county, self.duties)
        return self._render(cx.HomeOverview(href=self._href("index.md"), ov=ov,
                                            catalogues=self.project.county, towns=self.project.towns))

    def county_index(self) -> GeneratedPage:
        body = self._page_body(cx.CountyIndex(
            href=self._href("county/index.md"), catalogues=self.project.county,
            downloads=self._download_links("county/index.md", URLS.download("county", "all"),
                                           "莒南县县级基层政务公开标准目录")))
        return GeneratedPage("county/index.md", "县级基层政务公开标准目录", body,
                             description="莒南县县级 26 个领域基层政务公开标准目录")

    def catalogue_page(self, cat: m.Catalogue, src_uri: str, suffix: str) -> GeneratedPage:
        """A domain's official table: the county catalogue or the town template."""
        assert cat.domain is not None
        title = f"{cat.domain.name}{suffix}"
        downloads = (self._download_links(src_uri, URLS.download("county", cat.domain_id), title)
                     if src_uri.startswith("county/") else
                     self._download_links(src_uri, URLS.download("template", "all"), "镇街级基层政务公开标准目录模板"))
        rows = derive.table_rows(cat.items, self.project.registry)
        body = self._page_body(cx.DomainPage(
            cat=cat, domain=cat.domain, rows=rows, guideline=self._guideline(cat.domain),
            downloads=downloads, table=self._table(src_uri, title, rows)))
        return GeneratedPage(src_uri, title, body, hide=("navigation", "toc"),
                             description=f"莒南县{title}", nav_title=cat.domain.name,
                             search_boost=3 if src_uri.startswith("county/") else 0)

    def _guideline(self, domain: m.Domain) -> str:
        """The domain's guideline as cited on its pages: every guideline was issued with a number,
        so one not read from a source shows as 文号未核实."""
        doc = self.project.registry.basis_by_title.get(domain.guideline.strip("《》"))
        return doc.cite(numbered=True) if doc else f"《{domain.guideline.strip('《》')}》（{m.UNVERIFIED_NUMBER}）"

    def _late(self, render: Callable[[], str]) -> str | Callable[[], str]:
        """A table put in as its page is written: rendered then when building (never all held at
        once), at once in the preview (whose memo reuses the very strings of the last build)."""
        return render() if self.memo is not None else render

    def _table(self, page: str, caption: str, rows: list[derive.Row]) -> Markup:
        """The official table (table_html) on ``page``."""
        return table_html.render(caption, rows, functools.partial(self.links.rel, page))

    def unit_index(self) -> GeneratedPage:
        reg = self.project.registry
        groups = []
        for kind in vocab.UNIT_KINDS:
            units = [u for u in reg.units if u.kind == kind and u.id]
            if units:
                groups.append(cx.UnitGroup(vocab.UNIT_KIND_LABELS[kind], [
                    cx.UnitCount(u, sum(len(d.items) for d in self.duties.get(u.id, [])), len(self.duties.get(u.id, [])),
                                 sum(len(v.items) for v in self.town_views.get(u.id, []))
                                 if self.project.town(u.id) else None)
                    for u in units]))
        body = self._page_body(cx.UnitIndex(href=self._href("units/index.md"), groups=groups))
        return GeneratedPage("units/index.md", "按公开主体查看", body,
                             description="各单位在县级标准目录中负责公开的事项")

    def unit_page(self, unit: m.Unit, duties: list[derive.UnitDuty]) -> GeneratedPage:
        town = self.project.town(unit.id)
        zone = next((z for z in self.project.zones if z.town_id == unit.id), None)
        href = self._href(URLS.unit(unit.id))
        late = self._late(functools.partial(self._render, cx.UnitTables(href=href, duties=duties)))
        views = self.town_views.get(unit.id, []) if town else []
        body = self._page_body(cx.UnitPage(
            href=href, unit=unit, duties=duties, total=sum(len(d.items) for d in duties),
            town=town, town_page=URLS.town(unit.id) if town else None,
            town_views=views, town_total=sum(len(v.items) for v in views),
            contact=derive.contact_view(unit.contact), hotline=derive.HOTLINE,
            findings=self.findings.get(unit.id, []),
            zone=derive.zone_view(zone, self.project.zone_standard) if zone else None))
        return GeneratedPage(URLS.unit(unit.id), f"{unit.name}：公开事项", body, hide=("toc",),
                             description=f"{unit.name}在县级标准目录中负责公开的事项", search_boost=2,
                             late=late if duties else "")

    def _town_name(self, town: m.TownCatalogue) -> str:
        return town.unit.name if town.unit else town.town_id

    def template_index(self) -> GeneratedPage:
        body = self._page_body(cx.TemplateIndex(
            href=self._href("towns/template/index.md"), catalogues=self.project.template,
            downloads=self._download_links("towns/template/index.md", URLS.download("template", "all"),
                                           "镇街级基层政务公开标准目录模板")))
        return GeneratedPage("towns/template/index.md", "镇街级目录模板", body,
                             description="莒南县镇街级基层政务公开标准目录模板", nav_title="目录模板")

    def towns_index(self) -> GeneratedPage:
        towns = [cx.TownTotal(t, self._town_name(t), sum(len(v.items) for v in self.town_views[t.town_id]))
                 for t in self.project.towns]
        domains = [d for d in self.project.registry.domains if d.town]
        body = self._page_body(cx.TownsIndex(href=self._href("towns/index.md"), towns=towns, domains=domains))
        return GeneratedPage("towns/index.md", "镇街级基层政务公开标准目录", body,
                             description="莒南县 16 个镇街的基层政务公开标准目录")

    def towns_matrix(self) -> GeneratedPage:
        domains = [d for d in self.project.registry.domains if d.town]
        rows = [cx.TownViews(t, self._town_name(t), self.town_views[t.town_id]) for t in self.project.towns]
        body = self._page_body(cx.TownsMatrix(href=self._href("towns/matrix.md"), domains=domains, rows=rows))
        return GeneratedPage("towns/matrix.md", "各镇街目录对照表", body, hide=("navigation", "toc"),
                             description="各镇街各领域目录的采用、删除、新增和不涉及情况",
                             nav_title="对照表")

    def submissions_page(self) -> GeneratedPage:
        rows = submissions.overview(self.project, self.diagnostics)
        body = self._page_body(cx.SubmissionsPage(
            href=self._href(URLS.submissions), due=self.project.settings.town_due, cn_date=_date,
            towns=[r for r in rows if r.kind == "town"],
            departments=[r for r in rows if r.kind == "county" and r.state != "none"],
            waiting=sum(1 for r in rows if r.kind == "county" and r.state == "none")))
        return GeneratedPage(URLS.submissions, "目录报送情况", body, hide=("toc",),
                             description="各镇街和部门基层政务公开标准目录的报送、审定情况和发现的问题",
                             nav_title="报送情况")

    def town_page(self, town: m.TownCatalogue, views: list[derive.TownDomainView]) -> GeneratedPage:
        src = URLS.town(town.town_id)
        # the 说明 column is shown only when some row has something to say
        notes = any(v.state != "listed" or v.untouched for v in views)
        body = self._page_body(cx.TownPage(
            href=self._href(src), town=town, town_name=self._town_name(town), views=views,
            total=sum(len(v.items) for v in views), notes=notes,
            downloads=self._download_links(src, URLS.download("towns", town.town_id),
                                           f"{self._town_name(town)}基层政务公开标准目录"),
            unit_page=URLS.unit(town.town_id), diff_url=URLS.town_diff(town.town_id)))
        name = self._town_name(town)
        short = town.unit.short_name if town.unit else name
        return GeneratedPage(src, f"{name}基层政务公开标准目录", body, hide=("toc",),
                             description=f"{name}基层政务公开标准目录（镇街级）", nav_title=short)

    def town_domain_page(self, town: m.TownCatalogue, view: derive.TownDomainView) -> GeneratedPage:
        src = URLS.town_domain(town.town_id, view.domain.id)
        name = self._town_name(town)
        title = f"{name}{view.domain.name}领域基层政务公开标准目录"
        listed = view.state == "listed"

        def late() -> str:
            return self._table(src, title, derive.table_rows(view.items, self.project.registry))

        body = self._page_body(cx.TownDomainPage(
            href=self._href(src), town=town, town_name=name, view=view, late_table=listed,
            updated=derive.town_domain_updated(town, view),
            downloads=self._download_links(src, URLS.download("towns", town.town_id), f"{name}基层政务公开标准目录"),
            town_url=URLS.town(town.town_id), diff_url=URLS.town_diff(town.town_id),
            template_url=URLS.template(view.domain.id)))
        # a town's table repeats the template's rows: the page is found by its title, keywords and
        # notices, and the search index (downloaded by every phone) stays a fraction of the size
        return GeneratedPage(src, title, body, hide=("navigation", "toc"), description=title,
                             late=self._late(late) if listed else "")

    def town_diff(self, town: m.TownCatalogue, views: list[derive.TownDomainView]) -> GeneratedPage:
        src = URLS.town_diff(town.town_id)
        name = self._town_name(town)
        total = sum(len(v.template.items) for v in views if v.template)
        body = self._page_body(cx.TownDiff(town=town, town_name=name, views=views, total=total))
        return GeneratedPage(src, f"{name}目录与模板的差异", body, description=f"{name}目录与县级模板的差异")

    def zone_pages(self) -> list[GeneratedPage]:
        std = self.project.zone_standard
        assert std is not None
        views = [derive.zone_view(z, std) for z in self.project.zones]
        contacts = {z.town_id: derive.contact_view(z.unit.contact if z.unit else None) for z in self.project.zones}
        return [
            GeneratedPage("zones/index.md", "政务公开体验区", self._page_body(cx.ZonesIndex(
                href=self._href("zones/index.md"), views=views, facts=std.facts, contacts=contacts,
                hotline=derive.HOTLINE)), hide=("toc",),
                description="莒南县各镇街政务公开体验区的地址、开放时间、电话和可办事项"),
            GeneratedPage("zones/standard.md", std.title, self._page_body(cx.ZoneStandardPage(std=std)),
                description="政务公开体验区建设标准", nav_title="建设标准"),
            GeneratedPage("zones/matrix.md", "体验区达标情况对照表", self._page_body(cx.ZonesMatrix(
                href=self._href("zones/matrix.md"), views=views, areas=std.areas)),
                hide=("navigation", "toc"), description="各镇街体验区对照建设标准的情况", nav_title="达标对照表"),
        ]

    def apply_page(self) -> GeneratedPage:
        """依申请公开: who may apply, how, to whom and the time limits, as the 条例 says; the units
        whose contact the office holds, and whom to ask for the others."""
        reg = self.project.registry
        units = [cx.UnitContact(u, derive.contact_view(u.contact)) for u in reg.units if u.id and u.contact is not None]
        regulation = reg.basis_by_title.get(APPLY_REGULATION)
        body = self._page_body(cx.ApplyPage(
            href=self._href(URLS.apply), units=units, hotline=derive.HOTLINE,
            regulation=regulation.citation if regulation else f"《{APPLY_REGULATION}》"))
        return GeneratedPage(URLS.apply, "依申请公开政府信息", body, hide=("navigation",),
                             description="怎样向莒南县各单位申请公开政府信息：谁可以申请、向谁申请、怎样申请、多长时间答复",
                             nav_title="依申请公开", search_boost=2)

    def fields_page(self) -> GeneratedPage:
        body = self._page_body(cx.FieldsPage(fields=table.field_rows()))
        return GeneratedPage(URLS.fields, "公开事项的字段", body, description="目录文件中公开事项各字段的名称、写法和显示位置")

    def sources_page(self) -> GeneratedPage:
        """出处统计: per domain, the items that name their page(s) and the drafts that do not."""
        rows = sources.report(self.project.county, self.project.template)
        body = self._page_body(cx.SourcesPage(href=self._href(URLS.sources), catalogues=sources.by_catalogue(rows)))
        return GeneratedPage(URLS.sources, "目录事项的出处", body,
                             description="县级标准目录和镇街级目录模板各领域写明出处的事项和没有出处的草稿事项")

    def rules_page(self) -> GeneratedPage:
        body = self._page_body(cx.RulesPage(rules=dg.all_rules()))
        return GeneratedPage(URLS.rules, "检查规则代码一览", body,
                             description="zwgk check 的规则代码、级别和含义")
