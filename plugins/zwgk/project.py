"""Finding, loading and validating every source of a repository into records (工程).

``load_project(root)`` is what both ``zwgk check`` and the MkDocs plugin call: each file is read
once, validated against its schema, and turned into records; the diagnostics of every stage are
collected, never raised.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import diagnostics as dg
from . import model as m
from .diagnostics import Diagnostic
from .loading import LoadError, Source, decode, load_file, load_front_matter, read_source, relpath
from .schema import validate

CATALOGUES = "catalogues"
CONTENT = "content"
BULLETINS = "bulletins"
SLUG_QUARTER = re.compile(r"^(\d{4})-q([1-4])$")


SourceCache = dict[str, tuple[bytes, Source | None, list[Diagnostic]]]


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
    pages: dict[str, str] = field(default_factory=dict)  # content/*.md: path → text
    page_meta: dict[str, Source] = field(default_factory=dict)  # content/*.md: its front matter
    site_config: Source | None = None  # mkdocs.yml (footer settings, site name …)
    zone_standard: m.ZoneStandard | None = None
    zones: list[m.Zone] = field(default_factory=list)
    settings: m.Settings = field(default_factory=m.Settings)
    sources: dict[str, Source] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cache: SourceCache | None = None
    # files that exist but could not be loaded (relative paths): their own finding says why, and the
    # coverage rules must not also call them missing
    unreadable: set[str] = field(default_factory=set)

    def county_catalogue(self, domain_id: str) -> m.Catalogue | None:
        return next((c for c in self.county if c.domain_id == domain_id), None)

    def template_catalogue(self, domain_id: str) -> m.Catalogue | None:
        return next((c for c in self.template if c.domain_id == domain_id), None)

    def town(self, town_id: str) -> m.TownCatalogue | None:
        return next((t for t in self.towns if t.town_id == town_id), None)


def _load(path: Path, root: Path, kind: str, project: Project) -> Source | None:
    """Load and validate one file (from the cache when its bytes have not changed)."""
    key = f"{kind}:{path}"
    if project.cache is not None:
        raw = read_source(path, root)[0] or b""
        hit = project.cache.get(key)
        if hit is not None and hit[0] == raw:
            src, diags = hit[1], hit[2]
        else:
            src, diags = load_file(path, root)
            if src is not None:
                diags = [*diags, *validate(src, kind)]
            project.cache[key] = (raw, src, diags)
    else:
        src, diags = load_file(path, root)
        if src is not None:
            diags = [*diags, *validate(src, kind)]
    project.diagnostics.extend(diags)
    if src is not None:
        project.sources[src.path] = src
    else:
        project.unreadable.add(relpath(path, root))
    return src


def _loc(src: Source, path: tuple[str | int, ...]) -> m.Loc:
    line, col = src.at(path)
    return m.Loc(src.path, line, col)


def _entries(src: Source | None, key: str) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    if src is None or not isinstance(src.data.get(key), list):
        return []
    return [((key, i), e) for i, e in enumerate(src.data[key]) if isinstance(e, dict)]


def load_registry(root: Path, project: Project) -> m.Registry:
    base = root / CATALOGUES
    reg = m.Registry()
    for name in ("domains", "units", "basis"):
        p = base / f"{name}.yaml"
        if not p.is_file():
            project.diagnostics.append(dg.make(
                dg.REGISTRY, f"{CATALOGUES}/{name}.yaml", 1, 1,
                f"缺少登记表 {CATALOGUES}/{name}.yaml：其他文件都依赖它，请从仓库历史中恢复"))
            continue
        src = _load(p, root, name, project)
        if src is None:
            continue
        reg.sources[name] = src
        reg.updated[name] = m.date(src.data, "updated")
        if name == "domains":
            for order, (path, e) in enumerate(_entries(src, "domains")):
                reg.domains.append(m.Domain(
                    id=m.text(e, "id"), name=m.text(e, "name"), guideline=m.text(e, "guideline"),
                    town=e.get("town") is True, order=order,
                    former_names=m.texts(e, "former_names"), keywords=m.texts(e, "keywords"),
                    loc=_loc(src, path)))
        elif name == "units":
            for path, e in _entries(src, "units"):
                reg.units.append(m.Unit(
                    id=m.text(e, "id"), name=m.text(e, "name"), kind=m.text(e, "kind"),
                    aliases=m.texts(e, "aliases"), source=m.opt_text(e, "source"),
                    status=m.opt_text(e, "status"), note=m.opt_text(e, "note"),
                    placeholder=e.get("placeholder") is True, loc=_loc(src, path),
                    contact=_contact(e.get("contact"))))
        else:
            for _path, e in _entries(src, "documents"):
                reg.basis.append(m.BasisDocument(
                    title=m.text(e, "title"), issuer=m.text(e, "issuer"),
                    number=m.opt_text(e, "number"), note=m.opt_text(e, "note"),
                    source=m.opt_text(e, "source")))
    reg.reindex()
    return reg


def _contact(c: object) -> m.Contact | None:
    if not isinstance(c, dict) or not m.opt_text(c, "source"):
        return None
    return m.Contact(source=m.text(c, "source"), address=m.opt_text(c, "address"),
                     postcode=m.opt_text(c, "postcode"), phone=m.opt_text(c, "phone"),
                     email=m.opt_text(c, "email"), hours=m.opt_text(c, "hours"),
                     disclosure_url=m.opt_text(c, "disclosure_url"))


def item_from(src: Source, path: tuple[str | int, ...], e: dict[str, Any]) -> m.Item:
    """Build an item record from its mapping; missing fields become empty (schema rules report them)."""
    seq = e.get("seq")
    return m.Item(
        id=m.text(e, "id"), category=m.text(e, "category"), subcategory=m.text(e, "subcategory"),
        elements=m.texts(e, "elements"), basis=m.texts(e, "basis"),
        time_limit=m.text(e, "time_limit"), subjects=m.texts(e, "subjects"),
        channels=m.texts(e, "channels"), audience=m.text(e, "audience"),
        method=m.text(e, "method"), levels=m.texts(e, "levels"),
        loc=_loc(src, path), path=path,
        seq=seq if isinstance(seq, int) and not isinstance(seq, bool) else None,
        channel_other=m.opt_text(e, "channel_other"), portal_url=m.opt_text(e, "portal_url"),
        note=m.opt_text(e, "note"), source=m.opt_text(e, "source"), status=m.opt_text(e, "status"),
    )


def catalogue_from(src: Source, registry: m.Registry) -> m.Catalogue:
    data = src.data
    items = [item_from(src, path, e) for path, e in _entries(src, "items")]
    for it in items:
        it.subject_units = [u for s in it.subjects if (u := registry.unit_by_name.get(s))]
    domain_id = m.text(data, "domain")
    return m.Catalogue(
        domain_id=domain_id, source=m.text(data, "source"), status=m.text(data, "status"),
        updated=m.date(data, "updated"), items=items, file=src.path,
        note=m.opt_text(data, "note"), domain=registry.domain_by_id.get(domain_id))


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


_OVERRIDE_LISTS = ("elements", "basis", "subjects", "channels", "levels")
_OVERRIDE_TEXTS = ("category", "subcategory", "time_limit", "channel_other", "audience", "method",
                   "portal_url", "note")


def town_from(src: Source, registry: m.Registry) -> m.TownCatalogue:
    """Build a town catalogue record: each domain, each entry's relation to the template."""
    data = src.data
    town = m.TownCatalogue(
        town_id=m.text(data, "town"), source=m.text(data, "source"), status=m.text(data, "status"),
        updated=m.date(data, "updated"), file=src.path, submitted_on=m.date(data, "submitted_on"),
        approved_on=m.date(data, "approved_on"), screening_note=m.opt_text(data, "screening_note"))
    town.unit = registry.unit_by_id.get(town.town_id)
    for dpath, d in _entries(src, "domains"):
        td = m.TownDomain(domain_id=m.text(d, "domain"), path=dpath, loc=_loc(src, dpath),
                          not_applicable=m.opt_text(d, "not_applicable"), has_items_key="items" in d)
        items = d.get("items")
        for i, e in enumerate(items if isinstance(items, list) else []):
            if not isinstance(e, dict):
                continue
            epath = (*dpath, "items", i)
            entry = m.TownEntry(path=epath, loc=_loc(src, epath), template_id=m.opt_text(e, "template"),
                                omit=m.opt_text(e, "omit"), reason=m.opt_text(e, "reason"))
            if "omit" in e and entry.omit is None:
                entry.omit = ""  # written but left blank: an omission without a reason
            for k in _OVERRIDE_LISTS:
                if e.get(k) is not None:
                    entry.overrides[k] = m.texts(e, k)
            for k in _OVERRIDE_TEXTS:
                if e.get(k) is not None:
                    entry.overrides[k] = m.text(e, k)
            if isinstance(e.get("local"), dict):
                entry.local = item_from(src, (*epath, "local"), e["local"])
                entry.local.subject_units = [u for s in entry.local.subjects
                                             if (u := registry.unit_by_name.get(s))]
            td.entries.append(entry)
        town.domains.append(td)
    return town


