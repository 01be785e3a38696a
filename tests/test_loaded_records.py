"""What a loaded project keeps per record, kept small without changing what records say.

Positions are packed ints in ``Source.marks``, equal texts are one object, a record's place and
references live in slots and the set of fields it wrote is shared with records that wrote the same;
these tests pin what must not change with that: positions, copies, equality, writes.
"""

from __future__ import annotations

import copy
from pathlib import Path

from zwgk import loading, schema
from zwgk import model as m
from zwgk.project import load_project

FIXTURE = Path(__file__).parent / "fixtures" / "repo"

CATALOGUE = """\
domain: shehui-jiuzhu
source: 测试用数据
status: official
updated: 2024-05-01
items:
  - id: a
    category: 最低生活保障
    subcategory: 办事指南
    elements: [办理条件, 申请材料]
    basis: [《社会救助暂行办法》]
    time_limit: 10个工作日内
    subjects: [县民政局]
    channels: [政府网站]
    audience: 全社会
    method: 主动
    levels: [县级]
  - id: b
    category: "  最低生活保障"
    subcategory: 政策文件
    elements: [申请材料]
    basis: [《社会救助暂行办法》]
    time_limit: 10个工作日内
    subjects: [县民政局]
    channels: [政府网站]
    audience: 全社会
    method: 主动
    levels: [县级]
"""


def _catalogue(text: str = CATALOGUE) -> tuple[loading.Source, m.Catalogue]:
    with loading.shared_strings():
        src, diags = loading.load_text(text, "catalogues/county/shehui-jiuzhu.yaml")
        assert src is not None and diags == []
        cat, found = schema.load(src, m.Catalogue)
    assert found == []
    return src, cat


def test_positions_of_values_and_keys() -> None:
    src, cat = _catalogue()
    assert src.at(("items", 1, "category")) == (18, 15)
    assert src.key_at(("items", 1, "category")) == (18, 5)
    assert src.at(("items", 0, "elements", 1)) == (9, 22)
    assert src.at(("items", 0, "nothing", 3)) == (6, 5)  # the nearest enclosing value: the item
    assert (cat.items[1].loc.line, cat.items[1].loc.column) == (17, 5)
    assert cat.items[1].path == ("items", 1)


def test_positions_past_any_small_int_range() -> None:
    filler = "".join(f"# {n}\n" for n in range(70_000))
    src, _ = loading.load_text(filler + "key:\n  - " + " " * 300 + "value\n", "x.yaml")
    assert src is not None
    assert src.at(("key", 0)) == (70_002, 305)
    assert src.key_at(("key",)) == (70_001, 1)


def test_front_matter_positions_count_from_the_page_top() -> None:
    src, diags = loading.load_front_matter("---\ntitle: 标题\nhide: [toc]\n---\n正文\n", "content/a.md")
    assert src is not None and diags == []
    assert src.at(("title",)) == (2, 8)
    assert src.key_at(("hide",)) == (3, 1)
    assert list(src.strings) == [(("title",), "标题"), (("hide", 0), "toc")]


def test_strings_in_file_order_with_their_paths() -> None:
    src, _ = _catalogue()
    strings = list(src.strings)
    assert strings[:3] == [(("domain",), "shehui-jiuzhu"), (("source",), "测试用数据"), (("status",), "official")]
    assert (("items", 1, "category"), "  最低生活保障") in strings


def test_equal_texts_are_one_object() -> None:
    src, cat = _catalogue()
    a, b = cat.items
    assert a.basis[0] == "《社会救助暂行办法》" and a.basis[0] is b.basis[0]
    assert a.basis[0] is src.get(("items", 0, "basis", 0))
    # a stripped value is equal to the other item's and shares its object; the source keeps it as written
    assert b.category == "最低生活保障" and b.category is a.category
    assert src.get(("items", 1, "category")) == "  最低生活保障"


def test_records_that_wrote_the_same_fields_share_one_frozen_set() -> None:
    _, cat = _catalogue()
    a, b = cat.items
    assert a.model_fields_set == b.model_fields_set
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    a.note = "补充"  # writing a field unshares the set
    assert "note" in a.model_fields_set and "note" not in b.model_fields_set
    assert a.note == "补充" and b.note is None


def test_a_copy_keeps_the_place_and_references_and_its_own_fields() -> None:
    _, cat = _catalogue()
    a, b = cat.items
    unit = m.Unit.model_construct(id="mz", name="县民政局", kind="department", aliases=[])
    a.subject_units = [unit]
    changed = a.rewritten(b, subjects=["大店镇"])
    assert changed.subjects == ["大店镇"] and a.subjects == ["县民政局"]
    assert changed.loc == b.loc and changed.path == b.path
    assert changed.subject_units == [unit]
    assert "subjects" in changed.model_fields_set
    deep = copy.deepcopy(a)
    assert deep.loc == a.loc and deep.path == a.path and deep == a
    shallow = a.model_copy()
    assert shallow == a and shallow.loc == a.loc


def test_records_differ_by_where_they_stand() -> None:
    _, one = _catalogue()
    _, two = _catalogue(CATALOGUE.replace("  - id: a", "\n  - id: a"))  # the same items, a line lower
    assert one.items[0].model_dump() == two.items[0].model_dump()
    assert one.items[0] != two.items[0]
    assert one.items[0] == _catalogue()[1].items[0]


def test_unset_references_read_as_their_defaults() -> None:
    item = m.Item.model_construct(id="x")
    assert item.path == () and item.loc == m.NOWHERE and item.subject_units == []
    bulletin = m.Bulletin.model_construct()
    assert bulletin.slug == "" and bulletin.inspection is None
    bulletin.records.materials = None
    assert bulletin.records is bulletin.records  # made once, then kept


def test_a_loaded_project_shares_texts_across_files() -> None:
    project = load_project(FIXTURE)
    basis = [b for c in project.county for it in c.items for b in it.basis if b == "《社会救助暂行办法》"]
    assert len(basis) > 1 and all(b is basis[0] for b in basis)
