"""Page contexts (页面上下文): what each template of ``templates/`` receives, one frozen dataclass each.

How a template receives its context: :func:`render` gives the template the dataclass's fields as its
variables, one name per field, and nothing else (besides the environment's globals, such as ``urls``
and the vocabulary labels, and its filters). So a template reads ``town_name``, not ``c.town_name``,
and every name it reads is declared here with a comment. Each class names its template
(``TEMPLATE``), so a template is only ever given its own context, as Datasette's typed contexts do.

A partial has its own small dataclass saying what it reads. A page that includes a partial as it
is has a context that subclasses the partial's (``DomainPage`` is a ``Downloads``; the official
table itself is written by ``table_html``, not a template); a page that binds a partial's parameters itself (``{% with source=… %}`` around
``_draft.html``, ``{% for unit, contact in units %}`` around ``_contact.html``) names them there.
``tests/test_contexts.py`` reads the templates and holds both to their classes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import jinja2
from markupsafe import Markup

from . import derive, sources, submissions
from . import diagnostics as dg
from . import model as m
from .bulletin_lists import GeneratedList

#: every template's context class, by template name (filled as the classes below are declared)
CONTEXTS: dict[str, type[Context]] = {}


@dataclass(frozen=True, kw_only=True)
class Context:
    """What every context is: a frozen dataclass naming its template. Not a context of its own."""

    TEMPLATE: ClassVar[str]  # the template this class feeds, a file name in templates/

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if "TEMPLATE" in cls.__dict__:  # a class that only groups fields names no template
            assert cls.TEMPLATE not in CONTEXTS, f"two contexts for {cls.TEMPLATE}"
            CONTEXTS[cls.TEMPLATE] = cls


_NAMES: dict[type[Context], tuple[str, ...]] = {}  # each class's field names, read once


def variables(ctx: Context) -> dict[str, object]:
    """The template's variables: each field of ``ctx`` under its own name (shallow, not copied)."""
    names = _NAMES.get(type(ctx))
    if names is None:
        names = _NAMES[type(ctx)] = tuple(f.name for f in dataclasses.fields(ctx))
    return {name: getattr(ctx, name) for name in names}


def render(env: jinja2.Environment, ctx: Context) -> str:
    """``ctx``'s template rendered with ``ctx``'s fields as its variables."""
    return env.get_template(ctx.TEMPLATE).render(variables(ctx))


@dataclass(frozen=True, kw_only=True)
class Linked(Context):
    """Fields of a template that links to other pages of the site."""

    href: Callable[[str], str]  # relative URL from this page to a docs page (``urls`` gives paths)


# --- small shapes the contexts hold (tuples, so templates unpack them in ``for a, b in …``) ------

class DownloadLink(NamedTuple):
    """One download of a table: ``Excel 表格`` → ``../../downloads/county/all.xlsx``."""

    label: str  # what the link says (Excel 表格, CSV, JSON)
    href: str  # relative URL of the file from the page
    name: str  # the file name a browser saves it under


class UnitContact(NamedTuple):
    """A unit on the apply page and its contact facts."""

    unit: m.Unit  # the unit, linked to its page
    contact: derive.ContactView  # its contact facts, for _contact.html


class UnitCount(NamedTuple):
    """A unit on the 按公开主体 index and the items it publishes."""

    unit: m.Unit  # the unit, linked to its page
    items: int  # items naming it in the county catalogue
    domains: int  # county domains it has items in
    town_items: int | None  # items of its own town catalogue, None for a unit that is no town


class UnitGroup(NamedTuple):
    """The units of one kind on the 按公开主体 index."""

    label: str  # the kind in Chinese (县直部门, 镇街 …)
    units: list[UnitCount]  # its units in registry order


class TownTotal(NamedTuple):
    """A town on the towns index."""

    town: m.TownCatalogue  # its catalogue (id, status, date)
    name: str  # its name
    total: int  # items of its catalogue


class TownViews(NamedTuple):
    """A town's row of the towns' matrix."""

    town: m.TownCatalogue  # its catalogue (id, status)
    name: str  # its name
    views: list[derive.TownDomainView]  # one per town domain, in registry order


