"""MkDocs glue (插件): load and check in ``on_config``, add generated pages in ``on_files``,
put the rendered bodies in ``on_page_content``, watch the sources in ``on_serve``.

Only this module imports ``mkdocs``; everything it calls is the core.
"""

from __future__ import annotations

import calendar
import concurrent.futures
import contextlib
import functools
import hashlib
import html as html_lib
import json
import logging
import multiprocessing
import os
import re
import shutil
import tempfile
import threading
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.theme import Theme
from mkdocs.utils import CountHandler
from watchdog.observers.polling import PollingObserver

from . import derive, gate, markup
from . import diagnostics as dg
from . import search as site_search  # zwgk search
from .late_files import LateFiles
from .project import CATALOGUES, CONTENT, Project, SourceCache, load_project, trace_number
from .render import (
    TEMPLATES,
    GeneratedPage,
    Links,
    RenderMemo,
    SiteRenderer,
    TemplateCache,
    environment,
    preview_findings,
    updated_note,
)
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
    drafts = c.Type(bool, default=False)
    """Show draft bulletins, bannered (the preview configuration switches it on; the published site never has them)."""


class ZwgkPlugin(BasePlugin[ZwgkConfig]):
    """Checks the sources and renders the column's generated pages."""

    def __init__(self) -> None:
        self.atomic = True
        self.serving = False  # mkdocs serve: the preview (see Preview)
        self.preview = Preview()
        self.staged: StagedSite | None = None
        self.warnings: CountHandler | None = None
        self.pages: dict[str, GeneratedPage] = {}
        # generated files (feed, downloads): made in a second process while the pages are written,
        # placed into the site in on_post_build (see late_files)
        self.late: LateFiles | None = None
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
        self.serving = command == "serve"
        self.preview.cleans = not dirty

    @event_priority(100)  # first, so that every later warning is counted for the swap decision
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        base_dir = Path(config.config_file_path or ".").resolve().parent
        self.root = (base_dir / self.config.root).resolve() if self.config.root else base_dir
        if not (self.root / CATALOGUES).is_dir():
            raise PluginError(f"zwgk: 找不到数据目录 {self.root / CATALOGUES}：请检查 mkdocs.yml 中 zwgk 的 root 设置")
        if self._search:
            self.reader.start()  # zwgk search: jieba loads beside the checks
        # the sources are kept across `mkdocs serve` rebuilds; a build reads each file once
        project = self.project = load_project(self.root, cache=self.source_cache if self.serving else None)
        if self.serving:
            _list_visible_theme_files(config.theme)
        findings = check(project)
        custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        if not self._report(findings):  # mkdocs serve: the findings on every page instead of a failed build
            self.pages = {}
            self._drop_files()
            self.preview.show_findings(config, findings, self.preview.environment(custom))
            return config
        self._stage(config)
        self._gated.close()
        self.build_date.pin(project)
        _escape_settings(config)
        links = Links(config.use_directory_urls, config.site_url or "")
        docs_pages = _docs_pages(Path(config.docs_dir), self.root, project)
        env = self.preview.environment(custom) if self.serving else environment(custom)
        if self.serving:
            self.preview.memo.begin(_files_digest([TEMPLATES, *([custom / "zwgk"] if custom else [])]))
        renderer = SiteRenderer(project, env, links, site_name=config.site_name, docs_pages=docs_pages,
                                diagnostics=findings, memo=self.preview.memo if self.serving else None,
                                drafts=self.config.drafts)
        self.pages = {p.src_uri: p for p in renderer.pages()}
        self._drop_files()
        self.overview_html = renderer.overview()
        if "search" in config.plugins or "material/search" in config.plugins:
            self.segmenter.install(derive.search_terms(project.registry, [*project.county, *project.template]))
        if self.config.expand_nav and config.nav:
            config.nav = _expand_nav(config.nav, _nav_sections(list(self.pages.values())), self.pages)
        _install_theme(config, links, guide=URLS.guide in docs_pages)
        config.extra["zwgk_search"] = self._search  # zwgk search: the header's search box
        if self.atomic:
            self.policy = _gate_policy(config, project)
        if self._search:
            self.reader.teach(site_search.vocabulary(derive.search_terms(
                project.registry, [*project.county, *project.template]), site_search.synonyms_of(project)[0]))
        if not self.serving:  # checked: the pages are made from the records
            project.forget_sources()
        # the downloads and the feed, made in a second process while the pages are written
        downloads = self.config.downloads and not self.serving
        self.late = LateFiles.start(renderer.file_names(downloads), functools.partial(renderer.files, downloads),
                                    background=downloads,  # the gate reads each file there, as it is made
                                    inspect=functools.partial(gate.inspect_file, policy=self.policy)
                                    if self.atomic else None)
        return config

    def _drop_files(self) -> None:
        if self.late is not None:
            self.late.close()
        self.late = None

    @property
    def _search(self) -> bool:
        """Whether this build writes the search index: never in mkdocs serve (see Preview)."""
        return self.config.search and not self.serving

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.serving:
            self.preview.set_aside(Path(config.site_dir))

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
        late_read: frozenset[str] = frozenset()  # files the download writer's gate already read
        late_findings: list[gate.GateFinding] = []
        if self.late is not None and not self.preview.showing_findings:
            # before the search index and the gate read the site
            late_read, late_findings = self.late.place(Path(config.site_dir))
        self._drop_files()
        if self.preview.publish_findings():
            return
        self.segmenter.release()
        self.build_date.restore()
        _fix_search_worker(Path(config.site_dir))
        # the gate reads the rest of the staged site while Pagefind writes the index, then the index
        early: list[gate.GateFinding] | None = None
        read = self._gated.pages | late_read  # every page, as written; the downloads, as made

        def inspect_rest() -> None:
            nonlocal early
            if self.atomic and self.staged is not None:
                early = gate.inspect_site(self.staged.staging, self.policy, seen=read, skip=site_search.INDEX_DIR)

        self._write_search_index(config, inspect_rest)  # zwgk search: before the gate reads the index
        if not self.atomic or self.staged is None:
            return
        counted = self.warnings.get_counts() if self.warnings else []
        self._unhook()
        staged, self.staged = self.staged, None
        if config.strict and counted:  # MkDocs aborts right after this event: keep the old site
            staged.abort()
            return
        findings = self._gated.findings() + late_findings
        if early is None:  # no index was written: the whole site now
            findings += gate.inspect_site(staged.staging, self.policy, seen=read)
        else:
            findings += early + gate.inspect_site(staged.staging, self.policy, only=site_search.INDEX_DIR)
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

    def _write_search_index(self, config: MkDocsConfig, meanwhile: Callable[[], None]) -> None:
        """zwgk search: the Pagefind index of the site just written (zwgk.search); ``meanwhile``
        runs while Pagefind works."""
        if not self._search or self.project is None:
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
                read=self.reader.records(), meanwhile=meanwhile)
        except (OSError, RuntimeError) as e:
            raise PluginError(f"zwgk: 未能生成搜索索引：{e}") from None
        log.info(f"搜索索引：{stats.pages} 个页面，{stats.words} 个词，{stats.files} 个文件（{stats.bytes // 1024} KB）")

    def _trace(self, finding: gate.GateFinding) -> str:
        """Where a number the gate found stands in the sources, when it can be traced."""
        if not finding.digits or self.project is None:
            return ""
        if self.project.sources_forgotten:  # read again: the gate stopped the build, time is no matter
            self.project = load_project(self.root)
        where = trace_number(self.project, finding.digits)
        return f"（来源：{where}）" if where else "（未能追溯到数据文件：请检查 mkdocs.yml、content/ 中的文件名和模板）"

    def on_build_error(self, *, error: Exception) -> None:
        self.reader.close()
        self._drop_files()
        self.preview.cancel()
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

    def _report(self, diags: list[dg.Diagnostic]) -> bool:
        """Log the findings; errors stop the build (in mkdocs serve: False, the preview shows them)."""
        for d in diags:
            line = f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}"
            if d.severity is dg.Severity.ERROR:
                log.error(line)
            elif d.severity is dg.Severity.WARNING:
                log.warning(line)
            else:
                log.debug(line)
        errors = dg.count(diags, dg.Severity.ERROR)
        if errors and not self.serving:
            raise PluginError(f"zwgk: 数据源有 {errors} 个错误，已停止构建（详见上方各行，或运行 zwgk check）")
        if errors:
            log.error(f"数据源有 {errors} 个错误：预览的每个页面上都列出了这些错误，改正并保存后页面自动恢复")
            return False
        infos = dg.count(diags, dg.Severity.INFO)
        if infos:
            log.info(f"{infos} 条提示（草稿、待核实等），运行 zwgk check 查看")
        return True

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        # titles written in mkdocs.yml's nav (and the generated sections) are printed raw by Material
        for item in _walk_nav(nav.items):
            if "title" in vars(item) and isinstance(item.title, str) and not isinstance(item.title, Markup):
                item.title = Markup(escape(item.title))
        if self.serving:
            self.preview.unchanged.begin(nav, config)
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        _faster_templates(env)
        if self.serving:  # the theme's templates compiled once per serve, not once per rebuild
            env.bytecode_cache = self.preview.theme_templates
            self.preview.unchanged.decide(files)
        return env

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.preview.showing_findings:  # nothing of the site is built; the last good one stays
            return Files([])
        for page in self.pages.values():
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"zwgk: content/{page.src_uri} 与自动生成的页面同名：请改名或删除该文件")
            files.append(File.generated(config, page.src_uri, content=_stub(page)))
        for path in self.late.names if self.late else ():  # an empty stand-in until on_post_build
            files.append(File.generated(config, path, content=b""))
        files.append(File.generated(config, CSS, abs_src_path=str(ASSETS / "zwgk.css")))
        files.append(File.generated(config, JS, abs_src_path=str(ASSETS / "zwgk.js")))
        files.append(File.generated(config, FAVICON, abs_src_path=str(ASSETS / "favicon.svg")))
        for asset in SEARCH_ASSETS if self._search else ():  # zwgk search
            files.append(File.generated(config, asset, abs_src_path=str(ASSETS / Path(asset).name)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.serving and page.file.src_uri in self.pages:
            _render_stub_as_empty(page)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            body = generated.html()  # rendered now, as MkDocs asks for the page
            if self.serving:
                self.preview.unchanged.weigh(page, html, body, generated.late_html())
            if generated.nav_title and generated.nav_title != generated.title:
                # the navigation's short title would otherwise become the page's heading
                return f"<h1>{escape(generated.title)}</h1>" + html + body
            return html + body
        # a hand-written page: Material prints its title and description raw
        _escape_page_meta(page)
        # sanitise the editor's Markdown output, then add our own markup
        html = markup.clean_page(html.replace(OVERVIEW_MARK, _OVERVIEW_TOKEN))
        html = html.replace(_OVERVIEW_TOKEN, self.overview_html) + updated_note(page.meta.get("updated"))
        if self.serving:
            self.preview.unchanged.weigh(page, html)
        return html

    @event_priority(-100)  # last: the gate sees the HTML exactly as it is written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.serving:
            kept = self.preview.unchanged.kept(page)
            if kept is not None:
                return kept
            output = self._finish_page(output, page)
            self.preview.unchanged.keep(page, output)
            return output
        output = self._finish_page(output, page)
        self.reader.submit(page.file.dest_uri, site_search.essentials(output))
        if self.atomic and self.staged is not None:
            self._gated.submit(page.file.dest_uri, output, self.policy)
        return output

    def _finish_page(self, output: str, page: Page) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.late:
            output = output.replace(LATE_MARK, generated.late_html(), 1)
        # Material's own search dialog (a site using Material's search) has no accessible name, which
        # axe reports as serious (the lang attribute is set by theme/partials/language.html)
        return output.replace('data-md-component="search" role="dialog"',
                              'data-md-component="search" role="dialog" aria-label="搜索"', 1)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        _poll_often(server)  # the data folders, watched from here on
        for folder in (CATALOGUES, "bulletins"):
            path = self.root / folder
            if path.is_dir():
                server.watch(str(path))
        return server

    def on_shutdown(self) -> None:
        self.preview.close()


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


# Material's navigation, rendered for every page, made cheaper without changing what it prints.
# It looks for a section's index page with a template loop over all the section's children, for
# every section on every page, even a folded one: with 160 towns of 19 pages, 3,000 steps a page.
# The same search is made in Python. Only Material's own template is changed (a site's own
# override is left as it is), and when Material's template no longer reads as below, it is used
# unchanged.
_NAV_ITEM = "partials/nav-item.html"
_INDEX_LOOP = """      {% for item in nav_item.children %}
        {% if item.is_index and _.index is none %}
          {% set _.index = item %}
        {% endif %}
      {% endfor %}"""
_INDEX_CALL = """      {% set _.index = nav_item.children | zwgk_section_index %}"""
_NAV_CHANGES = ((_INDEX_LOOP, _INDEX_CALL),)


def _section_index(children: list[Any]) -> Any:
    """The first of a section's children that is an index page, or None (Material's loop, above)."""
    return next((c for c in children if c.is_index), None)


def _getattr(env: jinja2.Environment, obj: Any, attribute: str) -> Any:
    """Jinja's ``Environment.getattr`` (``obj.attribute``, else ``obj[attribute]``, else undefined)
    without raising and catching an exception for each miss: Material's templates ask every page
    and section for attributes most lack (meta, typeset, pages …), 800,000 times at 160 towns."""
    value = getattr(obj, attribute, _MISSING)
    if value is not _MISSING:
        return value
    if type(obj) is dict:
        value = obj.get(attribute, _MISSING)
        if value is not _MISSING:
            return value
    elif hasattr(type(obj), "__getitem__"):
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            pass
    return env.undefined(obj=obj, name=attribute)


_MISSING = object()


def _faster_templates(env: jinja2.Environment) -> None:
    """Material's templates, rendered for every page, made cheaper without changing what they print."""
    env.getattr = types.MethodType(_getattr, env)  # type: ignore[method-assign]
    _faster_nav(env)


def _faster_nav(env: jinja2.Environment) -> None:
    import material

    loader = env.loader
    if loader is None:
        return
    try:
        source, filename, _ = loader.get_source(env, _NAV_ITEM)
    except jinja2.TemplateNotFound:
        return
    if not filename or Path(material.__file__).parent not in Path(filename).parents:
        return
    if not all(old in source for old, _ in _NAV_CHANGES):
        log.info("Material 的导航模板与预期不同：按原样使用（只影响构建速度）")
        return
    for old, new in _NAV_CHANGES:
        source = source.replace(old, new, 1)
    env.filters["zwgk_section_index"] = _section_index
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({_NAV_ITEM: source}), loader])


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
            site_search.keep_up(self._jobs)

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
                             *(t.updated for t in project.towns), *(b.updated for b in project.bulletins if not b.is_draft),
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


