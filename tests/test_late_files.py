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


def _with_number(parent: int, fail: bool) -> Iterator[tuple[str, bytes]]:
    if fail and os.getpid() != parent:
        raise RuntimeError("writer broke")
    yield "downloads/a.csv", "名称,电话\r\n王五,138 1234 5678\r\n".encode()
    yield "feed.xml", b"<feed/>"


@pytest.mark.parametrize("fail", [False, True])
def test_the_gate_reads_each_file_once_in_the_writer_or_after(tmp_path: Path, fail: bool) -> None:
    """The writer inspects the bytes it writes; what it did not (it failed: the files were made in
    the build's process) the gate reads in the site. Either way the number is found, once."""
    import functools

    from zwgk import gate

    policy = gate.GatePolicy(site_host="www.junan.gov.cn")
    parent = os.getpid()
    late = LateFiles.start(["downloads/a.csv", "feed.xml"], lambda: _with_number(parent, fail),
                           inspect=functools.partial(gate.inspect_file, policy=policy))
    try:
        read, found = late.place(tmp_path)
    finally:
        late.close()
    assert read == (frozenset() if fail else {"downloads/a.csv", "feed.xml"})
    found += gate.inspect_site(tmp_path, policy, seen=read)
    assert [(f.file, f.message) for f in found] == [("downloads/a.csv", "有手机号码 138****5678")]
    assert found[0].digits == "13812345678"  # kept to trace it to a source