class SitemapSection(NamedTuple):
    """A section of the site map."""

    name: str  # the section's title
    page: str  # the docs path of its index page
    children: list[tuple[str, str]]  # (docs path, title) of its pages


class BulletinSection(NamedTuple):
    """A section of a bulletin's text."""

    heading: str  # as the bulletin numbers it (一、…)
    blocks: list[tuple[Markup, list[GeneratedList]]]  # (paragraphs' HTML, lists printed after them)


class TrendChart(NamedTuple):
    """One figure across quarters on the trends page."""

    id: str  # the figure's id, the section's anchor
    label: str  # what is counted
    unit: str  # its unit (个, 条 …)
    svg: str  # the bar chart, made by charts.bar_chart (markup of our own, not from a source)
    points: list[tuple[str, int]]  # (quarter label, value), oldest first


# --- partials ----------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Downloads(Context):
    """Context of ``_downloads.html``: the download links of a table."""

    TEMPLATE = "_downloads.html"
    downloads: Sequence[DownloadLink]  # one per format, in FORMATS order


@dataclass(frozen=True, kw_only=True)
class DraftNotice(Context):
    """Context of ``_draft.html``: the visible draft notice. Pages bind ``source`` in a ``{% with %}``."""

    TEMPLATE = "_draft.html"
    source: str  # what the draft was made from, as its file's ``source`` says


@dataclass(frozen=True, kw_only=True)
class TownStatus(Context):
    """Context of ``_town_status.html``: a town catalogue's workflow notice (待筛选)."""

    TEMPLATE = "_town_status.html"
    town: m.TownCatalogue  # the town's catalogue: its status and source
    town_name: str  # the town's name


@dataclass(frozen=True, kw_only=True)
class Contact(Context):
    """Context of ``_contact.html``: a unit's contact facts. ``contact`` may be bound by the page."""

    TEMPLATE = "_contact.html"
    contact: derive.ContactView  # the unit's contact facts, known and unknown
    hotline: str  # whom to ask for what is unknown (derive.HOTLINE)


# --- pages -------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class ApplyPage(Linked):
    """Context of ``apply.html`` (依申请公开); each unit's contact goes to ``_contact.html``."""

    TEMPLATE = "apply.html"
    units: Sequence[UnitContact]  # the units whose contact the office holds
    hotline: str  # whom to ask about the others (derive.HOTLINE)
    regulation: str  # the 条例 as cited: its registry citation, or its title alone


@dataclass(frozen=True, kw_only=True)
class BulletinPage(Linked):
    """Context of ``bulletin.html``: one quarterly bulletin (季度通报) with its annexes."""

    TEMPLATE = "bulletin.html"
    b: m.Bulletin  # the bulletin
    annexes: Sequence[derive.AnnexView]  # its annex tables, grouped by unit
    opening: Markup | None  # the opening paragraphs as HTML, if any
    sections: Sequence[BulletinSection]  # its sections with their generated lists


@dataclass(frozen=True, kw_only=True)
class BulletinIndex(Linked):
    """Context of ``bulletin_index.html``: the bulletins by year."""

    TEMPLATE = "bulletin_index.html"
    years: Sequence[tuple[int, list[m.Bulletin]]]  # (year, its bulletins), newest first
    feed_href: str  # relative URL of the Atom feed


@dataclass(frozen=True, kw_only=True)
class CountyIndex(Linked, Downloads):
    """Context of ``county_index.html``: the county catalogue's domains."""

    TEMPLATE = "county_index.html"
    catalogues: Sequence[m.Catalogue]  # the county catalogue, domain by domain


@dataclass(frozen=True, kw_only=True)
class DomainPage(Downloads):
    """Context of ``domain.html``: a county domain's or a template domain's page with its table."""

    TEMPLATE = "domain.html"
    rows: Sequence[derive.Row]  # derive.table_rows of the items (counted on the page)
    table: Markup  # the official table, written by table_html from the same rows
    cat: m.Catalogue  # the domain's catalogue file (status, date, note, source)
    domain: m.Domain  # the domain (name, former names, keywords)
    guideline: str  # the domain's guideline as cited, with its number or 文号未核实


