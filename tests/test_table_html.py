"""The official table as a reader sees it (table_html): cells, merged 一级事项, links, escaping."""

from __future__ import annotations

import functools

import pytest
from bs4 import BeautifulSoup

from zwgk import derive, table, table_html
from zwgk import model as m
from zwgk.project import Project, load_project
from zwgk.render import Links

from .conftest import REPO

PAYLOAD = '<script>alert(1)</script>" onmouseover="x'


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(REPO)


def _items(project: Project) -> list[m.Item]:
    cat = next(c for c in project.county if c.domain_id == "anquan-shengchan")
    return list(cat.items)


def _table(project: Project, items: list[m.Item], page: str = "county/anquan-shengchan.md") -> BeautifulSoup:
    links = Links(True, "")
    html = table_html.render("安全生产<领域>", derive.table_rows(items, project.registry),
                             functools.partial(links.rel, page))
    return BeautifulSoup(html, "html.parser")


def test_every_row_has_a_cell_per_column_and_the_caption(project: Project) -> None:
    items = _items(project)
    doc = _table(project, items)
    assert doc.caption.get_text() == "安全生产<领域>"
    body = doc.find("tbody").find_all("tr")
    assert [tr["id"] for tr in body] == [f"item-{it.id}" for it in items]
    cards = len(table.official_columns())  # the merged 一级事项 adds one cell where a group starts
    for tr in body:
        cells = tr.find_all("td")
        assert len(cells) - len(tr.find_all("td", class_="zwgk-category")) == cards
        assert cells[0].get_text() == str(body.index(tr) + 1)  # 序号 in table order


def test_one_category_is_one_merged_cell_over_its_rows(project: Project) -> None:
    first = _items(project)[0]
    rows = [first.model_copy(update={"id": f"x{i}", "category": "同一事项"}) for i in range(3)]
    rows.append(first.model_copy(update={"id": "y", "category": "另一事项"}))
    body = _table(project, rows).find("tbody").find_all("tr")
    merged = [tr.find("td", class_="zwgk-category") for tr in body]
    assert merged[0]["rowspan"] == "3" and merged[0].get_text() == "同一事项"
    assert merged[1] is None and merged[2] is None
    assert merged[3].get_text() == "另一事项" and not merged[3].has_attr("rowspan")
    # on a phone each row still says its 一级事项 (the card cell)
    assert [tr.find("td", class_="zwgk-category-card").get_text() for tr in body] == ["同一事项"] * 3 + ["另一事项"]


def test_links_to_units_and_to_how_to_apply_are_relative_to_the_page(project: Project) -> None:
    first = _items(project)[0]
    row = first.model_copy(update={"subjects": ["县应急管理局", "某个未登记单位"], "method": "依申请"})
    tr = _table(project, [row], page="towns/t/anquan-shengchan.md").find("tbody").tr
    subjects = tr.find("td", attrs={"data-label": "公开主体"})
    assert [(a.get_text(), a["href"]) for a in subjects.find_all("a")] == [("县应急管理局", "../../../units/yingji/")]
    assert subjects.get_text() == "县应急管理局、某个未登记单位"
    apply = tr.find("td", attrs={"data-label": "公开方式·依申请"})
    assert apply.a["href"] == "../../../yishenqing/" and apply.get_text() == "√"
    assert tr.find("td", attrs={"data-label": "公开方式·主动"}).get_text() == ""


# the checklist shows only the official channels: its free text is channel_other (其他)
TEXT_FIELDS = [k for k, p in m.item_places() if p.show not in ("ticks", "checklist")] + ["channel_other"]


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_markup_in_any_shown_field_is_text(project: Project, field: str) -> None:
    first = _items(project)[0]
    value: object = [PAYLOAD] if isinstance(getattr(first, field), list) else PAYLOAD
    update: dict[str, object] = {field: value}
    if field == "channel_other":
        update["channels"] = [*first.channels, "其他"]
    doc = _table(project, [first.model_copy(update=update)])
    assert doc.find("script") is None
    assert not any(tag.has_attr("onmouseover") for tag in doc.find_all(True))
    tr = doc.find("tbody").tr
    if field == "portal_url":
        assert doc.find("a", class_="zwgk-portal")["href"] == PAYLOAD
    elif field == "id":
        assert tr["id"] == f"item-{PAYLOAD}"
    else:
        assert PAYLOAD in tr.get_text()
