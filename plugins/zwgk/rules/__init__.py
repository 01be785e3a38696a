"""Rules (规则): small functions from records to diagnostics, run in a fixed order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Protocol

from .. import search, submissions
from ..diagnostics import Diagnostic, sort_key
from ..loading import PathKey, Source
from ..project import Project, gc_paused
from . import bulletin, catalogue, privacy, site, text, town, zone


def check(project: Project) -> list[Diagnostic]:
    """All diagnostics of a loaded project (loading and schema findings included), sorted."""
    with gc_paused():  # the rules allocate little garbage and no cycles; see project.gc_paused
        return _check(project)


def _check(project: Project) -> list[Diagnostic]:
    out = list(project.diagnostics)
    reg = project.registry
    out.extend(catalogue.check_registry(reg))
    for cat in project.county:
        out.extend(catalogue.check_catalogue(cat, project.sources[cat.file], reg))
    out.extend(catalogue.check_coverage(reg, project.county, present(project, "county", project.county)))
    out.extend(town.check_template(project.template, project.sources, reg,
                                   present(project, "town-template", project.template)))
    out.extend(town.check_towns(project.towns, project.template, project.sources, reg, project.settings,
                                present(project, "towns", project.towns)))
    for b in project.bulletins:
        out.extend(bulletin.check_bulletin(b, project.sources, reg, project.settings.thresholds,
                                           unreadable=project.unreadable, bulletins=project.bulletins))
    if project.zone_standard is not None:
        out.extend(zone.check_standard(project.zone_standard, project.sources[project.zone_standard.file]))
    out.extend(zone.check_zones(project.zones, project.zone_standard, project.sources, reg,
                                present(project, "zones", project.zones)))
    out.extend(site.check_site(project.site_config))
    out.extend(site.check_pages(project.page_meta))
    out.extend(text.check_names(project.sources, reg, list(_names(project))))
    out.extend(_published_text(project))
    out.extend(town.check_workbooks([*project.towns, *project.county], project.sources, project.root))
    out.extend(search.check_synonyms(project))  # catalogues/search-synonyms.yaml
    # findings about catalogues imported from workbooks also name the workbook cell
    return sorted(set(submissions.locate(out, project.towns, project.sources)), key=sort_key)


class _Filed(Protocol):
    """Anything loaded from one file (a catalogue, a town's catalogue, a zone)."""

    file: str


def present(project: Project, folder: str, loaded: Iterable[_Filed]) -> set[str]:
    """Names (file stems) of the files in ``catalogues/<folder>/`` that exist, whether they loaded or
    not: a file that could not be read, or whose own id is wrong, has its own finding and must not
    also be reported as missing."""
    prefix = f"catalogues/{folder}/"
    files = [*(x.file for x in loaded), *project.unreadable]
    return {PurePosixPath(f).stem for f in files if f.startswith(prefix) and "/" not in f[len(prefix):]}


_LISTS = ("catalogues/public-numbers.yaml", "catalogues/wording.yaml")


def _names(project: Project) -> Iterator[tuple[Source, PathKey, str]]:
    """Every source value that becomes a page title, a navigation title or a page description."""
    reg = project.registry
    units, domains = reg.sources.get("units"), reg.sources.get("domains")
    if units is not None:
        for i, u in enumerate(reg.units):
            yield units, ("units", i, "name"), u.name
            for j, a in enumerate(u.aliases):
                yield units, ("units", i, "aliases", j), a
    if domains is not None:
        for i, d in enumerate(reg.domains):
            yield domains, ("domains", i, "name"), d.name
            for j, f in enumerate(d.former_names):
                yield domains, ("domains", i, "former_names", j), f
    for b in project.bulletins:
        src = project.sources[b.file]
        yield from ((src, (k,), v) for k, v in (("title", b.title), ("issuer", b.issuer)) if v)
    std = project.zone_standard
    if std is not None and std.title:
        yield project.sources[std.file], ("title",), std.title


def _published_text(project: Project) -> Iterator[Diagnostic]:
    """One pass over every string of every source (and every Markdown page): garbling, placeholders,
    personal numbers, wording. The checks are pure functions of the text, memoised, because
    catalogues repeat the same cells many times."""
    allowed, wordings = project.public_numbers, tuple(project.wordings)
    # most values have nothing to report and repeat from file to file (a city's catalogues are
    # mostly the template's cells): whether a value is clean is decided once per distinct text
    text_clean: dict[str, bool] = {}
    privacy_clean: dict[str, bool] = {}
    for src in project.sources.values():
        lists = src.path in _LISTS  # the lists themselves are not published text
        for path, value in src.strings:
            clean = text_clean.get(value)
            if clean is None:
                clean = text_clean[value] = text.is_clean(value)
            if not clean:
                yield from text.check_value(src, path, value)
            if not lists:
                clean = privacy_clean.get(value)
                if clean is None:
                    clean = privacy_clean[value] = privacy.is_clean(value, allowed, wordings)
                if not clean:
                    yield from privacy.check_value(src, path, value, allowed, wordings)
    for file, page in project.pages.items():
        yield from privacy.check_file_name(file, allowed)
        yield from privacy.check_page(file, page, allowed, project.wordings)
        yield from text.check_page(file, page)


def clear_caches() -> None:
    """Forget memoised text checks (benchmarks measure a cold check; a long preview run stays small)."""
    for fn in (text.garbled_kind, text.placeholder, privacy._personal, privacy._wordings):
        fn.cache_clear()
