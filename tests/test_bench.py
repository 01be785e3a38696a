"""The benchmark's generator and peer produce what they claim (no timing here: timing is bench/run.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from zwgk.project import load_project
from zwgk.rules import check

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

from generate import generate
from peer import write_peer


def test_scale_two_generates_two_counties_that_check_clean(tmp_path: Path) -> None:
    root = generate(tmp_path / "repo", 2)
    project = load_project(root)
    assert len(project.county) == 52 and len(project.towns) == 32 and len(project.bulletins) == 16
    assert len(project.template) == 17 and all(len(c.items) == 25 for c in project.county)
    cells = [len(e) for c in project.county for it in c.items for e in it.elements]
    assert min(cells) >= 4 and max(cells) <= 80
    assert [d for d in check(project) if d.severity.value != "info"] == []
    pages = write_peer(root, tmp_path / "peer", project)
    assert pages == 1 + 52 + 1 + 32 * 18 + 1 + 16 + 2
    table = (tmp_path / "peer/content/county" / f"{project.county[0].domain_id}.md").read_text(encoding="utf-8")
    assert table.count("\n| ") == 25 + 1  # header + one line per item
