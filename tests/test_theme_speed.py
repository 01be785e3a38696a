"""Material's templates made cheaper (zwgk.plugin: _faster_templates) print what Material prints."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest

from zwgk import plugin


class _Mapping:
    def __getitem__(self, key: str) -> str:
        if key == "here":
            return "item"
        raise KeyError(key)


class _Broken:
    def __getitem__(self, key: str) -> str:
        raise TypeError("no items")


@pytest.mark.parametrize(("obj", "name"), [
    ({"icon": "x"}, "icon"),  # a key
    ({"icon": "x"}, "title"),  # a missing key
    ({"items": 1}, "items"),  # the attribute wins over the key, as in Jinja
    (SimpleNamespace(title="标题"), "title"),
    (SimpleNamespace(title="标题"), "meta"),  # Material asks sections for meta, typeset, pages
    (_Mapping(), "here"),
    (_Mapping(), "there"),
    (_Broken(), "x"),
    ([1, 2], "x"),
    ("文字", "upper"),
    (None, "x"),
])
def test_attribute_lookup_answers_as_jinjas_own(obj: Any, name: str) -> None:
    env = jinja2.Environment()
    theirs = jinja2.Environment.getattr(env, obj, name)
    ours = plugin._getattr(env, obj, name)
    if isinstance(theirs, jinja2.Undefined):
        assert isinstance(ours, jinja2.Undefined) and not ours
        assert ours._undefined_name == name and ours._undefined_obj is obj  # the same message if printed
    else:
        assert ours == theirs


def test_materials_navigation_template_still_reads_as_the_change_expects() -> None:
    """If Material's nav-item.html changes, the build still works (unchanged, slower): this test
    says the change no longer applies, so that it is looked at again."""
    import material

    source = (Path(material.__file__).parent / "templates" / plugin._NAV_ITEM).read_text(encoding="utf-8")
    assert all(old in source for old, _ in plugin._NAV_CHANGES)


def _build(repo: Path, out: Path) -> dict[str, str]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(repo / "mkdocs.yml"), site_dir=str(out))
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")}


def test_pages_are_what_materials_own_templates_print(repo: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = repo / "mkdocs.yml"  # the shipped site's navigation features
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n  features: [\n"
                   "    navigation.tabs, navigation.sections, navigation.indexes, navigation.prune]\n", 1),
                   encoding="utf-8")
    fast = _build(repo, tmp_path / "fast")
    monkeypatch.setattr(plugin, "_faster_templates", lambda env: None)
    slow = _build(repo, tmp_path / "slow")
    assert fast.keys() == slow.keys() and len(fast) > 20
    blank = re.compile(r"\s+")
    differ = [k for k in fast if blank.sub(" ", fast[k]) != blank.sub(" ", slow[k])]
    assert differ == []
    assert sum(map(len, fast.values())) < sum(map(len, slow.values()))  # less blank space, nothing else
