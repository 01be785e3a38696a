"""No cascades: a file that cannot be read gives its own finding, and nothing false elsewhere.

One fixture per case in tests/fixtures/unreadable/, put in place of a good file; its first line names
the one finding expected (``# expect: ZW002@10:16``). Before the fix, an unreadable county file was
also «没有县级目录文件» (ZW208), a town file in the county layout a missing submission (ZW301), an
unreadable template «没有模板文件» (ZW318) plus every town entry «模板中没有事项» (ZW311), an
unreadable inspections.yaml a missing one (ZW407), an unreadable unit registry a ZW402 per record.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zwgk.project import load_project
from zwgk.rules import check

from .conftest import FIXTURES
from .test_rules import EXPECT

UNREADABLE = FIXTURES / "unreadable"
TARGET = {
    "county_gbk": "catalogues/county/shehui-jiuzhu.yaml",
    "county_tab": "catalogues/county/shehui-jiuzhu.yaml",
    "county_full_width_colon": "catalogues/county/shehui-jiuzhu.yaml",
    "town_tab": "catalogues/towns/dadian.yaml",
    "template_full_width_indent": "catalogues/town-template/jiuzai.yaml",
    "zone_gbk": "catalogues/zones/dadian.yaml",
    "zone_standard_chinese_bracket": "catalogues/zones/standard.yaml",
    "bulletin_gbk": "bulletins/2024-q2/bulletin.yaml",
    "inspections_full_width_comma": "bulletins/2024-q2/inspections.yaml",
    "units_tab": "catalogues/units.yaml",
    "domains_full_width_colon": "catalogues/domains.yaml",
    "basis_full_width_space": "catalogues/basis.yaml",
}


def _expected(fixture: Path) -> tuple[str, int, int]:
    first = fixture.read_bytes().split(b"\n", 1)[0].decode("ascii")  # the rest may be GBK
    (code, line, col), = EXPECT.findall(first)
    return code, int(line), int(col)


def test_every_fixture_has_a_target() -> None:
    assert sorted(p.stem for p in UNREADABLE.glob("*.yaml")) == sorted([*TARGET, "town_county_format"])


@pytest.mark.parametrize("name", sorted(TARGET))
def test_unreadable_file_is_one_finding(repo: Path, name: str) -> None:
    fixture, target = UNREADABLE / f"{name}.yaml", TARGET[name]
    shutil.copyfile(fixture, repo / target)
    project = load_project(repo)
    assert project.unreadable == {target}
    found = [(d.file, d.code, d.line, d.column) for d in check(project) if d.severity.value != "info"]
    assert found == [(target, *_expected(fixture))]


def test_town_file_in_the_county_layout_is_not_a_missing_submission(repo: Path) -> None:
    """The file loads (it is good YAML) but says nothing of a town: its own findings, no ZW301."""
    target = "catalogues/towns/dadian.yaml"
    shutil.copyfile(UNREADABLE / "town_county_format.yaml", repo / target)
    diags = [d for d in check(load_project(repo)) if d.severity.value != "info"]
    assert {d.file for d in diags} == {target}
    assert "ZW301" not in {d.code for d in diags}
    code, line, col = _expected(UNREADABLE / "town_county_format.yaml")
    assert (code, line, col) in [(d.code, d.line, d.column) for d in diags]


def test_a_wrong_id_inside_an_existing_file_is_not_a_missing_file(repo: Path) -> None:
    """A county file whose `domain` names another domain: ZW207 at that line, no ZW208 for its own."""
    f = repo / "catalogues/county/shehui-jiuzhu.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("domain: shehui-jiuzhu", "domain: shehui-jiuzu"),
                 encoding="utf-8")
    found = [(d.file, d.code, d.line) for d in check(load_project(repo)) if d.severity.value != "info"]
    assert found == [("catalogues/county/shehui-jiuzhu.yaml", "ZW207", 2)]


def test_really_missing_files_are_still_reported(repo: Path) -> None:
    for rel in ("catalogues/county/shehui-jiuzhu.yaml", "catalogues/towns/dadian.yaml",
                "catalogues/zones/dadian.yaml", "catalogues/town-template/jiuzai.yaml"):
        (repo / rel).unlink()
    codes = {d.code for d in check(load_project(repo))}
    assert {"ZW208", "ZW301", "ZW508", "ZW318"} <= codes
