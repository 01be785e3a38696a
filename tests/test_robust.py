"""Careless and hostile input: whatever an editor saves, loading and checking end in diagnostics or
success, never in an uncaught exception."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk import diagnostics as dg
from zwgk.diagnostics import Diagnostic
from zwgk.loading import LoadError, Source, decode, load_file, load_text
from zwgk.project import load_project
from zwgk.rules import check

from .conftest import FIXTURES

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.dates())
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=25)
# documents shaped like a catalogue, with arbitrary values in the right and wrong places
item_keys = st.sampled_from(["id", "category", "subcategory", "elements", "basis", "time_limit", "subjects",
                             "channels", "audience", "method", "levels", "seq", "channel_other", "公开依据"])
items = st.dictionaries(item_keys, documents, max_size=12)
catalogues = st.fixed_dictionaries(
    {"domain": st.one_of(st.just("shehui-jiuzhu"), st.text(max_size=8)), "items": st.lists(items, max_size=4)},
    optional={"source": documents, "status": documents, "updated": documents, "extra": documents})

EXAMPLES = int(os.environ.get("ZWGK_EXAMPLES", "60"))  # raise it for a deeper local run
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(raw=st.binary(max_size=400))
def test_any_bytes_load_to_a_source_or_diagnostics(raw: bytes) -> None:
    src, diags = load_text_bytes(raw)
    assert (src is None) == bool(diags)
    for d in diags:
        assert d.code.startswith("ZW") and d.line >= 1 and d.column >= 1 and d.message


def load_text_bytes(raw: bytes) -> tuple[Source | None, list[Diagnostic]]:
    """What load_file does after reading: decode, then load."""
    try:
        text = decode(raw)
    except LoadError as e:
        return None, [dg.make(e.rule, "x.yaml", e.line, e.col, e.message)]
    return load_text(text, "x.yaml")


@SETTINGS
@given(doc=st.one_of(documents, catalogues))
def test_any_yaml_document_checks_without_crashing(repo: Path, doc: object) -> None:
    target = repo / "catalogues/county/shehui-jiuzhu.yaml"
    target.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    diags = check(load_project(repo))
    assert all(d.code.startswith("ZW") for d in diags)


@SETTINGS
@given(doc=catalogues, cut=st.integers(min_value=0, max_value=2000))
def test_truncated_files_check_without_crashing(repo: Path, doc: object, cut: int) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True)
    (repo / "catalogues/towns/dadian.yaml").write_text(text[:cut], encoding="utf-8")
    shutil.copyfile(FIXTURES / "repo/catalogues/county/shehui-jiuzhu.yaml", repo / "catalogues/county/shehui-jiuzhu.yaml")
    diags = check(load_project(repo))
    assert all(d.code.startswith("ZW") for d in diags)


def test_windows_and_broken_files_get_clear_diagnostics(tmp_path: Path) -> None:
    good = (FIXTURES / "repo/catalogues/county/shehui-jiuzhu.yaml").read_text(encoding="utf-8")
    cases = {
        "gbk.yaml": (good.encode("gbk"), "ZW001", "GBK"),
        "bom-crlf.yaml": (b"\xef\xbb\xbf" + good.replace("\n", "\r\n").encode(), None, ""),
        "tabs.yaml": (good.replace("    category", "\tcategory", 1).encode(), "ZW002", "Tab"),
        "truncated.yaml": (good[: len(good) // 3].rsplit("[", 1)[0].encode() + b"[\xe6\x94", "ZW001", "UTF-8"),
        "empty.yaml": (b"", "ZW004", "为空"),
    }
    for name, (raw, code, words) in cases.items():
        f = tmp_path / name
        f.write_bytes(raw)
        src, diags = load_file(f, tmp_path)
        if code is None:
            assert diags == [] and src is not None
        else:
            assert [d.code for d in diags] == [code], name
            assert words in diags[0].message, (name, diags[0].message)


def test_a_50_megabyte_file_is_refused_quickly(tmp_path: Path) -> None:
    f = tmp_path / "huge.yaml"
    with f.open("wb") as out:
        line = ("  - " + "公开" * 40 + "\n").encode()
        out.write(b"items:\n")
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            out.write(line)
    assert f.stat().st_size > 50 * 1024 * 1024
    src, diags = load_file(f, tmp_path)
    assert src is None and [d.code for d in diags] == ["ZW006"]
    assert "50" in diags[0].message or "MB" in diags[0].message
