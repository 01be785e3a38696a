"""Finding, loading and validating every source of a repository into records (工程).

``load_project(root)`` is what both ``zwgk check`` and the MkDocs plugin call: each file is read
once, validated against its schema, and turned into records; the diagnostics of every stage are
collected, never raised.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import diagnostics as dg
from . import model as m
from . import schema
from .diagnostics import Diagnostic
from .loading import (
    LoadError,
    Source,
    decode,
    load_file,
    load_front_matter,
    read_source,
    relpath,
    shared_strings,
)

CATALOGUES = "catalogues"
SYNONYMS = f"{CATALOGUES}/search-synonyms.yaml"  # the search's synonyms (zwgk.search reads them)
CONTENT = "content"
BULLETINS = "bulletins"
SLUG_QUARTER = re.compile(r"^(\d{4})-q([1-4])$")


SourceCache = dict[str, tuple[bytes, Source | None, m.Record | None, list[Diagnostic]]]
R = TypeVar("R", bound=m.Record)


@dataclass
class Project:
    """Everything loaded from one repository, with the diagnostics found on the way."""

    root: Path
    registry: m.Registry
    county: list[m.Catalogue] = field(default_factory=list)
    template: list[m.Catalogue] = field(default_factory=list)  # 镇街级目录模板
    towns: list[m.TownCatalogue] = field(default_factory=list)
    bulletins: list[m.Bulletin] = field(default_factory=list)  # newest first
    public_numbers: frozenset[str] = frozenset()
    wordings: list[m.Wording] = field(default_factory=list)
    portal_columns: list[m.PortalColumn] = field(default_factory=list)  # 政府网站栏目登记表
    synonyms: list[m.Synonym] = field(default_factory=list)  # 搜索同义词表
    pages: dict[str, str] = field(default_factory=dict)  # content/*.md: path → text
    page_meta: dict[str, Source] = field(default_factory=dict)  # content/*.md: its front matter
    site_config: Source | None = None  # mkdocs.yml (footer settings, site name …)
    zone_standard: m.ZoneStandard | None = None
    zones: list[m.Zone] = field(default_factory=list)
    settings: m.Settings = field(default_factory=m.Settings.defaults)
    sources: dict[str, Source] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cache: SourceCache | None = None
    # files that exist but could not be loaded (relative paths): their own finding says why, and the
    # coverage rules must not also call them missing
    unreadable: set[str] = field(default_factory=set)
    sources_forgotten: bool = False  # see forget_sources

    def forget_sources(self) -> None:
        """Drop what the checks read of each catalogue, bulletin and zone file (places and texts
        by path: 70 MB for ten counties) once they have run; the registry's files and the search
        synonyms stay (the pages are built from them). ``trace_number`` then needs a fresh load."""
        keep = {src.path for src in self.registry.sources.values()} | {SYNONYMS}
        self.sources = {path: src for path, src in self.sources.items() if path in keep}
        self.sources_forgotten = True

    def county_catalogue(self, domain_id: str) -> m.Catalogue | None:
        return next((c for c in self.county if c.domain_id == domain_id), None)

    def template_catalogue(self, domain_id: str) -> m.Catalogue | None:
        return next((c for c in self.template if c.domain_id == domain_id), None)

    def town(self, town_id: str) -> m.TownCatalogue | None:
        return next((t for t in self.towns if t.town_id == town_id), None)


def _load(path: Path, root: Path, model: type[R], project: Project) -> R | None:
    """Read, validate and build one file's record (from the cache when its bytes are unchanged)."""
    key = f"{model.__name__}:{path}"
    hit = None
    raw = b""
    if project.cache is not None:
        raw = read_source(path, root)[0] or b""
        hit = project.cache.get(key)
    if hit is not None and hit[0] == raw:
        src, record, diags = hit[1], hit[2], hit[3]
    else:
        src, diags = load_file(path, root)
        record = None
        if src is not None:
            record, more = schema.load(src, model)
            diags = [*diags, *more]
        if project.cache is not None:
            project.cache[key] = (raw, src, record, diags)
    project.diagnostics.extend(diags)
    if src is not None:
        project.sources[src.path] = src
    else:
        project.unreadable.add(relpath(path, root))
    return record if isinstance(record, model) else None


