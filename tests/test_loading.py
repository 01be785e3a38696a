"""Strict loading: encodings, duplicate keys, positions, YAML errors — each at its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zwgk.loading import load_file, load_text

GOOD = "domain: a\nitems:\n  - id: x\n    basis: [《甲》, 《乙》]\n    updated: 2024-05-01\n"


def test_values_remember_line_and_column() -> None:
    src, diags = load_text(GOOD, "f.yaml")
    assert diags == [] and src is not None
    assert src.data["items"][0]["basis"] == ["《甲》", "《乙》"]
    assert src.at(("items", 0, "basis", 1)) == (4, 18)
    assert src.key_at(("items", 0, "basis")) == (4, 5)
    assert src.at(("items", 0)) == (3, 5)
    assert src.data["items"][0]["updated"] == dt.date(2024, 5, 1)


@pytest.mark.parametrize(
    ("raw", "code", "line", "words"),
    [
        ("公开: 甲\n名称: 乙\n".encode("gbk"), "ZW001", 1, "GBK"),
        ("a: 1\nb: 公开\n".encode("gbk"), "ZW001", 2, "UTF-8"),
        ("a: 1\n".encode("utf-16"), "ZW001", 1, "UTF-16"),
        (b"a: 1\nb: 2\na: 3\n", "ZW003", 3, "第 1 行已有"),
        (b"a: 1\n\tb: 2\n", "ZW002", 2, "Tab"),
        (b"a: [1, 2\nb: 3\n", "ZW002", 2, "第 1 行"),
        (b"", "ZW004", 1, "为空"),
        (b"# only a comment\n", "ZW004", 1, "为空"),
        (b"- a\n- b\n", "ZW004", 1, "顶层"),
        (b"a: &x [1]\nb: *x\n", "ZW005", 2, "别名"),
        (b"a: 1\nb: \x07bell\n", "ZW007", 2, "U+0007"),
        (b"a: 2024-02-30\n", "ZW106", 1, "2024-02-30"),
        (b"a: 1\n---\nb: 2\n", "ZW002", 3, "一个 YAML 文档"),
        (b"a: !!python/object:os.system x\n", "ZW002", 1, "标签"),
    ],
    ids=["gbk", "gbk-line2", "utf16", "dup-key", "tab", "unclosed", "empty", "comment-only",
         "top-list", "alias", "control", "bad-date", "two-docs", "python-tag"],
)
def test_bad_input_reported_at_line(tmp_path: Path, raw: bytes, code: str, line: int, words: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_bytes(raw)
    src, diags = load_file(f, tmp_path)
    assert src is None
    assert [(d.code, d.line, d.file) for d in diags] == [(code, line, "bad.yaml")]
    assert words in diags[0].message


@pytest.mark.parametrize(
    "raw",
    [GOOD.encode(), b"\xef\xbb\xbf" + GOOD.encode(), GOOD.replace("\n", "\r\n").encode(),
     b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode()],
    ids=["utf8", "bom", "crlf", "bom-crlf"],
)
def test_windows_files_load_the_same(tmp_path: Path, raw: bytes) -> None:
    f = tmp_path / "ok.yaml"
    f.write_bytes(raw)
    src, diags = load_file(f, tmp_path)
    assert diags == [] and src is not None
    assert src.data["items"][0]["basis"] == ["《甲》", "《乙》"]
    assert src.at(("items", 0, "basis", 1)) == (4, 18)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    f = tmp_path / "big.yaml"
    f.write_bytes(b"a: " + b"x" * 2000 + b"\n")
    src, diags = load_file(f, tmp_path, max_bytes=1000)
    assert src is None and [d.code for d in diags] == ["ZW006"]


def test_preview_cache_reparses_only_changed_files(tmp_path: Path) -> None:
    import shutil

    from zwgk.project import SourceCache, load_project

    from .conftest import FIXTURES

    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", root)
    cache: SourceCache = {}
    first = load_project(root, cache=cache)
    again = load_project(root, cache=cache)
    path = "catalogues/county/shehui-jiuzhu.yaml"
    assert again.sources[path] is first.sources[path]  # unchanged bytes: the same parsed source
    f = root / path
    f.write_text(f.read_text(encoding="utf-8").replace("subcategory: 政策", "subcategory: 政策文件"), encoding="utf-8")
    third = load_project(root, cache=cache)
    assert third.sources[path] is not first.sources[path]
    assert third.county_catalogue("shehui-jiuzhu").items[0].subcategory == "政策文件"
    f.write_text("items: [", encoding="utf-8")  # a broken save is reported, and cached as broken
    broken = load_project(root, cache=cache)
    assert [d.code for d in broken.diagnostics if d.file == path] == ["ZW002"]
