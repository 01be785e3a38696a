"""Each template receives one documented dataclass (contexts.py), and reads nothing it does not declare.

Read off the templates themselves (Jinja's own parser) and off a real rendering of the shipped site:
a template that reads an undeclared name, a context field no template reads, a page that includes a
partial without giving it its fields, or a field that no page needs, each fails here.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta, nodes

from zwgk import contexts as cx
from zwgk import diagnostics as dg
from zwgk.project import load_project
from zwgk.render import TEMPLATES, Links, SiteRenderer, environment, preview_findings

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests/fixtures/repo"  # has a submitted town, which the shipped content has not yet
NAMES = sorted(p.name for p in TEMPLATES.glob("*.html"))
ENV = environment()


def _fields(cls: type[cx.Context]) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def _parse(name: str) -> nodes.Template:
    return ENV.parse((TEMPLATES / name).read_text(encoding="utf-8"))


def _includes(node: nodes.Node, bound: frozenset[str] = frozenset()) -> Iterator[tuple[str, frozenset[str]]]:
    """Each ``{% include %}`` under ``node`` with the names bound around it (by with, for or set)."""
    if isinstance(node, nodes.Include) and isinstance(node.template, nodes.Const):
        yield node.template.value, bound
        return
    if isinstance(node, nodes.With):
        bound |= {t.name for t in node.targets if isinstance(t, nodes.Name)}
    if isinstance(node, nodes.For):
        bound |= {n.name for n in node.target.find_all(nodes.Name)} | (
            {node.target.name} if isinstance(node.target, nodes.Name) else set())
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Assign):  # {% set %}: seen by what follows
            bound |= {n.name for n in child.target.find_all(nodes.Name)} | (
                {child.target.name} if isinstance(child.target, nodes.Name) else set())
        yield from _includes(child, bound)


def test_every_template_has_one_context_class_naming_it() -> None:
    assert sorted(cx.CONTEXTS) == NAMES
    for name, cls in cx.CONTEXTS.items():
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, cls  # type: ignore[attr-defined]
        assert f"``{name}``" in (cls.__doc__ or ""), f"{cls.__name__}'s docstring does not name {name}"


@pytest.mark.parametrize("name", NAMES)
def test_template_reads_exactly_its_context(name: str) -> None:
    """Every name the template reads is a field of its context (or a global such as ``urls``), and
    every field is read by the template or by a partial it includes as is."""
    cls = cx.CONTEXTS[name]
    ast = _parse(name)
    own = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "store"}  # set, for, with
    read = meta.find_undeclared_variables(ast) - set(ENV.globals) - own
    assert read - _fields(cls) == set(), f"{name} reads names {cls.__name__} does not declare"
    by_partials = {f for p, _ in _includes(ast) for f in _fields(cx.CONTEXTS[p])}
    assert _fields(cls) - read - by_partials == set(), f"{cls.__name__} declares fields {name} never reads"


@pytest.mark.parametrize("name", NAMES)
def test_partials_are_given_their_fields(name: str) -> None:
    """A partial included as is reads the page's variables: the page's context subclasses the
    partial's. One included inside ``with``/``for`` gets the rest of its fields from the page."""
    cls = cx.CONTEXTS[name]
    for partial, bound in _includes(_parse(name)):
        part = cx.CONTEXTS[partial]
        if not bound & _fields(part):
            assert issubclass(cls, part), f"{name} includes {partial}: {cls.__name__} must subclass {part.__name__}"
        else:
            assert _fields(part) - bound - _fields(cls) == set(), f"{name} does not give {partial} all it needs"


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[cx.Context]]:
    """Every context the pages of the shipped site and of the fixture repository are rendered from
    (the late tables included)."""
    seen: dict[str, list[cx.Context]] = defaultdict(list)
    real = cx.render

    def record(env: jinja2.Environment, ctx: cx.Context) -> str:
        assert type(ctx) is cx.CONTEXTS[ctx.TEMPLATE]
        seen[ctx.TEMPLATE].append(ctx)
        return real(env, ctx)

    mp = pytest.MonkeyPatch()
    mp.setattr(cx, "render", record)
    try:
        for root in (REPO, FIXTURE):
            renderer = SiteRenderer(load_project(root), ENV, Links())
            for page in renderer.pages():
                page.html()
                page.late_html()
            renderer.overview()
        diag = dg.Diagnostic("catalogues/units.yaml", 3, 5, "ZW101", dg.Severity.ERROR, "示例")
        preview_findings(ENV, [diag], standalone=True)
    finally:
        mp.undo()
    return seen


def test_every_page_template_is_rendered_from_its_context(rendered: dict[str, list[cx.Context]]) -> None:
    included_only = {"_contact.html", "_downloads.html", "_draft.html", "_town_status.html"}
    assert sorted(rendered) == sorted(set(NAMES) - included_only)


@pytest.mark.parametrize("name", sorted(set(NAMES) - {"_contact.html", "_downloads.html", "_draft.html",
                                                        "_town_status.html"}))
def test_rendering_without_any_one_field_fails(name: str, rendered: dict[str, list[cx.Context]]) -> None:
    """StrictUndefined: leave out any one field and some page fails to render, rather than showing
    a blank."""
    template = ENV.get_template(name)
    full = cx.variables(rendered[name][0])
    assert template.render(full) == cx.render(ENV, rendered[name][0])
    for field in full:
        for ctx in rendered[name]:
            try:
                template.render({k: v for k, v in cx.variables(ctx).items() if k != field})
            except jinja2.UndefinedError:
                break
        else:
            pytest.fail(f"{name} renders without {field} on every page")
