"""MkDocs glue (插件): load and check in ``on_config``, add generated pages in ``on_files``,
put the rendered bodies in ``on_page_content``, watch the sources in ``on_serve``.

Only this module imports ``mkdocs``; everything it calls is the core.
"""

from __future__ import annotations

import calendar
import concurrent.futures
import html as html_lib
import logging
import multiprocessing
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from . import derive, gate, markup
from . import diagnostics as dg
from . import search as site_search  # zwgk search
from .project import CATALOGUES, CONTENT, Project, SourceCache, load_project, trace_number
from .render import GeneratedPage, Links, SiteRenderer, environment, updated_note
from .rules import check
from .staging import StagedSite, StagingError
from .urls import URLS

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent / "assets"
THEME = Path(__file__).parent / "theme"
CSS = "assets/zwgk/zwgk.css"
JS = "assets/zwgk/zwgk.js"
FAVICON = "assets/zwgk/favicon.svg"  # 230 bytes, in place of Material's 1.9 KB PNG on every first visit
MATERIAL_FAVICON = "assets/images/favicon.png"
SEARCH_ASSETS = ("assets/zwgk/search.js", "assets/zwgk/search.css")  # zwgk search
OVERVIEW_MARK = "<!-- zwgk:overview -->"
LATE_MARK = "<!-- zwgk:late -->"
_OVERVIEW_TOKEN = "ZWGK-OVERVIEW-7f3a"  # survives sanitising, unlike an HTML comment


class ZwgkConfig(base.Config):
    """Options of the ``zwgk`` plugin in mkdocs.yml."""

    root = c.Optional(c.Type(str))
    """Repository root holding ``catalogues/`` and ``bulletins/`` (default: the folder of mkdocs.yml)."""
    expand_nav = c.Type(bool, default=True)
    """Replace ``county/index.md`` in ``nav`` by a section listing every domain page."""
    downloads = c.Type(bool, default=True)
    """Write the XLSX/CSV/JSON downloads (a preview configuration may switch them off)."""
    search = c.Type(bool, default=True)
    """Write the site's search index (Pagefind, zwgk.search); a preview configuration may switch it off."""


