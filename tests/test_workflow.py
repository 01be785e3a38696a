"""Editors' workflow: scaffolding, schema freshness, pre-commit, the CI workflow and the nginx deploy."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

from zwgk import schema
from zwgk.project import load_project
from zwgk.rules import check

from .conftest import REPO, zwgk


def test_new_bulletin_checks_clean_except_what_a_person_must_fill(repo: Path) -> None:
    r = zwgk("new-bulletin", "2024-q3", "--root", str(repo))
    assert r.returncode == 0, r.stderr
    diags = [d for d in check(load_project(repo)) if d.file == "bulletins/2024-q3/bulletin.yaml"]
    errors = [(d.code, d.line) for d in diags if d.severity.value == "error"]
    assert errors and all(code == "ZW204" for code, _ in errors)  # 待填写, each at its own line
    assert {line for _, line in errors} == {12, 15, 19, 22, 25}
    again = zwgk("new-bulletin", "2024-q3", "--root", str(repo))
    assert again.returncode == 1 and "已存在" in again.stderr
    assert zwgk("new-bulletin", "2024Q3", "--root", str(repo)).returncode == 2


def test_new_town_starts_a_pending_catalogue_from_the_template(repo: Path) -> None:
    (repo / "catalogues/towns/dadian.yaml").unlink()
    r = zwgk("new-town", "dadian", "--root", str(repo))
    assert r.returncode == 0, r.stderr
    town = load_project(repo).town("dadian")
    assert town is not None and town.status == "pending"
    assert [e.template_id for d in town.domains for e in d.entries] == ["zc", "db-zn", "db-sh", "jzdx"]
    # the fixture's due date (2020-12-31) has passed: a pending town has not submitted (ZW301), nothing else
    assert [d.code for d in check(load_project(repo)) if d.file.endswith("dadian.yaml")
            and d.severity.value != "info"] == ["ZW301"]
    assert zwgk("new-town", "nowhere", "--root", str(repo)).returncode == 2


def test_schemas_check_notices_a_stale_file(tmp_path: Path) -> None:
    assert zwgk("schemas", "--check").returncode == 0
    assert {p.stem.removesuffix(".schema") for p in schema.SCHEMA_DIR.glob("*.json")} == set(schema.SCHEMAS)
    # a schema file edited by hand (or left behind by an old model) is reported and fails the check
    stale = schema.schema_path("zone")
    original = stale.read_bytes()
    try:
        stale.write_text(original.decode("utf-8").replace("镇街政务公开体验区", "旧标题", 1), encoding="utf-8")
        r = zwgk("schemas", "--check")
        assert r.returncode == 1 and "zone.schema.json 不是最新" in r.stderr
    finally:
        stale.write_bytes(original)
    assert zwgk("schemas", "--check").returncode == 0


def test_pre_commit_uses_local_hooks_only() -> None:
    cfg = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [r["repo"] for r in cfg["repos"]] == ["local"]
    entries = [h["entry"] for r in cfg["repos"] for h in r["hooks"]]
    assert "zwgk check --min-severity warning" in entries and "zwgk schemas --check" in entries


def test_github_workflow_checks_pull_requests_and_deploys_main() -> None:
    wf = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    steps = wf["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "zwgk check --format github" in runs and "mkdocs build --strict" in runs
    assert any("constraints.txt" in r for r in runs)
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "check" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def _deploy(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(REPO / "deploy/deploy.sh"), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, check=False)


def test_deploy_new_release_switch_and_rollback(tmp_path: Path) -> None:
    site, target = tmp_path / "site", tmp_path / "srv"
    site.mkdir()
    (site / "index.html").write_text("v1", encoding="utf-8")
    assert _deploy(str(site), str(target)).returncode == 0
    assert (target / "current/index.html").read_text(encoding="utf-8") == "v1"
    first = os.readlink(target / "current")
    (site / "index.html").write_text("v2", encoding="utf-8")
    assert _deploy(str(site), str(target)).returncode == 0
    assert (target / "current/index.html").read_text(encoding="utf-8") == "v2"
    assert len(list((target / "releases").iterdir())) == 2  # the previous release is kept
    r = _deploy("--rollback", str(target))
    assert r.returncode == 0, r.stderr
    assert os.readlink(target / "current") == first
    assert (target / "current/index.html").read_text(encoding="utf-8") == "v1"
    assert _deploy("--rollback", str(target)).returncode == 1  # nothing older
    assert not list(target.glob(".current*")) and not list((target / "releases").glob(".*"))


def test_deploy_keeps_a_bounded_number_of_releases(tmp_path: Path) -> None:
    site, target = tmp_path / "site", tmp_path / "srv"
    site.mkdir()
    for n in range(4):
        (site / "index.html").write_text(f"v{n}", encoding="utf-8")
        assert _deploy(str(site), str(target), env={"KEEP": "2"}).returncode == 0
    assert len(list((target / "releases").iterdir())) == 2
    assert (target / "current/index.html").read_text(encoding="utf-8") == "v3"


def test_deploy_refuses_an_unbuilt_site(tmp_path: Path) -> None:
    r = _deploy(str(tmp_path), str(tmp_path / "srv"))
    assert r.returncode == 1 and "make site" in r.stderr and not (tmp_path / "srv").exists()


def _release(site: Path, target: Path, text: str) -> str:
    (site / "index.html").write_text(text, encoding="utf-8")
    r = _deploy(str(site), str(target))
    assert r.returncode == 0, r.stderr
    return os.readlink(target / "current")


def test_deploy_keep_zero_is_refused_before_anything_is_touched(tmp_path: Path) -> None:
    site, target = tmp_path / "site", tmp_path / "srv"
    site.mkdir()
    live = _release(site, target, "v1")
    r = _deploy(str(site), str(target), env={"KEEP": "0"})
    assert r.returncode == 2 and "至少为 1" in r.stderr
    assert os.readlink(target / "current") == live and (target / "current/index.html").is_file()


def test_rollback_twice_goes_back_two_and_never_returns_to_a_bad_release(tmp_path: Path) -> None:
    site, target = tmp_path / "site", tmp_path / "srv"
    site.mkdir()
    r1, r2, _r3 = (_release(site, target, f"v{n}") for n in (1, 2, 3))
    assert _deploy("--rollback", str(target)).returncode == 0
    assert os.readlink(target / "current") == r2
    assert _deploy("--rollback", str(target)).returncode == 0
    assert os.readlink(target / "current") == r1  # twice: two back
    r4 = _release(site, target, "v4")  # a fix deployed after the rollbacks
    assert os.readlink(target / "current") == r4
    assert _deploy("--rollback", str(target)).returncode == 0
    assert os.readlink(target / "current") == r1  # r3 and r2 were rolled back as bad: skipped
    out = _deploy("--rollback", str(target))
    assert out.returncode == 1 and "没有更早的" in out.stderr and os.readlink(target / "current") == r1
    listing = _deploy("--list", str(target)).stdout
    assert "（已回退）" in listing and "← 当前" in listing


def test_rollback_with_nothing_deployed_says_so(tmp_path: Path) -> None:
    r = _deploy("--rollback", str(tmp_path / "srv"))
    assert r.returncode == 1 and "还没有发布过" in r.stderr


def test_deploy_to_a_target_with_quotes_and_spaces(tmp_path: Path) -> None:
    site, target = tmp_path / "site", tmp_path / "it's a dir; touch pwned"
    site.mkdir()
    _release(site, target, "v1")
    _release(site, target, "v2")
    assert (target / "current/index.html").read_text(encoding="utf-8") == "v2"
    assert _deploy("--rollback", str(target)).returncode == 0
    assert (target / "current/index.html").read_text(encoding="utf-8") == "v1"
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()