@functools.lru_cache(maxsize=4096)  # mkdocs serve: the pages kept between rebuilds are the same objects
def _stub(page: GeneratedPage) -> str:
    """The Markdown MkDocs sees for a generated page: front matter only, written as JSON (which
    YAML reads as it is; PyYAML's own writer took a second at 160 towns).

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
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n"


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


# ---------------------------------------------------------------------------------------------------
# mkdocs serve: the preview (issue 18). Everything below is used only when ``command == "serve"``
# (ZwgkPlugin.serving); the hooks above reach it through ``self.preview`` and ``if self.serving``.
# ---------------------------------------------------------------------------------------------------


class Preview:
    """What ``mkdocs serve`` keeps and does between rebuilds; the published ``mkdocs build`` uses none of it.

    A broken source does not fail the build (a failed build leaves every page request waiting until
    the file is fixed): the build writes nothing over the last good site and puts the findings, with
    file and line in Chinese, on each of its pages; the next good build replaces them all, and
    livereload reloads the browser each time. For speed, pages made of unchanged records are reused
    (render.RenderMemo), pages whose content and navigation did not change are written as they were
    (UnchangedPages), templates are compiled once (render.TemplateCache), and the search index, the
    downloads and the publish gate are left to ``mkdocs build``.
    """

    PANEL_START = "<!-- zwgk:preview-findings -->"
    PANEL_END = "<!-- /zwgk:preview-findings -->"

    def __init__(self) -> None:
        self.memo = RenderMemo()
        self.unchanged = UnchangedPages()
        self.theme_templates = TemplateCache()  # MkDocs' environment
        self._templates = TemplateCache()  # ours (separate: the two compile with different settings)
        self._site: Path | None = None  # the served site, while this build shows findings
        self._scratch: Path | None = None
        self._good = False  # a good site has been built in this serve
        self.cleans = True  # MkDocs empties the site folder before each build (not with --dirty)
        self._removals: list[threading.Thread] = []
        self._panel = self._home = self._missing = ""

    def environment(self, custom_dir: Path | None) -> jinja2.Environment:
        """Our Jinja environment, with the templates compiled by earlier rebuilds."""
        env = environment(custom_dir)
        env.bytecode_cache = self._templates
        return env

    @property
    def showing_findings(self) -> bool:
        return self._site is not None

    def show_findings(self, config: MkDocsConfig, diags: list[dg.Diagnostic], env: jinja2.Environment) -> None:
        """This build shows the findings: MkDocs builds nothing of the site, into a folder of its own,
        so that its cleaning leaves the served site as it is."""
        self._site = Path(config.site_dir)
        self._panel = preview_findings(env, diags)
        self._home = preview_findings(env, diags, standalone=True)
        self._missing = preview_findings(env, diags, standalone=True, reloads=False)
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="zwgk-preview-"))
        config.site_dir = str(self._scratch)
        config.nav = []

    def publish_findings(self) -> bool:
        """After the build: the findings on every page of the served site (on a page of their own at
        its home and for every other address, when no good site was built yet). False for a good build."""
        site, self._site = self._site, None
        if site is None:
            self._good = True
            return False
        if not self._good or site.is_symlink() or not site.is_dir():
            site.mkdir(parents=True, exist_ok=True)
            (site / "index.html").write_text(self._home, encoding="utf-8")
            (site / "404.html").write_text(self._missing, encoding="utf-8")  # served without livereload
            return True
        for path in site.rglob("*.html"):
            if path.is_file() and not path.is_symlink():
                html = path.read_text(encoding="utf-8")
                path.write_text(self._with_panel(html), encoding="utf-8")
        return True

    def _with_panel(self, html: str) -> str:
        start, end = html.find(self.PANEL_START), html.find(self.PANEL_END)
        if 0 <= start < end:  # the findings of an earlier broken build
            html = html[:start] + html[end + len(self.PANEL_END):]
        body = re.search(r"<body\b[^>]*>", html)
        at = body.end() if body else 0
        return html[:at] + self.PANEL_START + self._panel + self.PANEL_END + html[at:]

    def cancel(self) -> None:
        """A build that failed for another reason: nothing to show."""
        self._site = None

    def set_aside(self, site: Path) -> None:
        """Just before MkDocs empties the served site for a rebuild: move what it holds into one hidden
        folder (MkDocs leaves names beginning with a dot alone) and remove that in the background, so
        the rebuild does not wait for a thousand deletions (seconds on a busy disk)."""
        if not self.cleans or self.showing_findings or site.is_symlink() or not site.is_dir():
            return
        entries = [e for e in site.iterdir() if not e.name.startswith(".")]
        if not entries:
            return
        aside = Path(tempfile.mkdtemp(prefix=".zwgk-old-", dir=site))
        for entry in entries:
            with contextlib.suppress(OSError):  # e.g. a file still being sent, on Windows: MkDocs cleans it
                entry.rename(aside / entry.name)
        self._removals = [t for t in self._removals if t.is_alive()]
        removal = threading.Thread(target=shutil.rmtree, args=(aside,), kwargs={"ignore_errors": True}, daemon=True)
        removal.start()
        self._removals.append(removal)

    def close(self) -> None:
        for removal in self._removals:  # before MkDocs removes the whole folder
            removal.join()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


class UnchangedPages:
    """``mkdocs serve``: a page whose content, metadata, navigation and settings are all as at the last
    build is written as it was then, not rendered through the theme again (Material renders the whole
    navigation into every page: most of a rebuild's time)."""

    TEMPLATE = "zwgk-unchanged.html"  # in theme/: renders nothing; on_post_page writes the kept HTML

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, str]] = {}  # src_uri → (fingerprint, finished HTML)
        self._content: dict[str, str] = {}  # this build: src_uri → digest of its content
        self._weighed: dict[str, tuple[tuple[str, ...], str]] = {}  # src_uri → (content parts, digest)
        self._due: dict[str, str] = {}  # this build: src_uri → fingerprint
        self._reused: set[str] = set()
        self._settings = ""
        self._nav: Navigation | None = None

    def begin(self, nav: Navigation, config: MkDocsConfig) -> None:
        """A new build (on_nav): its settings; its navigation is weighed once the page titles are read."""
        self._settings, self._nav = _settings_digest(config), nav
        self._content, self._due, self._reused = {}, {}, set()

    def weigh(self, page: Page, *parts: str) -> None:
        """A page's content as our events leave it (on_page_content), in parts: parts that are the very
        strings of the last build (a page the renderer reused) are not read again."""
        src = page.file.src_uri
        last = self._weighed.get(src)
        if last is not None and len(last[0]) == len(parts) and all(
                a is b for a, b in zip(last[0], parts, strict=True)):
            self._content[src] = last[1]
            return
        self._content[src] = _digest(*parts)
        self._weighed[src] = (parts, self._content[src])

    def decide(self, files: Files) -> None:
        """Before the pages are rendered (on_env): which ones are as they were."""
        if self._nav is None:
            return
        nav = _digest(*_nav_lines(self._nav.items))
        for file in files.documentation_pages():
            page, src = file.page, file.src_uri
            if page is None or src not in self._content:
                continue
            fp = self._due[src] = _digest(self._settings, nav, self._content[src], src, page.url, str(page.title),
                                          repr(page.meta), str(page.canonical_url), str(page.edit_url))
            kept = self._kept.get(src)
            if kept is not None and kept[0] == fp and "template" not in page.meta:
                page.meta["template"] = self.TEMPLATE
                self._reused.add(src)

    def kept(self, page: Page) -> str | None:
        """The HTML of the last build for a page that has not changed (on_post_page)."""
        src = page.file.src_uri
        return self._kept[src][1] if src in self._reused else None

    def keep(self, page: Page, output: str) -> None:
        src = page.file.src_uri
        if src in self._due:
            self._kept[src] = (self._due[src], output)


