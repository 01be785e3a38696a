"""One bad-input fixture per rule: each names its expected code and position in its first line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from zwgk.project import load_project
from zwgk.rules import check

from .conftest import FIXTURES

BAD = sorted((FIXTURES / "bad").glob("*.yaml"))
EXPECT = re.compile(r"(ZW\d{3})@(\d+):(\d+)")


def _expected(path: Path) -> list[tuple[str, int, int]]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return [(c, int(line), int(col)) for c, line, col in EXPECT.findall(first)]


def assert_fixture(repo: Path, fixture: Path, target: str) -> None:
    """Put ``fixture`` at ``target`` in the repository: its expected codes fire at their positions,
    and nothing else of error severity fires on that file (one mistake per fixture)."""
    shutil.copyfile(fixture, repo / target)
    diags = [d for d in check(load_project(repo)) if d.file == target]
    expected = _expected(fixture)
    assert expected, f"{fixture.name} has no '# expect:' line"
    found = [(d.code, d.line, d.column) for d in diags]
    for e in expected:
        assert e in found, f"{fixture.name}: expected {e}, got {found}"
    stray = [d for d in diags if (d.code, d.line, d.column) not in expected and d.severity.value == "error"]
    assert stray == []


@pytest.mark.parametrize("fixture", BAD, ids=[p.stem for p in BAD])
def test_each_mistake_is_reported_at_its_line(repo: Path, fixture: Path) -> None:
    assert_fixture(repo, fixture, "catalogues/county/shehui-jiuzhu.yaml")


def test_fixture_repo_checks_clean(repo: Path) -> None:
    diags = check(load_project(repo))
    assert [d for d in diags if d.severity.value != "info"] == []
    assert [(d.code, d.file) for d in diags] == [("ZW209", "catalogues/county/yiwu-jiaoyu.yaml"),
                                                 ("ZW215", "catalogues/county/yiwu-jiaoyu.yaml"),
                                                 ("ZW506", "catalogues/zones/dadian.yaml"),
                                                 ("ZW706", "mkdocs.yml")]  # the fixture has no site_url


def test_missing_domain_file_names_the_registry_entry(repo: Path) -> None:
    (repo / "catalogues/county/yiwu-jiaoyu.yaml").unlink()
    diags = check(load_project(repo))
    hit = [d for d in diags if d.code == "ZW208"]
    assert [(d.file, d.line) for d in hit] == [("catalogues/domains.yaml", 11)]
    assert "yiwu-jiaoyu.yaml" in hit[0].message


def test_file_name_must_match_domain(repo: Path) -> None:
    src = repo / "catalogues/county/yiwu-jiaoyu.yaml"
    src.rename(src.with_name("jiaoyu.yaml"))
    diags = check(load_project(repo))
    assert ("ZW207", "catalogues/county/jiaoyu.yaml", 2) in [(d.code, d.file, d.line) for d in diags]


def test_stray_spreadsheet_is_not_silently_ignored(repo: Path) -> None:
    (repo / "catalogues/county/社会救助.xlsx").write_bytes(b"PK")
    diags = check(load_project(repo))
    assert [(d.code, d.severity.value) for d in diags if d.file.endswith(".xlsx")] == [("ZW213", "warning")]


def test_registry_name_used_twice(repo: Path) -> None:
    units = repo / "catalogues/units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("[大店镇]", "[大店镇, 民政局]"),
                     encoding="utf-8")
    diags = check(load_project(repo))
    hit = [d for d in diags if d.code == "ZW212"]
    assert [(d.file, d.line, d.column) for d in hit] == [("catalogues/units.yaml", 16, 20)]
    assert "莒南县民政局" in hit[0].message


def test_guideline_must_be_registered(repo: Path) -> None:
    basis = repo / "catalogues/basis.yaml"
    text = basis.read_text(encoding="utf-8").replace("  - title: 义务教育领域基层政务公开标准指引\n    issuer: 教育部\n", "")
    basis.write_text(text, encoding="utf-8")
    diags = check(load_project(repo))
    hit = [d for d in diags if d.code == "ZW212"]
    assert [(d.file, d.line) for d in hit] == [("catalogues/domains.yaml", 13)]


BAD_TOWN = sorted((FIXTURES / "bad-town").glob("*.yaml"))


@pytest.mark.parametrize("fixture", BAD_TOWN, ids=[p.stem for p in BAD_TOWN])
def test_each_town_mistake_is_reported_at_its_line(repo: Path, fixture: Path) -> None:
    assert_fixture(repo, fixture, "catalogues/towns/dadian.yaml")


def test_town_without_catalogue_is_a_missing_submission(repo: Path) -> None:
    (repo / "catalogues/towns/dadian.yaml").unlink()
    hit = [d for d in check(load_project(repo)) if d.code == "ZW301"]
    assert [(d.file, d.line, d.severity.value) for d in hit] == [("catalogues/units.yaml", 14, "error")]
    assert "大店镇人民政府" in hit[0].message


def test_pending_catalogue_findings_are_info_not_errors(repo: Path) -> None:
    text = (FIXTURES / "bad-town/omit_no_reason.yaml").read_text(encoding="utf-8")
    text = text.replace("status: submitted\nsubmitted_on: 2020-12-20\n", "status: pending\n")
    (repo / "catalogues/towns/dadian.yaml").write_text(text, encoding="utf-8")
    settings = repo / "catalogues/settings.yaml"
    with_due = settings.read_text(encoding="utf-8")
    settings.write_text(with_due.replace("  due: 2020-12-31\n", ""), encoding="utf-8")  # no due date set
    diags = [d for d in check(load_project(repo)) if d.file == "catalogues/towns/dadian.yaml"]
    assert sorted((d.code, d.severity.value) for d in diags) == [("ZW306", "info"), ("ZW317", "info")]
    settings.write_text(with_due, encoding="utf-8")  # the due date has passed: pending is not submitted
    diags = [d for d in check(load_project(repo)) if d.file == "catalogues/towns/dadian.yaml"]
    assert sorted((d.code, d.severity.value) for d in diags) == [
        ("ZW301", "error"), ("ZW306", "info"), ("ZW317", "info")]


def test_town_domain_needs_a_template(repo: Path) -> None:
    (repo / "catalogues/town-template/jiuzai.yaml").unlink()
    hit = [d for d in check(load_project(repo)) if d.code == "ZW318"]
    assert [(d.file, d.line) for d in hit] == [("catalogues/domains.yaml", 18)]


def test_template_item_must_be_at_town_level(repo: Path) -> None:
    p = repo / "catalogues/town-template/jiuzai.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("levels: [乡级]", "levels: [县级]"), encoding="utf-8")
    hit = [d for d in check(load_project(repo)) if d.code == "ZW319"]
    assert [(d.file, d.line, d.severity.value) for d in hit] == [
        ("catalogues/town-template/jiuzai.yaml", 17, "warning")]


BAD_BULLETIN = sorted((FIXTURES / "bad-bulletin").glob("*.yaml"))


@pytest.mark.parametrize("fixture", BAD_BULLETIN, ids=[p.stem for p in BAD_BULLETIN])
def test_each_bulletin_mistake_is_reported_at_its_line(repo: Path, fixture: Path) -> None:
    name = "inspections.yaml" if fixture.stem.startswith("inspection") else "bulletin.yaml"
    assert_fixture(repo, fixture, f"bulletins/2024-q2/{name}")


BAD_ZONE = sorted((FIXTURES / "bad-zone").glob("*.yaml"))


@pytest.mark.parametrize("fixture", BAD_ZONE, ids=[p.stem for p in BAD_ZONE])
def test_each_zone_mistake_is_reported_at_its_line(repo: Path, fixture: Path) -> None:
    assert_fixture(repo, fixture, "catalogues/zones/dadian.yaml")
