"""Downloads and the feed are made beside the page writing (late_files) and land in the site whole."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from zwgk import render
from zwgk.late_files import LateFiles
from zwgk.project import load_project
from zwgk.render import Links, SiteRenderer

from .conftest import REPO


def test_the_names_told_to_mkdocs_are_the_files_made() -> None:
    r = SiteRenderer(load_project(REPO), render.environment(), Links(True, ""))
    made = [name for name, _ in r.files()]
    assert r.file_names() == made
    assert "downloads/county/all.xlsx" in made and "downloads/towns/dadian.csv" in made
    assert r.file_names(downloads=False) == [name for name, _ in r.files(downloads=False)] == [render.FEED]


def _files(parent: int) -> Iterator[tuple[str, bytes]]:
    if os.getpid() != parent:  # the writer process fails; the build's own process makes them
        raise RuntimeError("writer broke")
    yield "downloads/a.csv", "序号,名称\r\n1,低保\r\n".encode()
    yield "feed.xml", b"<feed/>"


@pytest.mark.parametrize("background", [True, False])
def test_files_land_whole_even_when_the_writer_fails(tmp_path: Path, background: bool) -> None:
    parent = os.getpid()
    late = LateFiles.start(["downloads/a.csv", "feed.xml"], lambda: _files(parent), background=background)
    try:
        late.place(tmp_path)
    finally:
        late.close()
    assert (tmp_path / "downloads/a.csv").read_bytes().decode() == "序号,名称\r\n1,低保\r\n"
    assert (tmp_path / "feed.xml").read_bytes() == b"<feed/>"


def test_files_made_in_the_writer_are_the_same(tmp_path: Path) -> None:
    r = SiteRenderer(load_project(REPO), render.environment(), Links(True, ""))
    late = LateFiles.start(r.file_names(), r.files)
    try:
        late.place(tmp_path / "site")
    finally:
        late.close()
    expected = dict(r.files())
    got = {name: (tmp_path / "site" / name).read_bytes() for name in expected}
    assert got == expected


def _stuck(parent: int) -> Iterator[tuple[str, bytes]]:
    if os.getpid() != parent:  # the writer hangs
        import time

        time.sleep(60)
    yield "feed.xml", b"<feed/>"


def test_a_stuck_writer_is_stopped_and_the_files_made_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zwgk import late_files

    monkeypatch.setattr(late_files, "WAIT", 1)
    parent = os.getpid()
    late = LateFiles.start(["feed.xml"], lambda: _stuck(parent))
    try:
        late.place(tmp_path)
    finally:
        late.close()
    assert (tmp_path / "feed.xml").read_bytes() == b"<feed/>"
