"""读网检查 by crawler: read each registered portal column's list pages and record its publication dates.

``zwgk inspect --quarter 2026-q4`` reads the column register (``catalogues/portal-columns.yaml``)
and, for every column with a list-page URL, fetches the list page and the pages after it until the
items are older than the quarter; it writes ``bulletins/<quarter>/inspections.yaml`` with the
dates inside the period up to the check date and the last date before the period.

There is no per-site code. An item is a link with a title and a date written in the same row —
``<li><a>标题</a><span>2020-12-28</span></li>`` (Hanweb/大汉, TRS), a table row, a ``dt``/``dd``
pair, a date badge — and the main list is the largest group of such rows on the first page. Dates
are read as 2020-12-28, 2020/12/28, 2020.12.28, 2020年12月28日 or, without a year, [12-28]; a
missing year is taken from the item's address (TRS ``/202012/t20201228_…``, Hanweb
``/art/2020/12/28/…``) or else inferred from the list order, newest first. Pages follow by a
「下一页」 link, TRS's ``createPageHTML`` script, or the next page number. Pages may be UTF-8 or
GBK/GB2312 (HTTP header or ``<meta charset>``).

Polite: one request at a time, a pause between requests, a User-Agent naming the office,
robots.txt honoured. Resumable: each column's result is kept in a state file next to the output,
so ``--resume`` skips the columns already read. Core module: standard library only, no MkDocs.
"""

from __future__ import annotations

import codecs
import datetime as dt
import http.client
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from . import diagnostics as dg
from . import model as m
from . import writer
from .loading import load_file
from .project import BULLETINS, CATALOGUES, SLUG_QUARTER, load_project

OFFICE = "莒南县人民政府办公室政务公开办 读网检查"
ROBOTS_AGENT = "zwgk-inspect"  # the product token robots.txt rules are matched against
USER_AGENT = f"{ROBOTS_AGENT}/0.1 ({OFFICE}; Junan County Government Office, website check)"
STATE_FILE = ".inspect-state.json"
OUTPUT = "inspections.yaml"
REGISTER = f"{CATALOGUES}/portal-columns.yaml"
MAX_BYTES = 8 * 1024 * 1024  # a list page larger than this is not a list page
SOURCE = "读网检查（zwgk inspect）：按 catalogues/portal-columns.yaml 读取县政府门户网站各栏目的信息列表页"

_HTTP_MEANING = {400: "请求有误", 401: "需要登录", 403: "禁止访问", 404: "页面不存在", 410: "页面已删除",
                 429: "访问过于频繁", 500: "服务器内部错误", 502: "网关错误", 503: "服务暂时不可用",
                 504: "网关超时"}