def load_registry(root: Path, project: Project) -> m.Registry:
    base = root / CATALOGUES
    reg = m.Registry()
    for name, model in (("domains", m.DomainsFile), ("units", m.UnitsFile), ("basis", m.BasisFile)):
        p = base / f"{name}.yaml"
        if not p.is_file():
            project.diagnostics.append(dg.make(
                dg.REGISTRY, f"{CATALOGUES}/{name}.yaml", 1, 1,
                f"缺少登记表 {CATALOGUES}/{name}.yaml：其他文件都依赖它，请从仓库历史中恢复"))
            continue
        record = _load(p, root, model, project)
        if record is None:
            continue
        reg.sources[name] = project.sources[record.file]
        reg.updated[name] = record.updated
        if isinstance(record, m.DomainsFile):
            reg.domains = list(record.domains)
        elif isinstance(record, m.UnitsFile):
            reg.units = list(record.units)
        elif isinstance(record, m.BasisFile):
            reg.basis = list(record.documents)
    reg.reindex()
    return reg


def _resolve_units(items: list[m.Item], registry: m.Registry) -> None:
    for it in items:
        it.subject_units = [u for s in it.subjects if (u := registry.unit_by_name.get(s))]


def source_files(folder: Path, root: Path, project: Project) -> list[Path]:
    """The YAML files of ``folder``; anything else there is reported, since it would be ignored."""
    out = []
    for p in list_folder(folder, root, project):
        if p.suffix.lower() in (".yaml", ".yml") and p.is_file():
            out.append(p)
        elif not p.name.startswith(".") and p.name.lower() != "readme.md":
            project.diagnostics.append(dg.make(
                dg.STRAY_FILE, relpath(p, root), 1, 1,
                f"「{p.name}」不是 .yaml 文件，不会被读取：表格请先转换为 YAML（见编辑指南），"
                "其他文件请移出此文件夹"))
    return out


def list_folder(folder: Path, root: Path, project: Project) -> list[Path]:
    """The entries of a source folder, sorted; links and unreadable folders become findings."""
    if folder.is_symlink():
        project.diagnostics.append(dg.make(
            dg.SYMLINK, relpath(folder, root), 1, 1,
            f"文件夹「{folder.name}」是符号链接，不会被读取：请把文件放在仓库中的普通文件夹里"))
        return []
    if not folder.is_dir():
        return []
    try:
        entries = sorted(folder.iterdir())
    except OSError as e:
        project.diagnostics.append(dg.make(dg.EMPTY_FILE, relpath(folder, root), 1, 1,
                                           f"无法读取文件夹：{e.strerror or e}"))
        return []
    out = []
    for p in entries:
        if p.is_symlink():
            project.diagnostics.append(dg.make(
                dg.SYMLINK, relpath(p, root), 1, 1,
                f"「{p.name}」是符号链接，不会被读取：数据文件必须是仓库中的普通文件，请删除链接，把文件本身放到这里"))
            continue
        out.append(p)
    return out


def load_lists(root: Path, project: Project) -> None:
    """County-maintained lists: numbers that must be public, the portal's columns, expressions to avoid."""
    base = root / CATALOGUES
    numbers = _load(base / "public-numbers.yaml", root, m.PublicNumbers, project) \
        if (base / "public-numbers.yaml").is_file() else None
    if numbers is not None:
        project.public_numbers = frozenset(n.number for n in numbers.numbers if n.number)
    columns = _load(base / "portal-columns.yaml", root, m.PortalColumns, project) \
        if (base / "portal-columns.yaml").is_file() else None
    if columns is not None:
        project.portal_columns = list(columns.columns)
    synonyms = root / SYNONYMS
    found = _load(synonyms, root, m.SearchSynonyms, project) if synonyms.is_file() else None
    if found is not None:
        project.synonyms = list(found.synonyms)
    wording = _load(base / "wording.yaml", root, m.WordingList, project) if (base / "wording.yaml").is_file() else None
    if wording is not None:
        project.wordings = [w for w in wording.entries if w.wrong and w.right]


