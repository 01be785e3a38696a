"""Rules (规则): small functions from records to diagnostics, run in a fixed order."""

from __future__ import annotations

from ..diagnostics import Diagnostic, sort_key
from ..project import Project
from . import bulletin, catalogue, privacy, site, text, town, zone


def check(project: Project) -> list[Diagnostic]:
    """All diagnostics of a loaded project (loading and schema findings included), sorted."""
    out = list(project.diagnostics)
    reg = project.registry
    out.extend(catalogue.check_registry(reg))
    for cat in project.county:
        out.extend(catalogue.check_catalogue(cat, project.sources[cat.file], reg))
    out.extend(catalogue.check_coverage(reg, project.county))
    out.extend(town.check_template(project.template, project.sources, reg))
    out.extend(town.check_towns(project.towns, project.template, project.sources, reg, project.settings))
    for b in project.bulletins:
        out.extend(bulletin.check_bulletin(b, project.sources, reg, project.settings.thresholds))
    if project.zone_standard is not None:
        out.extend(zone.check_standard(project.zone_standard, project.sources[project.zone_standard.file]))
    out.extend(zone.check_zones(project.zones, project.zone_standard, project.sources, reg))
    out.extend(site.check_site(project.root))
    out.extend(privacy.check_sources(dict(project.sources), project.pages, project.public_numbers,
                                     project.wordings))
    for src in project.sources.values():
        out.extend(text.check_source(src))
    return sorted(set(out), key=sort_key)
