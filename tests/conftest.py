"""Shared helpers: a copy of the fixture repository per test, and a real `mkdocs build` of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/repo (2 domains, 4 units)."""
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", dest)
    return dest


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built once per test session by `mkdocs build --strict` (read-only)."""
    out = tmp_path_factory.mktemp("shipped") / "site"
    r = mkdocs_build(REPO, out)
    assert r.returncode == 0, r.stderr
    return out


def mkdocs_build(root: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build --strict` on a repository root."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
         "-d", str(site), *extra],
        capture_output=True, text=True, env=env, check=False,
    )


def zwgk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the `zwgk` command line as an editor would."""
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *args], capture_output=True,
                          text=True, cwd=cwd, check=False)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