class FetchError(Exception):
    """A page that could not be read, with the reason in Chinese (HTTP status, timeout …)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message, self.status = message, status


# --- fetching (one request at a time, a pause between requests) ----------------------------------

class Fetcher:
    """Fetches pages politely: robots.txt first, one request at a time, ``delay`` seconds apart."""

    def __init__(self, delay: float = 1.0, timeout: float = 30.0, user_agent: str = USER_AGENT,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay, self.timeout, self.sleep = delay, timeout, sleep
        # http.client sends header text as Latin-1: this string is the UTF-8 bytes of the agent name
        self._agent = user_agent.encode("utf-8").decode("latin-1")
        self._opener = urllib.request.build_opener()
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_error: dict[str, str] = {}
        self._last: float | None = None
        self.requests = 0

    def get(self, url: str) -> str:
        """The page at ``url`` as text; raises FetchError with a Chinese reason."""
        refusal = self._robots_refusal(url)
        if refusal:
            raise FetchError(refusal)
        body, content_type = self._fetch(url)
        if content_type and not re.search(r"html|xml|text/plain", content_type, re.I):
            raise FetchError(f"返回的不是网页（{content_type}）")
        return decode_html(body, content_type)

    def _robots_refusal(self, url: str) -> str | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rp = self._robots.get(origin)
        if rp is None:
            rp = self._robots[origin] = RobotFileParser(origin + "/robots.txt")
            try:
                body, _ = self._fetch(origin + "/robots.txt")
                rp.parse(decode_html(body).splitlines())
            except FetchError as e:
                if e.status is not None and 400 <= e.status < 500:
                    rp.parse([])  # no robots.txt: everything may be read (RFC 9309)
                else:  # unreachable robots.txt: read nothing from this site for now (RFC 9309)
                    rp.parse(["User-agent: *", "Disallow: /"])
                    self._robots_error[origin] = e.message
            crawl_delay = rp.crawl_delay(ROBOTS_AGENT)
            if crawl_delay is not None and float(crawl_delay) > self.delay:
                self.delay = float(crawl_delay)  # the site asks for longer pauses (Crawl-delay)
        if rp.can_fetch(ROBOTS_AGENT, url):
            return None
        if origin in self._robots_error:
            return (f"robots.txt 无法读取（{self._robots_error[origin]}）：按规定暂不读取该网站，"
                    "请稍后用 --resume 重试")
        return f"网站的 robots.txt 不允许读取 {parts.path or '/'}：请与网站管理方联系，或人工读网检查"

    def _fetch(self, url: str) -> tuple[bytes, str]:
        if self._last is not None:
            wait = self.delay - (time.monotonic() - self._last)
            if wait > 0:
                self.sleep(wait)
        req = urllib.request.Request(url, headers={
            "User-Agent": self._agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Language": "zh-CN,zh;q=0.9"})
        self.requests += 1
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                body: bytes = resp.read(MAX_BYTES + 1)
                if len(body) > MAX_BYTES:
                    raise FetchError(f"页面超过 {MAX_BYTES // 1024 // 1024} MB，不像信息列表页")
                return body, resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            meaning = _HTTP_MEANING.get(e.code)
            raise FetchError(f"网站返回 HTTP {e.code}" + (f"（{meaning}）" if meaning else ""), e.code) from e
        except urllib.error.URLError as e:
            raise FetchError(_reason(e.reason, self.timeout)) from e
        except TimeoutError as e:
            raise FetchError(_reason(e, self.timeout)) from e
        except (OSError, http.client.HTTPException, ValueError) as e:
            raise FetchError(f"读取出错：{type(e).__name__} {e}") from e
        finally:
            self._last = time.monotonic()


def _reason(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"{timeout:g} 秒内没有响应（超时）"
    if isinstance(reason, ConnectionRefusedError):
        return "连接被拒绝（网站未开放或地址有误）"
    text = str(reason)
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return "网站证书校验失败"
    if "Name or service not known" in text or "getaddrinfo" in text or "nodename" in text:
        return "域名无法解析：请在能访问县政府门户网站的网络中运行"
    return f"无法连接：{text}"


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "cp936", "euc-cn", "gb18030"}


def decode_html(body: bytes, content_type: str = "") -> str:
    """Page bytes as text: a BOM, then valid UTF-8, then the declared charset (HTTP header or
    ``<meta>``), then GB18030. Valid UTF-8 wins over a declaration, since pages that say gb2312 and
    are UTF-8 are common, and GBK text is practically never valid UTF-8."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = []
    header = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", content_type, re.I)
    if header:
        declared.append(header.group(1))
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        declared.append(meta.group(1).decode("ascii"))
    for name in declared:
        name = "gb18030" if name.lower() in _GB else name  # GB18030 reads GB2312 and GBK pages too
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("gb18030", "replace")