def _digest(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _nav_lines(items: list[Any], depth: int = 0) -> Iterator[str]:
    """The navigation as every page renders it: each entry's kind, title, address and depth, in order."""
    for item in items:
        yield f"{depth}\0{type(item).__name__}\0{item.title}\0{getattr(item, 'url', '')}"
        yield from _nav_lines(getattr(item, "children", None) or [], depth + 1)


def _settings_digest(config: MkDocsConfig) -> str:
    """mkdocs.yml (and the file it inherits from), the site's address and the theme's override folders."""
    parts = [str(config.site_url), repr(config.theme.dirs)]
    path: str | None = config.config_file_path
    seen: set[str] = set()
    while path and path not in seen and os.path.isfile(path):
        seen.add(path)
        data = Path(path).read_bytes()
        parts.append(data.decode("utf-8", "replace"))
        inherit = re.search(rb"^INHERIT:\s*['\"]?([^'\"\s#]+)", data, re.MULTILINE)
        path = os.path.join(os.path.dirname(path), inherit[1].decode("utf-8", "replace")) if inherit else None
    folders = [Path(f) for f in (config.theme.custom_dir, str(THEME)) if f]
    return _digest(*parts, _files_digest(folders))


def _files_digest(folders: list[Path]) -> str:
    """Which files the folders hold and when each was last changed."""
    return _digest(*(f"{p}:{p.stat().st_mtime_ns}" for folder in folders if folder.is_dir()
                     for p in sorted(folder.rglob("*")) if p.is_file()))


class VisibleFilesLoader(jinja2.FileSystemLoader):
    """The theme's loader, listing no hidden files or folders: MkDocs copies none of them to the site
    (its filter drops names beginning with a dot at any level), and Material's hidden .icons folder
    holds 14,000 files whose listing and filtering took 0.7 s of each rebuild."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for top in self.searchpath:
            for folder, dirs, names in os.walk(top, followlinks=self.followlinks):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                rel = os.path.relpath(folder, top)
                for name in names:
                    if not name.startswith("."):
                        found.add(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
        return sorted(found)


def _list_visible_theme_files(theme: Theme) -> None:
    """mkdocs serve: the theme's Jinja environment lists its files with VisibleFilesLoader."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        if type(env.loader) is jinja2.FileSystemLoader:
            loader = env.loader
            env.loader = VisibleFilesLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def _render_stub_as_empty(page: Page) -> None:
    """mkdocs serve: a generated page's Markdown is its front matter only (_stub), so rendering it
    gives nothing; skip building a Markdown converter for each of hundreds of pages (0.3 s of each
    rebuild) and set what ``Page.render`` would. Anything another plugin added is rendered as usual."""
    render = page.render

    def render_empty(config: MkDocsConfig, files: Files) -> None:
        if page.markdown is None or page.markdown.strip():
            render(config, files)
            return
        page.content, page.toc = "", get_toc([])
        page.present_anchor_ids, page.links_to_anchors = set(), {}

    page.render = render_empty  # type: ignore[method-assign]


def _poll_often(server: Any) -> None:
    """mkdocs serve looks for changed files every 0.5 s (watchdog's PollingObserver, 0.25 s late on
    average); the folders watched after this look every 0.1 s: 1 ms of work each time for the data
    folders. Left as it is if the server is not the one this was written for (MkDocs 1.6)."""
    observer = getattr(server, "observer", None)
    if (isinstance(observer, PollingObserver) and not observer.is_alive()
            and isinstance(getattr(observer, "_timeout", None), float)):
        observer._timeout = min(observer._timeout, 0.1)
