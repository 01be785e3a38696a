"""Rendering (渲染): records and derived figures → HTML page bodies, through Jinja2 (autoescape).

Tables are rendered straight to HTML, not through Python-Markdown: it is faster, and no text from
a source can become markup.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import derive, vocab
from . import diagnostics as dg
from . import model as m
from .project import Project

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class GeneratedPage:
    """A page the plugin adds to the site: its docs path, title and finished HTML body."""

    src_uri: str
    title: str
    body: str
    hide: tuple[str, ...] = ()
    description: str = ""


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
    env.globals["kind_label"] = vocab.UNIT_KIND_LABELS
    env.globals["AUDIENCES"] = vocab.AUDIENCES
    env.globals["METHODS"] = vocab.METHODS
    env.globals["LEVELS"] = vocab.LEVELS
    return env


def _date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "未注明"


def domain_url(domain_id: str) -> str:
    return f"county/{domain_id}.md"


def unit_url(unit_id: str) -> str:
    return f"units/{unit_id}.md"


class Links:
    """Page URLs as MkDocs writes them, so generated HTML can link without Markdown's help."""

    def __init__(self, directory_urls: bool = True) -> None:
        self.directory_urls = directory_urls

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


class SiteRenderer:
    """Renders every generated page of a project."""

    def __init__(self, project: Project, env: jinja2.Environment, links: Links) -> None:
        self.project = project
        self.env = env
        self.links = links
        self.duties = derive.unit_duties(project.registry, project.county)

    def _render(self, template: str, page: str, **ctx: Any) -> str:
        def href(to: str) -> str:
            return self.links.rel(page, to)

        return self.env.get_template(template).render(href=href, **ctx)

    def pages(self) -> list[GeneratedPage]:
        out = [self.county_index()]
        out.extend(self.domain_page(c) for c in self.project.county if c.domain is not None)
        out.append(self.unit_index())
        reg = self.project.registry
        out.extend(self.unit_page(reg.unit_by_id[uid], d) for uid, d in sorted(self.duties.items()))
        out.append(self.rules_page())
        return out

    def overview(self) -> str:
        """The counts and entry links that replace ``<!-- zwgk:overview -->`` on the home page."""
        ov = derive.overview(self.project.registry, self.project.county, self.duties)
        return self._render("overview.html", "index.md", ov=ov,
                            catalogues=self.project.county)

    def county_index(self) -> GeneratedPage:
        body = self._render("county_index.html", "county/index.md",
                            catalogues=self.project.county, domain_url=domain_url)
        return GeneratedPage("county/index.md", "县级基层政务公开标准目录", body,
                             description="莒南县县级 26 个领域基层政务公开标准目录")

    def domain_page(self, cat: m.Catalogue) -> GeneratedPage:
        assert cat.domain is not None
        reg = self.project.registry
        guideline = reg.basis_by_title.get(cat.domain.guideline.strip("《》"))
        body = self._render(
            "domain.html", domain_url(cat.domain_id), cat=cat, domain=cat.domain,
            rows=derive.table_rows(cat.items),
            guideline=guideline.citation if guideline else f"《{cat.domain.guideline}》",
            subject_links=lambda it: [(s, reg.unit_by_name.get(s)) for s in it.subjects],
            unit_url=unit_url,
        )
        return GeneratedPage(domain_url(cat.domain_id), f"{cat.domain.name}领域基层政务公开标准目录",
                             body, hide=("navigation", "toc"),
                             description=f"莒南县{cat.domain.name}领域基层政务公开标准目录（县级）")

    def unit_index(self) -> GeneratedPage:
        reg = self.project.registry
        groups = []
        for kind in vocab.UNIT_KINDS:
            units = [u for u in reg.units if u.kind == kind and u.id in self.duties]
            if units:
                groups.append((vocab.UNIT_KIND_LABELS[kind], [
                    (u, sum(len(d.items) for d in self.duties[u.id]), len(self.duties[u.id]))
                    for u in units]))
        body = self._render("unit_index.html", "units/index.md", groups=groups, unit_url=unit_url)
        return GeneratedPage("units/index.md", "按公开主体查看", body,
                             description="各单位在县级标准目录中负责公开的事项")

    def unit_page(self, unit: m.Unit, duties: list[derive.UnitDuty]) -> GeneratedPage:
        body = self._render("unit.html", unit_url(unit.id), unit=unit, duties=duties,
                            total=sum(len(d.items) for d in duties), domain_url=domain_url)
        return GeneratedPage(unit_url(unit.id), f"{unit.name}：公开事项", body, hide=("toc",),
                             description=f"{unit.name}在县级标准目录中负责公开的事项")

    def rules_page(self) -> GeneratedPage:
        body = self._render("rules.html", "guide/rules.md", rules=dg.all_rules())
        return GeneratedPage("guide/rules.md", "检查规则代码一览", body,
                             description="zwgk check 的规则代码、级别和含义")