def _positive(v: object) -> bool:
    """A day count or threshold the checks can use (the schema reports the others)."""
    return isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 3660


def _dates(d: dict[str, Any], key: str) -> list[dt.date]:
    v = d.get(key)
    return sorted(x for x in v if isinstance(x, dt.date)) if isinstance(v, list) else []


def bulletin_from(src: Source, slug: str) -> m.Bulletin:
    """Build a bulletin record; annex rows and figures keep their paths for diagnostics."""
    data = src.data
    year, quarter = data.get("year"), data.get("quarter")
    b = m.Bulletin(
        slug=slug, title=m.text(data, "title"), issuer=m.text(data, "issuer"),
        recipients=m.text(data, "recipients"), date=m.date(data, "date"),
        year=year if isinstance(year, int) and 2000 <= year <= 2100 else 2000, quarter=quarter if quarter in (1, 2, 3, 4) else 1,
        disclosure=m.text(data, "disclosure"), source=m.text(data, "source"),
        status=m.text(data, "status"), updated=m.date(data, "updated"), file=src.path,
        opening=m.opt_text(data, "opening"), doc_number=m.opt_text(data, "doc_number"))
    for _path, sec in _entries(src, "sections"):
        b.sections.append(m.Section(m.text(sec, "heading"), m.text(sec, "body")))
    for path, f in _entries(src, "figures"):
        value = f.get("value")
        parts = [m.FigurePart(value=p["value"], label=m.opt_text(p, "label"), unit=m.opt_text(p, "unit"))
                 for p in (f.get("parts") or []) if isinstance(p, dict) and isinstance(p.get("value"), int)]
        b.figures.append(m.Figure(
            id=m.text(f, "id"), label=m.text(f, "label"), value=value if isinstance(value, int) else 0,
            unit=m.text(f, "unit"), path=path, parts=parts, partial=f.get("partial") is True))
    for path, a in _entries(src, "annexes"):
        number = a.get("number")
        annex = m.Annex(number=number if isinstance(number, int) else 0, title=m.text(a, "title"),
                        kind=m.text(a, "kind"), path=path, as_of=m.date(a, "as_of"),
                        computed=a.get("computed") is True)
        rows = a.get("rows")
        for i, r in enumerate(rows if isinstance(rows, list) else []):
            if isinstance(r, dict):
                annex.rows.append(m.AnnexRow(
                    unit=m.text(r, "unit"), problems=m.texts(r, "problems"), path=(*path, "rows", i),
                    column=m.opt_text(r, "column"), account=m.opt_text(r, "account"),
                    platform=m.opt_text(r, "platform")))
        b.annexes.append(annex)
    return b