def load_pages(root: Path, project: Project) -> None:
    """The hand-written Markdown pages: published text too, so the same privacy and wording checks
    apply; their front matter is read as MkDocs will read it, to be checked before it is used."""
    docs = root / CONTENT
    for p in _markdown_files(docs, root, project):
        rel = relpath(p, root)
        raw, diags = read_source(p, root)
        project.diagnostics.extend(diags)
        if raw is None:
            continue
        try:
            text = project.pages[rel] = decode(raw)
        except LoadError as e:
            project.diagnostics.append(dg.make(e.rule, rel, e.line, e.col, e.message))
            continue
        meta, diags = load_front_matter(text, rel)
        project.diagnostics.extend(dg.make(dg.FRONT_MATTER, d.file, d.line, d.column,
                                           "页面开头的设置（front matter）" + d.message) for d in diags)
        if meta is not None:
            project.page_meta[rel] = meta


def _markdown_files(folder: Path, root: Path, project: Project) -> list[Path]:
    """Every .md under the docs folder, never following a link (a link is a finding)."""
    out: list[Path] = []
    stack = [folder]
    while stack:
        for p in list_folder(stack.pop(), root, project):
            if p.is_dir():
                stack.append(p)
            elif p.suffix.lower() == ".md":
                out.append(p)
    return sorted(out)


def load_site_config(root: Path, project: Project) -> None:
    """mkdocs.yml, read as data (MkDocs' own tags kept as text): its names and footer settings reach
    every page, so they are checked like any source."""
    p = root / "mkdocs.yml"
    if p.is_file() or p.is_symlink():
        src, diags = load_file(p, root, tolerant_tags=True)
        project.diagnostics.extend(dg.make(dg.SITE_CONFIG, d.file, d.line, d.column, d.message)
                                   for d in diags)
        if src is not None:
            project.site_config = src
            project.sources[src.path] = src


def load_zones(root: Path, project: Project) -> None:
    folder = root / CATALOGUES / "zones"
    reg = project.registry
    for p in source_files(folder, root, project):
        if p.stem == "standard":
            std = _load(p, root, m.ZoneStandard, project)
            if std is not None:
                for area in std.areas:
                    for r in area.requirements:
                        r._area_id = area.id
                project.zone_standard = std
            continue
        zone = _load(p, root, m.Zone, project)
        if zone is None:
            continue
        zone.unit = reg.unit_by_id.get(zone.town_id)
        project.zones.append(zone)
    order = {u.id: i for i, u in enumerate(reg.units)}
    project.zones.sort(key=lambda z: (order.get(z.town_id, 10_000), z.town_id))


def load_bulletins(root: Path, project: Project) -> None:
    base = root / BULLETINS
    for folder in list_folder(base, root, project):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        rel = relpath(folder, root)
        if not SLUG_QUARTER.match(folder.name):
            project.diagnostics.append(dg.make(
                dg.BULLETIN_FOLDER, rel, 1, 1,
                f"文件夹名「{folder.name}」不是「年份-q季度」的格式（如 2020-q4）：请改名，否则不会发布"))
            continue
        files = {p.name: p for p in source_files(folder, root, project)}
        main = files.pop("bulletin.yaml", None)
        if main is None:
            project.diagnostics.append(dg.make(
                dg.BULLETIN_FOLDER, rel, 1, 1, f"{rel} 中没有 bulletin.yaml：请补充通报正文，或删除此文件夹"))
            continue
        bulletin = _load(main, root, m.Bulletin, project)
        if bulletin is None:
            continue
        bulletin.slug = folder.name
        insp_path = files.pop("inspections.yaml", None)
        if insp_path is not None:
            bulletin.inspection = _load(insp_path, root, m.Inspection, project)
        _load_quarter_records(bulletin.records, files, root, project)
        for name in files:
            project.diagnostics.append(dg.make(
                dg.STRAY_FILE, f"{rel}/{name}", 1, 1,
                f"「{name}」不会被读取：通报文件夹只读 bulletin.yaml、inspections.yaml、"
                f"{'、'.join(QUARTER_FILES)}"))
        project.bulletins.append(bulletin)
    project.bulletins.sort(key=lambda b: (b.year, b.quarter), reverse=True)