# --- a small HTML tree (html.parser), forgiving like browsers are ---------------------------------

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
_NO_TEXT = frozenset({"script", "style", "template", "noscript"})
# a start tag closes an open element of the same family, searching no further than its scope
_IMPLIED_END = {
    "li": ({"li"}, {"ul", "ol", "menu", "table"}),
    "dt": ({"dt", "dd"}, {"dl", "table"}),
    "dd": ({"dt", "dd"}, {"dl", "table"}),
    "tr": ({"tr"}, {"table", "tbody", "thead", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "p": ({"p"}, {"div", "li", "td", "th", "table", "section", "article", "body"}),
    "option": ({"option"}, {"select"}),
}


class Node:
    """An element: tag, attributes, children (elements and text), parent."""

    __slots__ = ("attrs", "children", "parent", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def iter(self) -> Iterator[Node]:
        """This element and every element inside it, in document order."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(c for c in reversed(node.children) if isinstance(c, Node))

    def strings(self, links: bool = True) -> Iterator[str]:
        """The text pieces inside, leaving out scripts (and the text of links unless ``links``)."""
        for c in self.children:
            if isinstance(c, str):
                if c.strip():
                    yield c.strip()
            elif c.tag not in _NO_TEXT and (links or c.tag != "a"):
                yield from c.strings(links)

    def text(self, links: bool = True) -> str:
        return " ".join(" ".join(self.strings(links)).split())

    def raw_text(self) -> str:
        """The text of a script element as written."""
        return "".join(c for c in self.children if isinstance(c, str))


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        implied = _IMPLIED_END.get(tag)
        if implied:
            family, scope = implied
            for i in range(len(self.stack) - 1, 0, -1):
                t = self.stack[i].tag
                if t in family:
                    del self.stack[i:]
                    break
                if t in scope:
                    break
        node = Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)


def parse_html(text: str) -> Node:
    """The page as a tree. Hanweb (大汉) pages carry their list as CDATA records in a
    ``<script type="text/xml">`` data store: those records become elements in the script's place."""
    b = _TreeBuilder()
    b.feed(text)
    b.close()
    for node in list(b.root.iter()):
        if node.tag == "script" and node.parent is not None:
            records = _RECORD.findall(node.raw_text())
            if records:
                store = Node("datastore", {}, node.parent)
                for fragment in records:
                    sub = _TreeBuilder()
                    sub.feed(fragment)
                    sub.close()
                    for c in sub.root.children:
                        if isinstance(c, Node):
                            c.parent = store
                        store.children.append(c)
                node.parent.children[node.parent.children.index(node)] = store
    return b.root


# --- dates in list rows ------------------------------------------------------------------------

_Y = r"((?:19|20)\d{2})"
_SEP = r"\s*(?:[-/.]|年)\s*"
_SEP2 = r"\s*(?:[-/.]|月)\s*"
FULL_DATE = re.compile(rf"(?<!\d){_Y}{_SEP}(\d{{1,2}}){_SEP2}(\d{{1,2}})(?!\d)")
# a date badge: the day large, the year and month under it (28 2020-12), or the other way round
_BADGE_DYM = re.compile(rf"(?<![\d.\-/])(\d{{1,2}})\s+{_Y}{_SEP}(\d{{1,2}})\s*月?(?![\d.\-/])")
_BADGE_YMD = re.compile(rf"(?<![\d.\-/]){_Y}{_SEP}(\d{{1,2}})\s*月?\s+(\d{{1,2}})\s*日?(?![\d.\-/])")
# without a year only where it can be nothing else: in brackets, or alone in its element
_MD_BRACKET = re.compile(r"[\[【(（]\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*[\]】)）]")
_MD_ALONE = re.compile(r"^(?:(\d{2})[-/](\d{2})|(\d{1,2})月(\d{1,2})日)$")
_LABELS = re.compile(r"发布时间|发布日期|更新时间|更新日期|成文日期|日期|时间|[：:\[\]【】()（）\s]")
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_URL_MONTH = re.compile(r"(?<!\d)(20\d{2})[-_/]?(0[1-9]|1[0-2])(?:[-_/]?(?:0[1-9]|[12]\d|3[01]))?(?!\d)")


@dataclass(frozen=True)
class Found:
    """A date written in a list row: full, or month and day only."""

    date: dt.date | None
    month_day: tuple[int, int] | None = None
    plain: bool = False  # the text around it is nothing but the date (and a label)


def _full(y: str, mo: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _md(mo: str, d: str) -> tuple[int, int] | None:
    return (int(mo), int(d)) if _full("2000", mo, d) else None  # 2000 is a leap year: 02-29 passes


def dates_in(s: str) -> list[Found]:
    """The dates written in one piece of text."""
    rest = s
    out: list[Found] = []
    for mt in FULL_DATE.finditer(s):
        d = _full(*mt.groups())
        if d:
            out.append(Found(d))
    rest = FULL_DATE.sub("", rest)
    for mt in _MD_BRACKET.finditer(rest):
        md = _md(*mt.groups())
        if md:
            out.append(Found(None, md))
    rest = _MD_BRACKET.sub("", rest)
    alone = _MD_ALONE.match(s.strip())
    if alone and not out:
        md = _md(alone.group(1) or alone.group(3), alone.group(2) or alone.group(4))
        if md:
            out.append(Found(None, md))
            rest = ""
    plain = len(_LABELS.sub("", _CLOCK.sub("", rest))) <= 2
    return [Found(f.date, f.month_day, plain) for f in out]


def _badge(text: str) -> Found | None:
    mt = _BADGE_DYM.search(text)
    if mt:
        d = _full(mt.group(2), mt.group(3), mt.group(1))
        if d:
            return Found(d, plain=True)
    mt = _BADGE_YMD.search(text)
    if mt:
        d = _full(*mt.groups())
        if d:
            return Found(d, plain=True)
    mt = _MD_BRACKET.search(text)
    md = _md(*mt.groups()) if mt else None
    return Found(None, md, plain=True) if md else None


def row_date(node: Node) -> Found | None:
    """The publication date written in ``node`` outside its links (a title may name a date).

    A date that stands alone in its element (or with a label such as 发布日期) is preferred, then a
    date badge spread over elements (28 / 2020-12), and only then a date inside running text
    (a summary may name the day a rule takes effect). Of two plain dates (成文日期 and 发布日期)
    the later is the publication."""
    found = [f for s in node.strings(links=False) for f in dates_in(s)]
    plain = [f for f in found if f.plain]
    full = [f for f in plain if f.date]
    if full:
        return max(full, key=lambda f: f.date or dt.date.min)
    if plain:
        return plain[0]
    return _badge(node.text(links=False)) or (found[0] if found else None)


# --- list items and pagination -----------------------------------------------------------------

_ROW_TAGS = frozenset({"li", "tr", "dt", "dd", "p"})
_STOP = frozenset({"ul", "ol", "menu", "table", "tbody", "thead", "tfoot", "dl", "body", "html", "#root",
                   "form", "select", "datastore"})
_NEXT = re.compile(r"^(下一页|下页|后一页|下一頁|next|›|»|>)\s*[>›»]*$", re.I)
_NOISE = re.compile(r"^(查看|详情|查看详情|更多|更多>>|下载|附件|点击查看|首页|尾页|上一页|末页|返回|打印|关闭)$")
_TRS_PAGES = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']")
_TRS_VARS = {k: re.compile(rf"\b{k}\s*=\s*[\"']?([\w.]+)") for k in ("countPage", "currentPage", "prefixName",
                                                                        "suffixName", "sufffixName")}


@dataclass(frozen=True)
class ListItem:
    """One item of a list page: its title, address and written date."""

    title: str
    url: str | None
    found: Found
    year_hint: tuple[int, int] | None = None  # year and month in the item's address


@dataclass
class ListPage:
    items: list[ListItem]
    next_url: str | None
    signature: tuple[tuple[str, str, str], ...] | None  # where the main list sits in the page


def _href(a: Node, base: str) -> str | None:
    href = a.attrs.get("href", "").strip()
    if not href or href.startswith("#") or href.lower().startswith(("javascript:", "mailto:", "tel:")):
        return None
    return urljoin(base, href)


def _next_element(node: Node) -> Node | None:
    if node.parent is None:
        return None
    siblings = node.parent.children
    for c in siblings[siblings.index(node) + 1:]:
        if isinstance(c, Node):
            return c
    return None


def _links(node: Node) -> int:
    return sum(1 for n in node.iter() if n.tag == "a")


def _dates_outside_links(node: Node) -> int:
    """How many dates are written in ``node`` outside its links (titles may name dates)."""
    return sum(len(dates_in(s)) for s in node.strings(links=False))


def _is_container(node: Node) -> bool:
    """A block holding several items, not one row — a list inside a layout table, a div of
    dated links: its dates are not this link's."""
    if node.tag in _ROW_TAGS:
        return any(n is not node and n.tag in _ROW_TAGS for n in node.iter())
    return _links(node) > 1 and _dates_outside_links(node) > 1


class _Rows:
    """Row finding for one page, remembering what each element was found to be: every link of a
    long page climbs through the same few blocks."""

    def __init__(self) -> None:
        self._container: dict[int, bool] = {}
        self._date: dict[int, Found | None] = {}
        self._links: dict[int, bool] = {}

    def container(self, node: Node) -> bool:
        key = id(node)
        if key not in self._container:
            self._container[key] = _is_container(node)
        return self._container[key]

    def has_links(self, node: Node) -> bool:
        key = id(node)
        if key not in self._links:
            self._links[key] = any(n.tag == "a" for n in node.iter())
        return self._links[key]

    def date(self, node: Node) -> Found | None:
        key = id(node)
        if key not in self._date:
            self._date[key] = row_date(node)
        return self._date[key]

    def find(self, a: Node) -> tuple[Node, Found] | None:
        """The row of a title link and its date: the nearest enclosing element with a plain date,
        or the element right after (``dd`` after ``dt``); never a block holding other items. A date
        inside running text is used only when no plain date is found."""
        fallback = None
        node = a
        for _ in range(5):
            if node is not a:
                if self.container(node):
                    break
                found = self.date(node)
                if found and found.plain:
                    return node, found
                if found and fallback is None:
                    fallback = (node, found)
            sib = _next_element(node) if node.tag not in ("td", "th") else None  # a cell: read the row
            if sib is not None and sib.tag != "a" and not self.has_links(sib):
                found = self.date(sib)
                if found and found.plain:
                    return node, found
            parent = node.parent
            if parent is None or parent.tag in _STOP:
                break
            node = parent
        return fallback


def _signature(node: Node) -> tuple[tuple[str, str, str], ...]:
    out = []
    p = node.parent
    while p is not None:
        out.append((p.tag, p.attrs.get("id", ""), p.attrs.get("class", "")))
        p = p.parent
    return tuple(reversed(out))


def _base(root: Node, url: str) -> str:
    base = next((n.attrs.get("href", "") for n in root.iter() if n.tag == "base" and n.attrs.get("href")), "")
    return urljoin(url, base) if base else url


def parse_list(html: str, url: str, signature: tuple[tuple[str, str, str], ...] | None = None,
               page_no: int = 1) -> ListPage:
    """The dated items of a list page and the address of the next page.

    Rows are grouped by where they sit in the page; the main list is the group at ``signature``
    (found on the first page) or else the largest group, so a sidebar of 热点信息 is left out."""
    root = parse_html(html)
    base = _base(root, url)
    rows: dict[int, tuple[Node, list[tuple[Node, Found]]]] = {}
    finder = _Rows()
    for a in root.iter():
        if a.tag != "a":
            continue
        title = (a.attrs.get("title") or a.text()).strip()
        if len(title) < 2 or _NEXT.match(title) or _NOISE.match(title) or title.isdigit():
            continue
        hit = finder.find(a)
        if hit is None:
            tail = dates_in(a.text())
            text = a.text()
            if not tail or not re.search(r"\d\s*日?\s*[\]】)）]?\s*$", text):
                continue
            hit = (a, tail[-1])  # the date written at the end of the title link itself
        row, found = hit
        row = _widen(row)
        rows.setdefault(id(row), (row, []))[1].append((a, found))
    groups: dict[tuple[tuple[str, str, str], ...], list[ListItem]] = {}
    for row, links in rows.values():
        a, found = max(links, key=lambda x: len(_title(x[0])))  # the title link, not 「[通知公告]」
        href = _href(a, base)
        groups.setdefault(_signature(row), []).append(
            ListItem(_title(a), href, found, _hint(href) if found.date is None else None))
    chosen = signature if signature in groups else (max(groups, key=lambda k: len(groups[k])) if groups else None)
    return ListPage(groups.get(chosen, []) if chosen else [], next_page(root, base, url, page_no),
                    chosen)


def _widen(row: Node) -> Node:
    """A cell or link found as the row widens to its table row or list item — unless that holds
    more dates than one row does (成文日期 and 发布日期), as a layout table around a list does."""
    node: Node | None = row
    for _ in range(3):
        if node is None or node.tag in _STOP:
            break
        if node.tag in ("li", "tr"):
            return node if _dates_outside_links(node) <= 2 else row
        node = node.parent
    return row


def _title(a: Node) -> str:
    title = (a.attrs.get("title") or a.text()).strip()
    return " ".join(title.split())


def _hint(url: str | None) -> tuple[int, int] | None:
    mt = _URL_MONTH.search(urlsplit(url).path) if url else None
    return (int(mt.group(1)), int(mt.group(2))) if mt else None


def next_page(root: Node, base: str, url: str, page_no: int) -> str | None:
    """The next list page: a 「下一页」 link, TRS's createPageHTML(count, current, name, ext), or the
    link numbered ``page_no + 1``."""
    numbered = None
    for a in root.iter():
        if a.tag != "a":
            continue
        text = a.text() or a.attrs.get("title", "")
        href = _href(a, base)
        if href is None or href == url:
            continue
        if _NEXT.match(text):
            return href
        if numbered is None and text.strip("[] ") == str(page_no + 1):
            numbered = href
    script = "\n".join(n.raw_text() for n in root.iter() if n.tag == "script")
    trs = _TRS_PAGES.search(script)
    if trs:
        count, current, name, ext = int(trs.group(1)), int(trs.group(2)), trs.group(3), trs.group(4)
    elif "createPageHTML" in script and all(_TRS_VARS[k].search(script) for k in
                                            ("countPage", "currentPage", "prefixName")):
        def var(k: str) -> str:
            mt = _TRS_VARS[k].search(script)
            return mt.group(1) if mt else ""
        count, current = int(var("countPage") or 0), int(var("currentPage") or 0)
        name, ext = var("prefixName"), var("suffixName") or var("sufffixName") or "html"
    else:
        return numbered
    if current + 1 < count:
        return urljoin(base, f"{name}_{current + 1}.{ext}")
    return None


# --- one column --------------------------------------------------------------------------------

@dataclass
class ColumnResult:
    """What was read of one column: the period's dates and the last one before it, or why not."""

    published: list[dt.date] = field(default_factory=list)
    last_before: dt.date | None = None
    pages: int = 0
    items: int = 0
    guessed: bool = False  # some years were inferred from the list order
    error: str | None = None


def resolve(item: ListItem, bound: dt.date, today: dt.date) -> tuple[dt.date, dt.date, bool]:
    """The item's date, the bound for the next yearless date, and whether the year was inferred.

    A date without a year takes it from the item's address when that has one (the date falls on
    or after the month in the address), else it is the latest such date not after ``bound``:
    lists run newest first, so each item bounds the next."""
    if item.found.date is not None:
        return item.found.date, bound, False
    if item.found.month_day is None:  # pragma: no cover - a Found has a date or a month and day
        return bound, bound, True
    mo, d = item.found.month_day
    if item.year_hint is not None:
        y0, m0 = item.year_hint
        for y in (y0, y0 + 1):
            c = _full(str(y), str(mo), str(d))
            if c is not None and dt.date(y0, m0, 1) <= c <= today:
                return c, min(bound, c), False
    y = bound.year
    for _ in range(8):
        c = _full(str(y), str(mo), str(d))
        if c is not None and c <= bound:
            return c, c, True
        y -= 1
    return bound, bound, True  # pragma: no cover - a valid month and day recurs within 8 years


def read_column(fetch: Callable[[str], str], url: str, start: dt.date, until: dt.date, today: dt.date,
                max_pages: int = 50) -> ColumnResult:
    """Read a column's list pages from ``url`` until the items are older than ``start``."""
    res = ColumnResult()
    seen: set[tuple[str, dt.date]] = set()
    dates: list[dt.date] = []
    bound = today
    signature = None
    visited: set[str] = set()
    site = urlsplit(url).netloc
    page_url: str | None = url
    while page_url is not None:
        if res.pages >= max_pages:
            res.error = f"已读 {max_pages} 页仍未读到 {start.isoformat()} 之前的信息：请用 --max-pages 加大页数"
            return res
        visited.add(page_url)
        try:
            html = fetch(page_url)
        except FetchError as e:
            res.error = f"第 {res.pages + 1} 页{e.message}（{page_url}）" if res.pages else e.message
            return res
        res.pages += 1
        page = parse_list(html, page_url, signature, res.pages)
        signature = signature or page.signature
        if not page.items:
            if res.pages == 1:
                res.error = ("列表页上没有找到带日期的信息：可能是空白栏目，也可能是页面格式无法识别，"
                             "请人工核对")
                return res
            break
        new = 0
        last = None
        for it in page.items:
            d, bound, guessed = resolve(it, bound, today)
            res.guessed |= guessed
            last = d
            key = (it.url or it.title, d)
            if key not in seen:  # an item pinned on every page counts once
                seen.add(key)
                dates.append(d)
                new += 1
        nxt = page.next_url
        if (not new or (last is not None and last < start) or nxt is None or nxt in visited
                or urlsplit(nxt).netloc != site):
            break
        page_url = nxt
    res.items = len(dates)
    res.published = sorted(d for d in dates if start <= d <= until)
    before = [d for d in dates if d < start]
    res.last_before = max(before) if before else None
    return res


# --- the command -------------------------------------------------------------------------------

def _say(stream: TextIO, text: str) -> None:
    print(text, file=stream, flush=True)


def _one_line(s: str) -> str:
    return " ".join(s.split())


def _column_key(c: m.PortalColumn) -> str:
    return f"{c.unit}\t{c.column}\t{c.url or ''}"


def _load_state(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("columns"), dict) else None


def _save_state(path: Path, state: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _record(c: m.PortalColumn, published: list[str], last_before: str | None) -> dict[str, Any]:
    rec: dict[str, Any] = {"unit": c.unit, "column": c.column, "kind": c.kind, "cycle": c.cycle}
    if published:
        rec["published"] = [dt.date.fromisoformat(d) for d in published]
    if last_before:
        rec["last_before"] = dt.date.fromisoformat(last_before)
    return rec


def run(root: Path, quarter: str, until: dt.date | None = None, *, delay: float = 1.0,
        resume: bool = False, timeout: float = 30.0, max_pages: int = 50, today: dt.date | None = None,
        stream: TextIO | None = None) -> int:
    """``zwgk inspect``: read every registered column, write the quarter's inspections.yaml.

    Returns 0 when every column was read, 1 when some could not be (the file is still written
    with the others), 2 when the inspection could not run."""
    out = stream or sys.stderr
    mq = SLUG_QUARTER.match(quarter)
    if mq is None:
        _say(out, f"zwgk: 「{quarter}」不是「年份-q季度」的格式，如 2026-q4")
        return 2
    year, q = int(mq.group(1)), int(mq.group(2))
    start = dt.date(year, 3 * q - 2, 1)
    today = today or dt.date.today()
    if delay < 0 or timeout <= 0 or max_pages < 1:
        _say(out, "zwgk: --delay 不能为负数，--timeout 须大于 0，--max-pages 至少为 1")
        return 2
    folder = root / BULLETINS / quarter
    state_path = folder / STATE_FILE
    state = _load_state(state_path) if resume else None
    if resume and state is None:
        _say(out, f"zwgk: 没有可续查的进度（{state_path}）：本次从头检查")
    if state is not None and state.get("quarter") == quarter:
        if until is None and isinstance(state.get("until"), str):
            until = dt.date.fromisoformat(state["until"])
        elif until is not None and state.get("until") != until.isoformat():
            _say(out, f"zwgk: 续查的进度是截至 {state.get('until')} 的，与本次 --until {until} 不同："
                      "请去掉 --resume 从头检查，或改用相同的日期")
            return 2
    elif state is not None:
        state = None
    until = until or today
    if until < start:
        _say(out, f"zwgk: 检查截至日期 {until} 早于 {quarter} 季度开始（{start}）")
        return 2
    if until > today:
        _say(out, f"zwgk: 检查截至日期 {until} 晚于今天（{today}）：网站上还不可能有那天的信息")
        return 2
    if not (root / REGISTER).is_file():
        _say(out, f"zwgk: 找不到 {REGISTER}：请先登记要检查的栏目（见编辑指南「检查记录」）")
        return 2
    try:
        project = load_project(root)
    except FileNotFoundError as e:
        _say(out, f"zwgk: {e}")
        return 2
    problems = [d for d in project.diagnostics if d.file == REGISTER and d.severity is dg.Severity.ERROR]
    if problems:
        out.write(dg.format_text(problems))
        _say(out, f"zwgk: {REGISTER} 有 {len(problems)} 个错误：请改正后再检查（zwgk check 可逐条查看）")
        return 2
    columns = project.portal_columns
    if not any(c.url for c in columns):
        _say(out, f"zwgk: {REGISTER} 中没有一个栏目填写了列表页网址（url）：请先填写，见编辑指南「检查记录与读网检查」")
        return 2
    output = folder / OUTPUT
    existing: dict[str, Any] = {}
    if output.is_file():
        src, diags = load_file(output, root)
        if src is None or not isinstance(src.data, dict):
            out.write(dg.format_text(diags))
            _say(out, f"zwgk: 已有的 {output} 无法读取：请先改正或移走它，以免覆盖其中的记录")
            return 2
        existing = src.data
    folder.mkdir(parents=True, exist_ok=True)
    if state is None:
        state = {"quarter": quarter, "until": until.isoformat(), "columns": {}}
    done: dict[str, Any] = state["columns"]
    fetcher = Fetcher(delay=delay, timeout=timeout)
    failed: list[tuple[m.PortalColumn, str]] = []
    began = time.monotonic()
    read = 0
    _say(out, f"读网检查 {quarter}：{len(columns)} 个栏目，检查期间 {start} 至 {until}，"
              f"每次请求间隔 {delay:g} 秒")
    try:
        for i, c in enumerate(columns, start=1):
            head = f"[{i}/{len(columns)}] {_one_line(c.unit)} {_one_line(c.column)}："
            key = _column_key(c)
            if done.get(key, {}).get("ok"):
                _say(out, f"{head}上次已读取，跳过")
                continue
            if not c.url:
                failed.append((c, "登记表中没有列表页网址"))
                _say(out, f"{head}登记表中没有列表页网址，未检查")
                continue
            t0 = time.monotonic()
            res = read_column(fetcher.get, c.url, start, until, today, max_pages)
            secs = time.monotonic() - t0
            read += 1
            if res.error:
                failed.append((c, res.error))
                done[key] = {"ok": False, "error": res.error}
                _say(out, f"{head}未能读取——{res.error}（{c.url}，{secs:.1f} 秒）")
            else:
                done[key] = {"ok": True, "published": [d.isoformat() for d in res.published],
                             "last_before": res.last_before.isoformat() if res.last_before else None,
                             "pages": res.pages, "seconds": round(secs, 2)}
                note = "；部分日期没有年份，已按列表顺序推断，请核对" if res.guessed else ""
                _say(out, f"{head}读取 {res.pages} 页 {res.items} 条，本期 {len(res.published)} 条，"
                          f"此前最后更新 {res.last_before or '无'}（{secs:.1f} 秒）{note}")
            _save_state(state_path, state)
    except KeyboardInterrupt:
        _save_state(state_path, state)
        _say(out, f"已中断：进度已保存在 {state_path}，可加 --resume 继续")
        return 2
    total = time.monotonic() - began
    if len(failed) == len(columns) and not existing:
        # an empty record would read as 「no problems」 in a computed annex: write nothing
        _say(out, f"没有读取到任何栏目，未写出 {output}（用时 {total:.1f} 秒，{fetcher.requests} 次请求）："
                  "请检查网络和网址后加 --resume 重试")
        return 1
    output.write_text(_output(columns, done, failed, existing, until, today), encoding="utf-8", newline="\n")
    per = f"，平均每个栏目 {total / read:.1f} 秒" if read else ""
    _say(out, f"已写入 {output}：{len(columns) - len(failed)} 个栏目已读取，{len(failed)} 个未能读取"
              f"（用时 {total:.1f} 秒，{fetcher.requests} 次请求{per}）")
    if failed:
        _say(out, "未能读取的栏目已列在文件开头的注释中：请人工读网检查后补录，或稍后加 --resume 重试")
        return 1
    state_path.unlink(missing_ok=True)
    return 0


def _output(columns: list[m.PortalColumn], done: dict[str, Any], failed: list[tuple[m.PortalColumn, str]],
            existing: dict[str, Any], until: dt.date, today: dt.date) -> str:
    """The inspections file: records of the columns read, in register order; a column not read
    keeps the record the file already had (typed by hand, or from an earlier run), and so do
    records of columns not in the register and the new-media accounts."""
    old = {(r.get("unit"), r.get("column")): r for r in existing.get("columns") or [] if isinstance(r, dict)}
    records: list[dict[str, Any]] = []
    kept = 0
    for c in columns:
        res = done.get(_column_key(c), {})
        if res.get("ok"):
            records.append(_record(c, res.get("published") or [], res.get("last_before")))
        elif (c.unit, c.column) in old:
            records.append(old[(c.unit, c.column)])
            kept += 1
    registered = {(c.unit, c.column) for c in columns}
    records += [r for k, r in old.items() if k not in registered]
    data: dict[str, Any] = {"checked_on": until, "source": SOURCE, "status": "draft", "updated": today,
                            "columns": records}
    if existing.get("accounts"):
        data["accounts"] = existing["accounts"]
    comments = [f"读网检查记录：由 zwgk inspect 生成，检查截至 {until.isoformat()}，读取于 {today.isoformat()}。",
                "请抽查核对后把 status 改为 official；政务新媒体（accounts）仍须人工填写。"]
    missing = [(c, why) for c, why in failed if (c.unit, c.column) not in old]
    if kept:
        comments.append(f"有 {kept} 个栏目本次未能读取，沿用了文件中原有的记录。")
    if missing:
        comments.append("以下栏目未能读取，须人工读网检查后补录：")
        comments += [f"  - {c.unit} {c.column}：{why}" for c, why in missing]
    return writer.inspection_yaml(data, comments)