class ZwgkPlugin(BasePlugin[ZwgkConfig]):
    """Checks the sources and renders the column's generated pages."""

    def __init__(self) -> None:
        self.atomic = True
        self.staged: StagedSite | None = None
        self.warnings: CountHandler | None = None
        self.pages: dict[str, GeneratedPage] = {}
        # generated files (feed, downloads) by path in the site, each written to a scratch folder as it
        # is made, so that the build never holds every download in memory; removed after the build
        self.files: dict[str, Path] = {}
        self.scratch: tempfile.TemporaryDirectory[str] | None = None
        # sources by path, kept across `mkdocs serve` rebuilds: only files whose bytes changed are parsed again
        self.source_cache: SourceCache = {}
        self.overview_html = ""
        self.root = Path()
        self.project: Project | None = None
        self.policy = gate.GatePolicy()
        self._gated = PagesGate()
        self.build_date = BuildDate()
        self.segmenter = Segmenter()
        self.reader = site_search.PageReader()  # zwgk search: pages read while the build goes on

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # serve builds into its own temporary folder; a dirty build reuses the site on purpose
        self.atomic = command == "build" and not dirty

    @event_priority(100)  # first, so that every later warning is counted for the swap decision
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        base_dir = Path(config.config_file_path or ".").resolve().parent
        self.root = (base_dir / self.config.root).resolve() if self.config.root else base_dir
        if not (self.root / CATALOGUES).is_dir():
            raise PluginError(f"zwgk: 找不到数据目录 {self.root / CATALOGUES}：请检查 mkdocs.yml 中 zwgk 的 root 设置")
        if self.config.search:
            self.reader.start()  # zwgk search: jieba loads beside the checks
        project = self.project = load_project(self.root, cache=self.source_cache)
        findings = check(project)
        self._report(findings)
        self._stage(config)
        self._gated.close()
        self.build_date.pin(project)
        _escape_settings(config)
        custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        links = Links(config.use_directory_urls, config.site_url or "")
        docs_pages = _docs_pages(Path(config.docs_dir), self.root, project)
        renderer = SiteRenderer(project, environment(custom), links, site_name=config.site_name,
                                docs_pages=docs_pages, diagnostics=findings)
        self.pages = {p.src_uri: p for p in renderer.pages()}
        self._write_files(renderer)
        self.overview_html = renderer.overview()
        if "search" in config.plugins or "material/search" in config.plugins:
            self.segmenter.install(derive.search_terms(project.registry, [*project.county, *project.template]))
        if self.config.expand_nav and config.nav:
            config.nav = _expand_nav(config.nav, _nav_sections(list(self.pages.values())), self.pages)
        _install_theme(config, links, guide=URLS.guide in docs_pages)
        config.extra["zwgk_search"] = self.config.search  # zwgk search: the header's search box
        self.policy = _gate_policy(config, project)
        self.reader.teach(site_search.vocabulary(derive.search_terms(
            project.registry, [*project.county, *project.template]), site_search.synonyms_of(project)[0]))
        return config

    def _write_files(self, renderer: SiteRenderer) -> None:
        self._drop_files()
        self.scratch = tempfile.TemporaryDirectory(prefix="zwgk-files-")
        self.files = {}
        for path, content in renderer.files(downloads=self.config.downloads):
            target = Path(self.scratch.name, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            self.files[path] = target

    def _drop_files(self) -> None:
        if self.scratch is not None:
            self.scratch.cleanup()
        self.scratch, self.files = None, {}

    def _stage(self, config: MkDocsConfig) -> None:
        """Build into a sibling folder; on_post_build swaps it in, so a failed build leaves the
        previous site untouched and an interrupted one never leaves a mixed site."""
        if not self.atomic:
            return
        self.staged = StagedSite(Path(config.site_dir))
        try:
            config.site_dir = str(self.staged.begin())
        except StagingError as e:
            self.staged = None
            raise PluginError(f"zwgk: {e}") from None
        self.warnings = CountHandler()
        self.warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.warnings)

    @event_priority(-100)  # last: after search has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._drop_files()  # copied into the site by now
        self.segmenter.release()
        self.build_date.restore()
        _fix_search_worker(Path(config.site_dir))
        self._write_search_index(config)  # zwgk search: before the gate reads the staged site
        if not self.atomic or self.staged is None:
            return
        counted = self.warnings.get_counts() if self.warnings else []
        self._unhook()
        staged, self.staged = self.staged, None
        if config.strict and counted:  # MkDocs aborts right after this event: keep the old site
            staged.abort()
            return
        findings = self._gated.findings()
        findings += gate.inspect_site(staged.staging, self.policy, seen=self._gated.pages)
        if findings:
            staged.abort()
            for f in findings[:200]:
                log.error(f"发布前检查：{f.file}: {f.message}{self._trace(f)}")
            raise PluginError(f"zwgk: 发布前检查发现 {len(findings)} 处不能发布的内容，已停止发布，原来的网站不变")
        try:
            staged.commit()
        except StagingError as e:
            raise PluginError(f"zwgk: {e}") from None
        config.site_dir = str(staged.final)

    def _write_search_index(self, config: MkDocsConfig) -> None:
        """zwgk search: the Pagefind index of the site just written (zwgk.search)."""
        if not self.config.search or self.project is None:
            return
        p = self.project
        ranks = site_search.page_ranks(
            [c.domain_id for c in p.county], [c.domain_id for c in p.template],
            {t.town_id: [d.id for d in p.registry.domains if d.town] for t in p.towns},
            [u.id for u in p.registry.units if u.id])
        synonyms, _ = site_search.synonyms_of(p)  # its findings were reported with the others
        try:
            stats = site_search.write_index(
                Path(config.site_dir), ranks, site_search.excluded_pages(p.pages), synonyms,
                derive.search_terms(p.registry, [*p.county, *p.template]), directory_urls=config.use_directory_urls,
                read=self.reader.records())
        except (OSError, RuntimeError) as e:
            raise PluginError(f"zwgk: 未能生成搜索索引：{e}") from None
        log.info(f"搜索索引：{stats.pages} 个页面，{stats.words} 个词，{stats.files} 个文件（{stats.bytes // 1024} KB）")

    def _trace(self, finding: gate.GateFinding) -> str:
        """Where a number the gate found stands in the sources, when it can be traced."""
        if not finding.digits or self.project is None:
            return ""
        where = trace_number(self.project, finding.digits)
        return f"（来源：{where}）" if where else "（未能追溯到数据文件：请检查 mkdocs.yml、content/ 中的文件名和模板）"

    def on_build_error(self, *, error: Exception) -> None:
        self.reader.close()
        self._drop_files()
        self.segmenter.release()
        self.build_date.restore()
        self._gated.close()
        self._unhook()
        if self.staged is not None:
            self.staged.abort()
            self.staged = None

    def _unhook(self) -> None:
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None

    def _report(self, diags: list[dg.Diagnostic]) -> None:
        for d in diags:
            line = f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}"
            if d.severity is dg.Severity.ERROR:
                log.error(line)
            elif d.severity is dg.Severity.WARNING:
                log.warning(line)
            else:
                log.debug(line)
        errors = dg.count(diags, dg.Severity.ERROR)
        if errors:
            raise PluginError(f"zwgk: 数据源有 {errors} 个错误，已停止构建（详见上方各行，或运行 zwgk check）")
        infos = dg.count(diags, dg.Severity.INFO)
        if infos:
            log.info(f"{infos} 条提示（草稿、待核实等），运行 zwgk check 查看")

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        # titles written in mkdocs.yml's nav (and the generated sections) are printed raw by Material
        for item in _walk_nav(nav.items):
            if "title" in vars(item) and isinstance(item.title, str) and not isinstance(item.title, Markup):
                item.title = Markup(escape(item.title))
        return nav

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        for page in self.pages.values():
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"zwgk: content/{page.src_uri} 与自动生成的页面同名：请改名或删除该文件")
            files.append(File.generated(config, page.src_uri, content=_stub(page)))
        for path, target in self.files.items():
            files.append(File.generated(config, path, abs_src_path=str(target)))
        files.append(File.generated(config, CSS, abs_src_path=str(ASSETS / "zwgk.css")))
        files.append(File.generated(config, JS, abs_src_path=str(ASSETS / "zwgk.js")))
        files.append(File.generated(config, FAVICON, abs_src_path=str(ASSETS / "favicon.svg")))
        for asset in SEARCH_ASSETS if self.config.search else ():  # zwgk search
            files.append(File.generated(config, asset, abs_src_path=str(ASSETS / Path(asset).name)))
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            if generated.nav_title and generated.nav_title != generated.title:
                # the navigation's short title would otherwise become the page's heading
                return f"<h1>{escape(generated.title)}</h1>" + html + generated.body
            return html + generated.body
        # a hand-written page: Material prints its title and description raw
        _escape_page_meta(page)
        # sanitise the editor's Markdown output, then add our own markup
        html = markup.clean_page(html.replace(OVERVIEW_MARK, _OVERVIEW_TOKEN))
        return html.replace(_OVERVIEW_TOKEN, self.overview_html) + updated_note(page.meta.get("updated"))

    @event_priority(-100)  # last: the gate sees the HTML exactly as it is written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        output = self._finish_page(output, page)
        self.reader.submit(page.file.dest_uri, output)
        if self.atomic and self.staged is not None:
            self._gated.submit(page.file.dest_uri, output, self.policy)
        return output

    def _finish_page(self, output: str, page: Page) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.late:
            output = output.replace(LATE_MARK, generated.late_html(), 1)
        # Material writes lang="zh"; government sites declare the region (zh-CN). Its search
        # dialog has no accessible name, which axe reports as serious.
        output = output.replace('<html lang="zh"', '<html lang="zh-CN"', 1)
        return output.replace('data-md-component="search" role="dialog"',
                              'data-md-component="search" role="dialog" aria-label="搜索"', 1)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in (CATALOGUES, "bulletins"):
            path = self.root / folder
            if path.is_dir():
                server.watch(str(path))
        return server