# a quarter's records for the bulletin's section 二, by file name: (model, attribute of QuarterRecords)
QUARTER_FILES: dict[str, tuple[type[m.SourceFile], str]] = {
    "materials.yaml": (m.MaterialsFile, "materials"),
    "highlights.yaml": (m.HighlightsFile, "highlights"),
    "compilation.yaml": (m.CompilationFile, "compilation"),
}


def _load_quarter_records(records: m.QuarterRecords, files: dict[str, Path], root: Path, project: Project) -> None:
    for name, (model, attr) in QUARTER_FILES.items():
        path = files.pop(name, None)
        if path is not None:
            setattr(records, attr, _load(path, root, model, project))


def load_settings(root: Path, project: Project) -> m.Settings:
    p = root / CATALOGUES / "settings.yaml"
    if not p.is_file():
        return m.Settings.defaults()
    return _load(p, root, m.Settings, project) or m.Settings.defaults()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Loading builds hundreds of thousands of small objects and no reference cycles; the cyclic
    collector would rescan the growing heap again and again (half of the load time at city scale)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_project(root: Path, cache: SourceCache | None = None) -> Project:
    """Load registries and every catalogue under ``root``; never raises for bad sources.

    ``cache`` (kept by the caller between builds) skips parsing files whose bytes are unchanged.
    """
    with gc_paused(), shared_strings():
        return _load_project(root, cache)


def _load_project(root: Path, cache: SourceCache | None) -> Project:
    root = root.resolve()
    project = Project(root=root, registry=m.Registry(), cache=cache)
    if not (root / CATALOGUES).is_dir():
        raise FileNotFoundError(f"找不到目录 {root / CATALOGUES}：请在仓库根目录运行，或用 --root 指定")
    project.registry = reg = load_registry(root, project)
    project.settings = load_settings(root, project)
    for folder, target in (("county", project.county), ("town-template", project.template)):
        for p in source_files(root / CATALOGUES / folder, root, project):
            cat = _load(p, root, m.Catalogue, project)
            if cat is not None:
                cat.domain = reg.domain_by_id.get(cat.domain_id)
                _resolve_units(cat.items, reg)
                target.append(cat)
    for p in source_files(root / CATALOGUES / "towns", root, project):
        town = _load(p, root, m.TownCatalogue, project)
        if town is not None:
            town.unit = reg.unit_by_id.get(town.town_id)
            _resolve_units([e.local for d in town.domains for e in d.entries if e.local], reg)
            project.towns.append(town)
    order = {d.id: d.order for d in reg.domains}
    for cats in (project.county, project.template):
        cats.sort(key=lambda c: (order.get(c.domain_id, 10_000), c.domain_id))
    load_bulletins(root, project)
    load_zones(root, project)
    load_lists(root, project)
    load_pages(root, project)
    load_site_config(root, project)
    town_order = {u.id: i for i, u in enumerate(reg.units)}
    project.towns.sort(key=lambda t: (town_order.get(t.town_id, 10_000), t.town_id))
    for t in project.towns:
        t.domains.sort(key=lambda d: order.get(d.domain_id, 10_000))
    return project


def trace_number(project: Project, digits: str) -> str | None:
    """``file:line`` of the first source text holding the personal number ``digits`` (as the gate
    and the source checks read numbers), or None."""
    from . import pii
    from .loading import find_line

    for src in project.sources.values():
        for path, value in src.strings:
            if pii.may_hold_number(value) and any(
                    n.digits == digits for n in pii.find_numbers(pii.normalise(value))):
                return f"{src.path}:{src.at(path)[0]}"
    for file, text in project.pages.items():
        for n in pii.find_numbers(pii.normalise(text)):
            if n.digits == digits:
                return f"{file}:{find_line(text, n.digits[:3])}"
    return None
