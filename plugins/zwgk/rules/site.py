"""Rules over the site settings and the hand-written pages' settings (网站设置).

mkdocs.yml's names and footer settings and each page's front matter reach every page through
MkDocs and Material, whose templates print them without escaping: they are held to safe shapes here
(no markup, links http(s) only, known keys with their types), and the plugin escapes them as well.
The footer follows 国办发〔2017〕47号.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .. import diagnostics as dg
from ..diagnostics import Diagnostic
from ..loading import PathKey, Source
from .text import markup_problem

FOOTER_FIELDS = {
    "host": "网站主办单位",
    "contact": "联系方式",
    "site_id_code": "网站标识码",
    "icp": "ICP备案编号",
    "police_record": "公安机关备案号",
}
FORMATS = {
    "site_id_code": (re.compile(r"^\d{10}$"), "网站标识码应为 10 位数字"),
    "icp": (re.compile(r"^[\u4e00-\u9fff]ICP备\d{6,10}号(-\d+)?$"), "应写成「鲁ICP备12345678号」"),
    "police_record": (re.compile(r"^[\u4e00-\u9fff]公网安备\s?\d{14}号$"), "应写成「鲁公网安备 37132702000001号」"),
}
LINKS = {"police_link": "公安机关备案查询链接", "report_url": "「我为政府网站找错」入口",
         "dzjg_script": "开办者标识脚本地址"}
_HTTP = re.compile(r"^https?://[^\s\"'<>`\\]+$")
NAMES = {"site_name": "网站名称", "site_description": "网站描述", "site_author": "网站作者",
         "copyright": "版权信息"}
SITE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[^\s\"'<>`\\]*)?$")


def check_site(src: Source | None) -> Iterator[Diagnostic]:
    """mkdocs.yml: names without markup, the government footer, links that are http(s) links."""
    if src is None or not isinstance(src.data, dict):
        return
    data = src.data
    for key, label in NAMES.items():
        value = data.get(key)
        if isinstance(value, str) and (bad := markup_problem(value)):
            yield src.diag(dg.UNSAFE_SETTING, (key,), f"{label}（{key}）{bad}")
    site_url = data.get("site_url")
    if isinstance(site_url, str) and site_url and not SITE_URL.match(site_url):
        yield src.diag(dg.UNSAFE_SETTING, ("site_url",), f"网站地址（site_url）「{site_url[:60]}」应是 http:// 或 https:// 开头的网址")
    elif not site_url:
        yield dg.make(dg.SITE_URL_UNSET, src.path, 1, 1,
                      "mkdocs.yml 没有填写 site_url（专栏的正式网址）：sitemap.xml 中没有页面网址，搜索引擎和"
                      "政府网站检查无法据此收录；部署到正式地址后，在 mkdocs.yml 写上 site_url: http://…/")
    yield from _site_meta(src, data.get("extra"))
    yield from _nav_titles(src, data.get("nav"), ("nav",))
    extra = data.get("extra")
    footer = extra.get("footer") if isinstance(extra, dict) else None
    if not isinstance(footer, dict):
        yield dg.make(dg.FOOTER_UNSET, src.path, 1, 1,
                      "没有 extra.footer 设置：页脚不显示主办单位、网站标识码和备案号")
        return
    for key, value in footer.items():
        where: PathKey = ("extra", "footer", key)
        if isinstance(value, str) and (bad := markup_problem(value)):
            yield src.diag(dg.UNSAFE_SETTING, where, f"页脚的「{FOOTER_FIELDS.get(key, LINKS.get(key, key))}」{bad}")
        elif isinstance(value, (dict, list)):
            yield src.diag(dg.UNSAFE_SETTING, where, f"页脚的「{key}」应是一行文字")
    for key, label in FOOTER_FIELDS.items():
        value = footer.get(key)
        where = ("extra", "footer", key)
        if value in (None, ""):
            yield src.diag(dg.FOOTER_UNSET, where if key in footer else ("extra", "footer"),
                           f"页脚的「{label}」（{key}）未填写：页面不显示该项，请填写核实过的值", key=key in footer)
        elif key in FORMATS and not FORMATS[key][0].match(str(value)):
            yield src.diag(dg.FOOTER_FORMAT, where, f"「{label}」的值「{str(value)[:40]}」格式不对：{FORMATS[key][1]}")
    for key, label in LINKS.items():
        value = footer.get(key)
        if value not in (None, "") and not (isinstance(value, str) and _HTTP.match(value)):
            yield src.diag(dg.UNSAFE_SETTING, ("extra", "footer", key),
                           f"{label}（{key}）「{str(value)[:40]}」不是 http:// 或 https:// 网址：只能填写网址")
    if footer.get("dzjg_enabled") is True and not footer.get("dzjg_script"):
        yield src.diag(dg.FOOTER_FORMAT, ("extra", "footer", "dzjg_enabled"),
                       "开启了开办者标识，但没有填写官方脚本地址 dzjg_script")


SITE_META = ("SiteName", "SiteDomain", "ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
"""The government page metadata the theme writes from ``extra.site_meta`` (SiteIDCode is the footer's)."""


def _site_meta(src: Source, extra: object) -> Iterator[Diagnostic]:
    """``extra.site_meta``: known names, each one line of text without markup."""
    meta = extra.get("site_meta") if isinstance(extra, dict) else None
    if meta is None:
        return
    if not isinstance(meta, dict):
        yield src.diag(dg.UNSAFE_SETTING, ("extra", "site_meta"), "网页元数据 site_meta 应是「名称: 值」的列表")
        return
    for key, value in meta.items():
        where: PathKey = ("extra", "site_meta", key)
        if key not in SITE_META:
            yield src.diag(dg.UNSAFE_SETTING, where, f"网页元数据中有未知名称「{str(key)[:30]}」：可用 {'、'.join(SITE_META)}",
                           key=True)
        elif value is not None and not isinstance(value, str):
            yield src.diag(dg.UNSAFE_SETTING, where, f"网页元数据「{key}」应是一行文字")
        elif isinstance(value, str) and (bad := markup_problem(value)):
            yield src.diag(dg.UNSAFE_SETTING, where, f"网页元数据「{key}」{bad}")


def _nav_titles(src: Source, nav: object, path: PathKey) -> Iterator[Diagnostic]:
    """Section and page titles written in mkdocs.yml's nav reach every page's navigation."""
    if isinstance(nav, list):
        for i, entry in enumerate(nav):
            yield from _nav_titles(src, entry, (*path, i))
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if bad := markup_problem(str(title)):
                yield src.diag(dg.UNSAFE_SETTING, (*path, title), f"导航标题「{str(title)[:30]}」{bad}", key=True)
            yield from _nav_titles(src, value, (*path, title))


# What a hand-written page may set at its top, and how (MkDocs and Material read these).
HIDE = ("navigation", "toc", "footer", "path", "tags", "feedback")
PAGE_KEYS = {
    "title": "页面标题（一行文字）",
    "description": "页面描述（一行文字，搜索引擎显示）",
    "hide": f"要隐藏的部分，列表，可选 {'、'.join(HIDE)}",
    "search": "搜索设置，如 boost: 2 或 exclude: true",
    "updated": "更新日期，如 2026-11-27（不加引号）",
    "source": "内容出处",
    "status": "draft（草稿）或 official（正式）",
}


def check_pages(meta: dict[str, Source]) -> Iterator[Diagnostic]:
    """Front matter of the hand-written pages: known keys, right types, no markup in titles."""
    for src in meta.values():
        data = src.data if isinstance(src.data, dict) else {}
        for key, value in data.items():
            where: PathKey = (key,)
            if key not in PAGE_KEYS:
                extra = "（template 会让页面改用别的主题模板，不允许）" if key == "template" else ""
                yield src.diag(dg.FRONT_MATTER, where, f"页面开头的设置中有未知字段「{key}」{extra}："
                               f"可用字段有 {'、'.join(PAGE_KEYS)}", key=True)
                continue
            problem = _page_value(key, value)
            if problem:
                yield src.diag(dg.FRONT_MATTER, where, f"页面开头的「{key}」{problem}：应为{PAGE_KEYS[key]}")


def _page_value(key: str, value: object) -> str | None:
    if key in ("title", "description", "source"):
        if not isinstance(value, str) or not value.strip():
            return "不是一行文字"
        return markup_problem(value)
    if key == "hide":
        if not isinstance(value, list) or not all(isinstance(v, str) and v in HIDE for v in value):
            return "取值不对"
        return None
    if key == "search":
        ok = isinstance(value, dict) and all(
            (k == "boost" and isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 100)
            or (k == "exclude" and isinstance(v, bool)) for k, v in value.items())
        return None if ok else "取值不对"
    if key == "updated":
        return None if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else "不是有效日期"
    if key == "status":
        return None if value in ("draft", "official") else "取值不对"
    return None  # pragma: no cover
