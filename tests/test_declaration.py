"""One declaration of every record: every item field reaches the page, each download and the
import round trip (or is declared not shown, with the reason), and a new column is a change in one
place of the code — shown by adding one to a copy of the engine."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from zwgk import model as m
from zwgk import table

from .conftest import FIXTURES, REPO, mkdocs_build, soup

FULL_ITEM = """  - id: full
    seq: 2
    category: 招生管理
    subcategory: 招生政策
    elements: [招生范围, 招生时间]
    basis: [《中华人民共和国义务教育法》]
    time_limit: 信息形成之日起10个工作日内
    subjects: [县教体局]
    channels: [政府网站, 其他]
    channel_other: 学校公告栏
    audience: 特定群体
    method: 依申请
    levels: [县级, 乡级]
    portal_url: http://www.junan.gov.cn/zsxx/
    note: 每年5月更新
    source: 测试用数据
    status: official
"""


@pytest.fixture(scope="module")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("declaration") / "repo"
    shutil.copytree(FIXTURES / "repo", root)
    cat = root / "catalogues/county/yiwu-jiaoyu.yaml"
    text = cat.read_text(encoding="utf-8").replace("items:\n", "items:\n" + FULL_ITEM.replace("seq: 2", "seq: 1"), 1)
    cat.write_text(text.replace("  - id: xxml\n", "  - id: xxml\n    seq: 2\n", 1), encoding="utf-8")
    r = mkdocs_build(root, root / "site")
    assert r.returncode == 0, r.stderr
    return root / "site"


def _row_text(site: Path) -> str:
    page = soup(site / "county/yiwu-jiaoyu/index.html")
    row = page.select_one("tr#item-full")
    assert row is not None
    # the id is the row's anchor (#item-full); links carry their addresses
    return " ".join([row["id"], row.get_text(" ", strip=True), *(a["href"] for a in row.select("a[href]"))])


def test_every_item_field_is_declared_shown_or_not_shown_with_a_reason() -> None:
    places, not_shown = dict(m.item_places()), m.item_not_shown()
    assert set(places) | set(not_shown) == set(m.Item.model_fields)
    assert not set(places) & set(not_shown)
    assert all(reason for reason in not_shown.values())
    assert all(p.page for p in places.values() if not p.official)  # where a non-table field shows


def test_every_shown_field_reaches_the_page_and_every_download(full_site: Path) -> None:
    item = m.Item.model_validate(yaml.safe_load(FULL_ITEM)[0])
    page = _row_text(full_site)
    base = full_site / "downloads/county/yiwu-jiaoyu"
    data = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))["domains"][0]["items"]
    record = next(i for i in data if i["id"] == "full")
    rows = list(csv.reader(io.StringIO(base.with_suffix(".csv").read_text(encoding="utf-8-sig"))))
    csv_row = dict(zip(rows[0], next(r for r in rows[1:] if "full" in r), strict=True))
    ws = load_workbook(base.with_suffix(".xlsx"))["义务教育"]
    headers = [(ws.cell(2, c).value, ws.cell(3, c).value) for c in range(1, ws.max_column + 1)]
    xlsx_row = next(r for r in range(4, ws.max_row + 1) if "full" in [ws.cell(r, c).value for c in range(1, ws.max_column + 1)])
    cells = {td.get("data-label"): td.get_text(strip=True)
             for td in soup(full_site / "county/yiwu-jiaoyu/index.html").select("tr#item-full td")}
    for key, place in m.item_places():
        text = table.value_text(item, key)
        if place.show == "ticks":  # a √ under each chosen option
            chosen = getattr(item, key) if isinstance(getattr(item, key), list) else [getattr(item, key)]
            assert all(cells[f"{place.header}·{o}"] == ("√" if o in chosen else "") for o in table.options(key)), key
            continue
        for part in (getattr(item, key) if isinstance(getattr(item, key), list) else [text]):
            assert str(part) in page, (key, part)  # the page
        assert key in record, key  # JSON
        column = next(c for c in table.data_columns() if c.key == key)
        assert csv_row[column.title], key  # CSV
        assert any(place.header in (h or "") or place.sub == s or (s and s in table.options(key))
                   for h, s in headers), key  # XLSX header
        assert any(ws.cell(xlsx_row, c).value for c in range(1, ws.max_column + 1)), key
    assert record["portal_url"] == "http://www.junan.gov.cn/zsxx/" and record["note"] == "每年5月更新"
    assert record["channels"] == ["政府网站", "其他：学校公告栏"] and record["source"] == "测试用数据"
    assert "备注：每年5月更新" in page and "http://www.junan.gov.cn/zsxx/" in page


def test_every_field_survives_download_and_import(full_site: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "zwgk.cli", "import-xlsx",
                        str(full_site / "downloads/county/yiwu-jiaoyu.xlsx"), "--root", str(FIXTURES / "repo")],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    back = next(i for i in yaml.safe_load(r.stdout)["items"] if i["id"] == "full")
    given = yaml.safe_load(FULL_ITEM)[0]
    # every field comes back but 序号, which the download writes from the order (see NotShown)
    assert {k: v for k, v in given.items() if k != "seq"} == {k: v for k, v in back.items() if k != "seq"}


# A new column, added in one place of the code: the item's declaration. Its data goes in a
# catalogue, and this test checks it everywhere — table, downloads, schema, import, guide.
NEW_FIELD = '''    hotline: Annotated[Text, Place("咨询电话", width=14)] | None = Field(
        default=None, title="咨询电话", description="群众咨询该事项的电话，如 0539-7212345")
'''


def test_a_new_column_is_one_declaration(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    shutil.copytree(REPO / "plugins/zwgk", pkg / "zwgk")
    model = pkg / "zwgk/model.py"
    text = model.read_text(encoding="utf-8")
    anchor = "    subjects: Annotated[UniqueTexts, Place(\"公开主体\""
    assert anchor in text
    model.write_text(text.replace(anchor, NEW_FIELD + anchor, 1), encoding="utf-8")  # place 1: the code
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", repo)
    cat = repo / "catalogues/county/yiwu-jiaoyu.yaml"
    cat.write_text(cat.read_text(encoding="utf-8").replace(  # place 2: the data
        "    subjects: [县教体局]\n", "    hotline: 0539-7219999\n    subjects: [县教体局]\n", 1), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(pkg), "NO_MKDOCS_2_WARNING": "1"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, check=False)

    assert run("-c", "import zwgk, sys; print(zwgk.__file__)").stdout.startswith(str(pkg))
    check = run("-m", "zwgk.cli", "check", "--root", str(repo), "--min-severity", "warning")
    assert check.returncode == 0, check.stdout + check.stderr
    build = run("-m", "mkdocs", "build", "--strict", "-f", str(repo / "mkdocs.yml"), "-d", str(repo / "site"))
    assert build.returncode == 0, build.stderr
    page = soup(repo / "site/county/yiwu-jiaoyu/index.html")
    heads = [th.get_text(strip=True) for th in page.select("table.zwgk-catalogue thead th")]
    assert heads.index("咨询电话") == heads.index("公开时限") + 1
    assert page.select_one('tr#item-xxml td[data-label="咨询电话"]').get_text(strip=True) == "0539-7219999"
    csv_text = (repo / "site/downloads/county/yiwu-jiaoyu.csv").read_text(encoding="utf-8-sig")
    assert "咨询电话" in csv_text.splitlines()[0] and "0539-7219999" in csv_text
    ws = load_workbook(repo / "site/downloads/county/yiwu-jiaoyu.xlsx")["义务教育"]
    assert "咨询电话" in [ws.cell(2, c).value for c in range(1, ws.max_column + 1)]
    schemas = tmp_path / "schemas"
    assert run("-m", "zwgk.cli", "schemas", "--out", str(schemas)).returncode == 0
    item = json.loads((schemas / "catalogue.schema.json").read_text(encoding="utf-8"))["$defs"]["Item"]
    assert item["properties"]["hotline"]["title"] == "咨询电话"
    fields = soup(repo / "site/guide/fields/index.html")
    assert fields.select_one("tr#field-hotline") is not None
    back = run("-m", "zwgk.cli", "import-xlsx", str(repo / "site/downloads/county/yiwu-jiaoyu.xlsx"),
               "--root", str(repo))
    assert back.returncode == 0, back.stderr
    assert yaml.safe_load(back.stdout)["items"][0]["hotline"] == "0539-7219999"