def inspection_from(src: Source) -> m.Inspection:
    data = src.data
    insp = m.Inspection(checked_on=m.date(data, "checked_on"), file=src.path)
    for path, c in _entries(src, "columns"):
        insp.columns.append(m.ColumnRecord(
            unit=m.text(c, "unit"), column=m.text(c, "column"), kind=m.text(c, "kind"),
            cycle=m.text(c, "cycle"), published=_dates(c, "published"), path=path,
            last_before=m.date(c, "last_before")))
    for path, a in _entries(src, "accounts"):
        insp.accounts.append(m.AccountRecord(
            name=m.text(a, "name"), platform=m.text(a, "platform"), unit=m.text(a, "unit"),
            updates=_dates(a, "updates"), path=path, last_before=m.date(a, "last_before"),
            interaction=a.get("interaction") if isinstance(a.get("interaction"), bool) else None,
            filed=a.get("filed") if isinstance(a.get("filed"), bool) else None))
    return insp


def load_lists(root: Path, project: Project) -> None:
    """County-maintained lists: numbers that must be public, expressions to avoid."""
    p = root / CATALOGUES / "public-numbers.yaml"
    if p.is_file() and (src := _load(p, root, "public-numbers", project)) is not None:
        project.public_numbers = frozenset(
            str(e.get("number")) for _, e in _entries(src, "numbers") if e.get("number") is not None)
    p = root / CATALOGUES / "portal-columns.yaml"
    if p.is_file() and (src := _load(p, root, "portal-columns", project)) is not None:
        project.portal_columns = [
            m.PortalColumn(unit=m.text(e, "unit"), column=m.text(e, "column"), kind=m.text(e, "kind"),
                           cycle=m.text(e, "cycle"), path=path, url=m.opt_text(e, "url"),
                           source=m.opt_text(e, "source"))
            for path, e in _entries(src, "columns")]
    p = root / CATALOGUES / "wording.yaml"
    if p.is_file() and (src := _load(p, root, "wording", project)) is not None:
        for _, e in _entries(src, "entries"):
            wrong, right = m.text(e, "wrong"), m.text(e, "right")
            if wrong and right:
                sev = dg.Severity.ERROR if e.get("severity") == "error" else dg.Severity.WARNING
                project.wordings.append(m.Wording(wrong, right, sev, m.opt_text(e, "note")))


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
            src = _load(p, root, "zone-standard", project)
            if src is None:
                continue
            std = m.ZoneStandard(title=m.text(src.data, "title"), source=m.text(src.data, "source"),
                                 status=m.text(src.data, "status"), updated=m.date(src.data, "updated"),
                                 file=src.path, issued=m.date(src.data, "issued"),
                                 note=m.opt_text(src.data, "note"))
            for apath, a in _entries(src, "areas"):
                area = m.Area(id=m.text(a, "id"), name=m.text(a, "name"))
                reqs = a.get("requirements")
                for i, r in enumerate(reqs if isinstance(reqs, list) else []):
                    if isinstance(r, dict):
                        area.requirements.append(m.Requirement(
                            id=m.text(r, "id"), text=m.text(r, "text"), required=r.get("required") is True,
                            area_id=area.id, path=(*apath, "requirements", i),
                            service=m.opt_text(r, "service")))
                std.areas.append(area)
            project.zone_standard = std
            continue
        src = _load(p, root, "zone", project)
        if src is None:
            continue
        d = src.data
        zone = m.Zone(town_id=m.text(d, "town"), source=m.text(d, "source"), status=m.text(d, "status"),
                      updated=m.date(d, "updated"), file=src.path, hall=m.opt_text(d, "hall"),
                      address=m.opt_text(d, "address"), hours=m.texts(d, "hours"),
                      phone=m.opt_text(d, "phone") if not isinstance(d.get("phone"), int) else str(d["phone"]),
                      completed=m.date(d, "completed"))
        zone.unit = reg.unit_by_id.get(zone.town_id)
        answers = d.get("answers")
        for rid, a in (answers.items() if isinstance(answers, dict) else []):
            if isinstance(a, dict):
                zone.answers[rid] = m.Answer(state=m.text(a, "state"), path=("answers", rid),
                                             note=m.opt_text(a, "note"))
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
        src = _load(main, root, "bulletin", project)
        if src is None:
            continue
        bulletin = bulletin_from(src, folder.name)
        insp_path = files.pop("inspections.yaml", None)
        if insp_path is not None:
            isrc = _load(insp_path, root, "inspection", project)
            if isrc is not None:
                bulletin.inspection = inspection_from(isrc)
        for name in files:
            project.diagnostics.append(dg.make(
                dg.STRAY_FILE, f"{rel}/{name}", 1, 1,
                f"「{name}」不会被读取：通报文件夹只读 bulletin.yaml 和 inspections.yaml"))
        project.bulletins.append(bulletin)
    project.bulletins.sort(key=lambda b: (b.year, b.quarter), reverse=True)