@dataclass(frozen=True, kw_only=True)
class FieldsPage(Context):
    """Context of ``fields.html``: the guide's table of an item's fields."""

    TEMPLATE = "fields.html"
    fields: Sequence[tuple[str, str, str, str]]  # table.field_rows(): key, title, description, where


@dataclass(frozen=True, kw_only=True)
class HomeOverview(Linked):
    """Context of ``overview.html``: the counts and entry links on the home page."""

    TEMPLATE = "overview.html"
    ov: derive.Overview  # the counts
    catalogues: Sequence[m.Catalogue]  # the county catalogue, for the domain links
    towns: Sequence[m.TownCatalogue]  # the towns' catalogues, counted


@dataclass(frozen=True, kw_only=True)
class PreviewFindings(Context):
    """Context of ``preview_findings.html``: what the preview shows while a source is broken."""

    TEMPLATE = "preview_findings.html"
    errors: int  # how many errors
    warnings: int  # how many warnings
    findings: Sequence[dg.Diagnostic]  # errors first, then warnings, each in file order
    hidden: int  # how many more were found than are listed
    standalone: bool  # a page of its own (no good site yet), not a panel put into each page
    reloads: bool  # the page reloads itself once the source is fixed (MkDocs' livereload)


@dataclass(frozen=True, kw_only=True)
class RulesPage(Context):
    """Context of ``rules.html``: every rule code."""

    TEMPLATE = "rules.html"
    rules: Sequence[dg.Rule]  # dg.all_rules(), ordered by code


@dataclass(frozen=True, kw_only=True)
class Sitemap(Linked):
    """Context of ``sitemap.html`` (网站地图)."""

    TEMPLATE = "sitemap.html"
    sections: Sequence[SitemapSection]  # the public sections in navigation order


@dataclass(frozen=True, kw_only=True)
class SourcesPage(Linked):
    """Context of ``sources.html`` (出处统计)."""

    TEMPLATE = "sources.html"
    # sources.by_catalogue(): (catalogue key, its title, its domains' rows, its totals)
    catalogues: Sequence[tuple[str, str, list[sources.DomainSources], sources.Totals]]


@dataclass(frozen=True, kw_only=True)
class SubmissionsPage(Linked):
    """Context of ``submissions.html`` (报送情况)."""

    TEMPLATE = "submissions.html"
    due: dt.date | None  # the towns' due date, if the county set one
    cn_date: Callable[[dt.date], str]  # a date as 年月日, for Submission.label
    towns: Sequence[submissions.Submission]  # each town's submission
    departments: Sequence[submissions.Submission]  # the county domains submitted by workbook
    waiting: int  # county domains not yet submitted by workbook


@dataclass(frozen=True, kw_only=True)
class TemplateIndex(Linked, Downloads):
    """Context of ``template_index.html``: the town template's domains."""

    TEMPLATE = "template_index.html"
    catalogues: Sequence[m.Catalogue]  # the template, domain by domain


@dataclass(frozen=True, kw_only=True)
class TownPage(Linked, TownStatus, Downloads):
    """Context of ``town.html``: a town's catalogue, domain by domain."""

    TEMPLATE = "town.html"
    views: Sequence[derive.TownDomainView]  # one per town domain
    total: int  # items of the town's catalogue
    notes: bool  # some row has something to say: the 说明 column is shown
    unit_page: str  # docs path of the town's unit page
    diff_url: str  # docs path of the town's 与模板的差异 page


@dataclass(frozen=True, kw_only=True)
class TownDiff(TownStatus):
    """Context of ``town_diff.html``: how a town's catalogue differs from the template."""

    TEMPLATE = "town_diff.html"
    views: Sequence[derive.TownDomainView]  # one per town domain
    total: int  # items of the template, for 与模板相同