# Material's search worker splits a run of Chinese into the index terms it contains, but its loops
# stop one character short, so the last character of a query is never part of a term: 低保 is
# searched as 低 (and finds 低碳 first). Two comparisons, fixed in the copy the site serves.
_WORKER_BUG = (("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"),
               ("n[a]&&a<t.length-1&&", "n[a]&&a<t.length&&"))


def _fix_search_worker(site: Path) -> None:
    folder = site / "assets/javascripts/workers"
    for worker in sorted(folder.glob("search.*.min.js")) if folder.is_dir() and not folder.is_symlink() else []:
        text = worker.read_text(encoding="utf-8")
        fixed = text
        for old, new in _WORKER_BUG:
            fixed = fixed.replace(old, new, 1)
        if fixed != text:
            worker.write_text(fixed, encoding="utf-8")
        elif not all(new in text for _, new in _WORKER_BUG):
            log.warning(f"Material 的搜索脚本 {worker.name} 与预期不同，未能修正中文分词（请核对 mkdocs-material 的版本）")


class PagesGate:
    """The gate over each page's HTML as MkDocs writes it, run in a second process while the build
    goes on (the build uses one core), so that checking every page adds little to the build time.
    Where no second core or no ``fork`` exists, the pages are checked after the build instead."""

    def __init__(self) -> None:
        self.pages: frozenset[str] = frozenset()
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._jobs: list[concurrent.futures.Future[list[gate.GateFinding]]] = []
        self._batch: list[tuple[str, bytes]] = []
        self._policy = gate.GatePolicy()

    def submit(self, rel: str, html: str, policy: gate.GatePolicy) -> None:
        if self._pool is None:
            if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
                return  # inspect_site reads the written files instead
            self._pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        self._batch.append((rel, html.encode("utf-8")))
        self.pages = self.pages | {rel}
        self._policy = policy
        if len(self._batch) >= 20:
            self._flush(policy)

    def _flush(self, policy: gate.GatePolicy) -> None:
        if self._batch and self._pool is not None:
            self._jobs.append(self._pool.submit(_inspect_batch, self._batch, policy))
            self._batch = []

    def findings(self) -> list[gate.GateFinding]:
        """Wait for the pages submitted so far; their findings."""
        if self._pool is None:
            return []
        self._flush(self._policy)
        out = [f for job in self._jobs for f in job.result()]
        self.close(keep_pages=True)
        return out

    def close(self, keep_pages: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        self._pool, self._jobs, self._batch = None, [], []
        if not keep_pages:
            self.pages = frozenset()


def _inspect_batch(batch: list[tuple[str, bytes]], policy: gate.GatePolicy) -> list[gate.GateFinding]:
    return [f for rel, data in batch for f in gate.inspect_html(rel, data, policy)]


def _docs_pages(docs: Path, root: Path, project: Project) -> frozenset[str]:
    """The hand-written pages (for the site map): those the project read, when docs_dir is content/."""
    if docs.resolve() == (root / CONTENT).resolve():
        return frozenset(p[len(CONTENT) + 1:] for p in project.pages)
    return frozenset(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if not p.is_symlink())


def _walk_nav(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _walk_nav(getattr(item, "children", None) or [])


_SETTING_NAMES = ("site_name", "site_description", "site_author", "copyright")


def _escape_settings(config: MkDocsConfig) -> None:
    """mkdocs.yml values that Material (and our footer partial) print as they are arrive escaped;
    ``zwgk check`` has already refused markup in them (ZW704), so this is the second line."""
    for key in _SETTING_NAMES:
        value = config.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            config[key] = Markup(escape(value))
    footer = dict(config.extra or {}).get("footer")
    if isinstance(footer, dict):
        for k, v in footer.items():
            if isinstance(v, str) and not isinstance(v, Markup):
                footer[k] = Markup(escape(v))


def _escape_page_meta(page: Page) -> None:
    """A hand-written page's title (front matter or first heading) and description, escaped once."""
    meta = page.meta
    title = meta.get("title")
    if isinstance(title, str):
        meta["title"] = Markup(escape(title))
    elif page.title:  # from the first heading: already text with entities; make it plain, then escape
        meta["title"] = Markup(escape(html_lib.unescape(re.sub(r"<[^>]*>", "", str(page.title)))))
    if isinstance(meta.get("description"), str):
        meta["description"] = Markup(escape(meta["description"]))


def _gate_policy(config: MkDocsConfig, project: Project) -> gate.GatePolicy:
    footer: dict[str, Any] = dict(config.extra or {}).get("footer") or {}
    external = frozenset({str(footer["dzjg_script"])}) if footer.get("dzjg_enabled") is True and \
        footer.get("dzjg_script") else frozenset()
    host = urlsplit(config.site_url or "").hostname or ""
    base_path = urlsplit(config.site_url or "").path or "/"  # the 404 page's URLs start there
    return gate.GatePolicy(external_scripts=external, site_host=host.lower(),
                           public_numbers=project.public_numbers, base_path=base_path,
                           inline_scripts=gate.theme_inline_scripts(config.theme.dirs, base_path))


def _install_theme(config: MkDocsConfig, links: Links, guide: bool = False) -> None:
    """Our stylesheet, script and template overrides (footer, skip link, text size): above Material,
    below a site's own custom_dir."""
    if CSS not in config.extra_css:
        config.extra_css.insert(0, CSS)
    if JS not in config.extra_javascript:
        config.extra_javascript.append(JS)
    if config.theme.get("favicon") in (None, MATERIAL_FAVICON):  # a site's own favicon wins
        config.theme["favicon"] = FAVICON
    if str(THEME) not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
    config.extra["zwgk_sitemap"] = links.url(URLS.sitemap)
    config.extra["zwgk_home"] = links.url(URLS.home)
    config.extra["zwgk_apply"] = links.url(URLS.apply)
    # the editor guide is for the office's staff: a footer link, not a tab of citizens' navigation
    config.extra["zwgk_guide"] = links.url(URLS.guide) if guide else ""


class BuildDate:
    """Dates in the site (sitemap lastmod, gzip headers) come from the sources, not the clock, so two
    builds of one commit are byte-identical; an explicit SOURCE_DATE_EPOCH still wins. MkDocs reads
    the date from the environment, so it is set for this build and put back afterwards."""

    def __init__(self) -> None:
        self._previous: str | None = None
        self._set = False

    def pin(self, project: Project) -> None:
        self.restore()
        if "SOURCE_DATE_EPOCH" in os.environ:
            return
        dates = [d for d in (*(c.updated for c in project.county), *(c.updated for c in project.template),
                             *(t.updated for t in project.towns), *(b.updated for b in project.bulletins),
                             *project.registry.updated.values()) if d is not None]
        if dates:
            os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(max(dates).timetuple()))
            self._set = True

    def restore(self) -> None:
        if self._set:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._set = False


class Segmenter:
    """Teaches jieba (Material's search segments Chinese with it) the column's own terms for one
    build, and lets it remember what it already cut (16 towns repeat one template); ``release``
    gives jieba back its own ``cut`` after the build."""

    def __init__(self) -> None:
        self._original: Any = None

    def install(self, words: list[str]) -> None:
        try:
            import jieba
        except ImportError:  # search then indexes unsegmented text; nothing else depends on jieba
            return
        self.release()
        for w in words:
            jieba.add_word(w)
        original = self._original = jieba.cut
        memo: dict[Any, tuple[str, ...]] = {}

        def cut(sentence: Any, cut_all: bool = False, HMM: bool = True, use_paddle: bool = False) -> Any:
            if cut_all or not HMM or use_paddle:
                return original(sentence, cut_all, HMM, use_paddle)
            words = memo.get(sentence)
            if words is None:
                words = memo[sentence] = tuple(original(sentence))
            return iter(words)

        jieba.cut = cut

    def release(self) -> None:
        if self._original is not None:
            import jieba

            jieba.cut = self._original
            self._original = None


def _stub(page: GeneratedPage) -> str:
    """The Markdown MkDocs sees for a generated page: front matter only, written by a YAML dumper.

    Material prints ``page.meta.title`` and ``description`` as they are, so they arrive escaped;
    with no ``# title`` line in the Markdown, Material writes the ``<h1>`` from that title.
    """
    meta: dict[str, object] = {"title": str(escape(page.title))}
    if page.hide:
        meta["hide"] = list(page.hide)
    if page.description:
        meta["description"] = str(escape(page.description))
    if page.search_boost:
        meta["search"] = {"boost": page.search_boost}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6) + "---\n"




def _expand_nav(nav: list[Any], sections: dict[str, list[str]], pages: dict[str, GeneratedPage]) -> list[Any]:
    """Turn ``- 标题: county/index.md`` into a section: the index page first, then its children."""
    out: list[Any] = []
    for entry in nav:
        if isinstance(entry, dict) and len(entry) == 1:
            (title, value), = entry.items()
            if isinstance(value, str) and value in sections:
                children = [{pages[u].nav_title: u} for u in sections[value]]
                out.append({title: [value, *children]})
                continue
            if isinstance(value, list):
                out.append({title: _expand_nav(value, sections, pages)})
                continue
        out.append(entry)
    return out


def _nav_sections(pages: list[GeneratedPage]) -> dict[str, list[str]]:
    """Which generated pages the navigation lists under each section index (the URL table says)."""
    uris = [p.src_uri for p in pages]
    return {s.index: URLS.children(s, uris) for s in URLS.sections if s.index in uris}