def load_settings(root: Path, project: Project) -> m.Settings:
    p = root / CATALOGUES / "settings.yaml"
    settings = m.Settings()
    if not p.is_file():
        return settings
    src = _load(p, root, "settings", project)
    data = src.data if src is not None else {}
    insp = data.get("inspection")
    if isinstance(insp, dict):
        t = settings.thresholds
        for key, value in insp.items():
            if key == "cycle_days" and isinstance(value, dict):
                t.cycle_days.update({str(k): v for k, v in value.items() if _positive(v)})
            elif key == "default_cycles" and isinstance(value, list):
                t.default_cycles = [str(v) for v in value if isinstance(v, str)]
            elif hasattr(t, key) and _positive(value):
                setattr(t, key, value)
    tc = data.get("town_catalogue")
    if isinstance(tc, dict):
        settings.town_due = m.date(tc, "due")
        share = tc.get("max_omitted_share")
        if isinstance(share, (int, float)) and not isinstance(share, bool) and 0 <= share <= 1:
            settings.max_omitted_share = float(share)
    return settings


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
    with gc_paused():
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
            src = _load(p, root, "catalogue", project)
            if src is not None:
                target.append(catalogue_from(src, reg))
    for p in source_files(root / CATALOGUES / "towns", root, project):
        src = _load(p, root, "town-catalogue", project)
        if src is not None:
            project.towns.append(town_from(src, reg))
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