@dataclass(frozen=True, kw_only=True)
class TownDomainPage(Linked, TownStatus, Downloads):
    """Context of ``town_domain.html``: one domain of a town's catalogue (its table is put in late,
    by ``table_html``, where the page says ``<!-- zwgk:late -->``)."""

    TEMPLATE = "town_domain.html"
    view: derive.TownDomainView  # the domain as the town resolved it
    late_table: bool  # the table is put in late (the domain is listed)
    updated: dt.date | None  # the later of the town's and the template domain's dates
    town_url: str  # docs path of the town's page
    diff_url: str  # docs path of the town's 与模板的差异 page
    template_url: str  # docs path of the template's domain page


@dataclass(frozen=True, kw_only=True)
class TownsIndex(Linked):
    """Context of ``towns_index.html``: the towns' catalogues."""

    TEMPLATE = "towns_index.html"
    towns: Sequence[TownTotal]  # each town with its total
    domains: Sequence[m.Domain]  # the town domains, counted


@dataclass(frozen=True, kw_only=True)
class TownsMatrix(Linked):
    """Context of ``towns_matrix.html``: towns against domains."""

    TEMPLATE = "towns_matrix.html"
    domains: Sequence[m.Domain]  # the town domains, the columns
    rows: Sequence[TownViews]  # one per town


@dataclass(frozen=True, kw_only=True)
class TrendsPage(Context):
    """Context of ``trends.html`` (历季度主要数据)."""

    TEMPLATE = "trends.html"
    charts: Sequence[TrendChart]  # one per figure id


@dataclass(frozen=True, kw_only=True)
class UnitPage(Linked, Contact):
    """Context of ``unit.html``: a unit's items, contact, town catalogue, findings and zone; its
    tables are put in late, from a ``UnitTables``, where the page says ``<!-- zwgk:late -->``."""

    TEMPLATE = "unit.html"
    unit: m.Unit  # the unit
    duties: Sequence[derive.UnitDuty]  # its county items, by domain
    total: int  # how many county items
    town: m.TownCatalogue | None  # its town catalogue, when the unit is a town
    town_page: str | None  # docs path of that catalogue's page
    town_views: Sequence[derive.TownDomainView]  # that catalogue's domains (empty for no town)
    town_total: int  # items of that catalogue
    findings: Sequence[derive.Finding]  # bulletin annex rows naming the unit, newest first
    zone: derive.ZoneView | None  # its experience zone, when it is a town that has one


@dataclass(frozen=True, kw_only=True)
class UnitIndex(Linked):
    """Context of ``unit_index.html`` (按公开主体查看)."""

    TEMPLATE = "unit_index.html"
    groups: Sequence[UnitGroup]  # units by kind


@dataclass(frozen=True, kw_only=True)
class UnitTables(Linked):
    """Context of ``unit_tables.html``: a unit's county items, put into its page late."""

    TEMPLATE = "unit_tables.html"
    duties: Sequence[derive.UnitDuty]  # its county items, by domain


@dataclass(frozen=True, kw_only=True)
class ZoneStandardPage(Context):
    """Context of ``zone_standard.html``: the experience-zone standard (体验区建设标准)."""

    TEMPLATE = "zone_standard.html"
    std: m.ZoneStandard  # the standard


@dataclass(frozen=True, kw_only=True)
class ZonesIndex(Linked):
    """Context of ``zones_index.html``: the towns' experience zones; each town's contact goes to
    ``_contact.html``, bound in the template."""

    TEMPLATE = "zones_index.html"
    views: Sequence[derive.ZoneView]  # one per zone
    facts: Sequence[m.PublishedFact]  # published facts about the county's zones
    contacts: Mapping[str, derive.ContactView]  # each town's contact facts, by town id
    hotline: str  # whom to ask for what is unknown (derive.HOTLINE)


@dataclass(frozen=True, kw_only=True)
class ZonesMatrix(Linked):
    """Context of ``zones_matrix.html``: zones against the standard's areas."""

    TEMPLATE = "zones_matrix.html"
    views: Sequence[derive.ZoneView]  # one per zone, with its scores
    areas: Sequence[m.Area]  # the standard's areas, the columns
