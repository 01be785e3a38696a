"""The publish gate (发布前检查): the last look at what is about to go out.

The source checks stop almost everything earlier, at the file and line an editor can fix. The gate
is the net under them: it reads the staged site as a browser and a crawler would — every HTML page,
the search index, the feed, the sitemap, the downloads, and the file names — and refuses

- a script that is neither the theme's nor ours (nor the official 开办者标识 script, when switched on),
- an event-handler attribute, a ``javascript:``/``vbscript:``/``data:`` URL, ``<base>``,
  ``<meta http-equiv=refresh>``,
- any resource loaded from another host (img, script, stylesheet, iframe, media, CSS ``url()``),
- any personal number (ID, mobile, bank card) found after ``pii.normalise``, minus the allow-list.

Nothing here imports MkDocs; the plugin calls ``inspect_site`` before the staged site replaces the
old one, and a finding stops the build.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import html
import json
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import pii

_SCRIPT_IN_TEMPLATE = re.compile(r"<script>(.*?)</script>", re.S)
_JINJA = re.compile(r"\{\{(.*?)\}\}|\{%.*?%\}", re.S)
_BASE_PATH = re.compile(r"^\s*(?:base_url|config\.extra\.scope\s*\|\s*d\(base_url\))\s*(\|\s*tojson\s*)?$")


def theme_inline_scripts(template_dirs: Iterable[str | Path], base_path: str = "") -> tuple[re.Pattern[str], ...]:
    """The inline scripts the theme's own templates can write, as exact patterns.

    A script written literally in a template is allowed as it is. One with a Jinja value is allowed
    only when that value is the page's relative base path (``"../.."``), or ``base_path``, the
    site's own path from ``site_url`` (``/zwgk/``), which the 404 page uses because it is served at
    any address; any other value could carry editor text, so such a script is not allowed at all.
    """
    out: dict[str, re.Pattern[str]] = {}
    for d in template_dirs:
        for f in sorted(Path(d).rglob("*.html")) if Path(d).is_dir() else []:
            for body in _SCRIPT_IN_TEMPLATE.findall(f.read_text(encoding="utf-8", errors="replace")):
                rx = _script_pattern(body.strip(), base_path)
                if rx is not None:
                    out.setdefault(rx, re.compile(rx, re.S))
    return tuple(out.values())


def _script_pattern(body: str, base_path: str = "") -> str | None:
    parts, pos = [], 0
    value = "[./]*" if base_path in ("", "/") else f"(?:[./]*|{re.escape(base_path.rstrip('/'))}/?)"
    for m in _JINJA.finditer(body):
        parts.append(re.escape(body[pos:m.start()]))
        expr = m.group(1)
        base = _BASE_PATH.match(expr) if expr is not None else None
        if base is None:
            return None
        parts.append(f'"{value}"' if base.group(1) else value)
        pos = m.end()
    parts.append(re.escape(body[pos:]))
    return "".join(parts)


_NON_JS = frozenset({"application/json", "application/ld+json", "text/template", "text/x-template"})

# attributes holding a URL the browser follows or loads
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "poster", "data", "background", "cite",
                        "longdesc", "manifest", "ping", "xlink:href", "lowsrc", "dynsrc", "codebase",
                        "archive", "usemap", "icon", "itemtype", "profile"})
# elements whose URL attribute is loaded without a click
_LOADING = {"img": ("src", "srcset", "lowsrc"), "script": ("src",), "iframe": ("src",), "frame": ("src",),
            "embed": ("src",), "object": ("data", "codebase"), "audio": ("src",), "video": ("src", "poster"),
            "source": ("src", "srcset"), "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"),
            "use": ("href", "xlink:href"), "body": ("background",), "table": ("background",),
            "td": ("background",), "feimage": ("href", "xlink:href")}
_LOADING_LINK_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch",
                                "modulepreload", "manifest", "dns-prefetch", "preconnect", "prerender",
                                "mask-icon", "import"})
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data|livescript|mocha):", re.I)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)
_TEXT_FILES = (".xml", ".json", ".csv", ".txt", ".atom", ".rss", ".webmanifest")


@dataclass(frozen=True)
class GatePolicy:
    """What may go out: script folders of the theme and the plugin, allowed outside scripts, the
    site's own host, the public numbers, and our own inline scripts."""

    script_dirs: tuple[str, ...] = ("assets/javascripts/", "assets/zwgk/")
    external_scripts: frozenset[str] = frozenset()  # e.g. the official 开办者标识 script when switched on
    site_host: str = ""
    public_numbers: frozenset[str] = frozenset()
    inline_scripts: tuple[re.Pattern[str], ...] = ()  # see theme_inline_scripts
    base_path: str = "/"  # the site's path from site_url ("/zwgk/"): where the 404 page's absolute URLs start


@dataclass(frozen=True)
class GateFinding:
    """Something that must not be published: the site file, what it is, and (for a personal
    number) its masked form and kind — the full number is kept only to trace it to a source."""

    file: str
    message: str
    digits: str = field(default="", repr=False, compare=False)


def inspect_site(site: Path, policy: GatePolicy, seen: frozenset[str] = frozenset(), *,
                 skip: str | None = None, only: str | None = None) -> list[GateFinding]:
    """Every finding in the site folder ``site`` (which is never followed through a link).

    ``seen``: pages whose HTML was already inspected as it was written (their names still are).
    ``skip`` leaves out one top-level folder and ``only`` reads just that folder, so that the rest
    of a site is read while that folder is still being written (the search index), and the folder
    after.
    """
    out: list[GateFinding] = []
    for path in _files(site, out, skip=skip, only=only):
        rel = path.relative_to(site).as_posix()
        out.extend(_name_findings(rel, policy))
        suffix = path.suffix.lower()
        if rel in seen or suffix not in _READ:
            continue
        try:
            data = path.read_bytes()
        except OSError as e:
            out.append(GateFinding(rel, f"无法读取，未能检查：{e}"))
            continue
        out.extend(inspect_file(rel, data, policy))
    return out


_READ = {".html", ".htm", ".svg", ".css", ".gz", ".xlsx", *_TEXT_FILES}  # the kinds inspect_file reads


def inspect_file(rel: str, data: bytes, policy: GatePolicy) -> list[GateFinding]:
    """The findings in one file of the site (``rel``: its path there) with the bytes ``data``, read
    by its kind; other kinds (images, fonts) are not read. Its name is inspect_site's business."""
    suffix = Path(rel).suffix.lower()
    try:
        if suffix in (".html", ".htm"):
            return inspect_html(rel, data, policy)
        if suffix == ".svg":
            return inspect_html(rel, data, policy, svg=True)
        if suffix == ".css":
            return list(_css_findings(rel, data.decode("utf-8", "replace"), policy))
        if suffix == ".gz":
            return list(_text_findings(rel, gzip.decompress(data).decode("utf-8", "replace"), policy, markup=True))
        if suffix in _TEXT_FILES:
            return list(_text_findings(rel, data.decode("utf-8", "replace"), policy,
                                       markup=suffix in (".xml", ".atom", ".rss")))
        if suffix == ".xlsx":
            return list(_xlsx_findings(rel, data, policy))
    except (OSError, ValueError, EOFError, zlib.error, zipfile.BadZipFile) as e:
        return [GateFinding(rel, f"无法读取，未能检查：{e}")]
    return []


def _files(site: Path, out: list[GateFinding], skip: str | None = None, only: str | None = None) -> Iterator[Path]:
    top = site / only if only else site
    if only and (top.is_symlink() or not top.is_dir()):
        if top.is_symlink():
            out.append(GateFinding(only, "是符号链接：网站中不能有链接到别处的文件夹"))
        return
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        base = Path(dirpath)
        if skip and base == site and skip in dirnames:
            dirnames.remove(skip)
        for d in list(dirnames):
            if (base / d).is_symlink():
                out.append(GateFinding((base / d).relative_to(site).as_posix(), "是符号链接：网站中不能有链接到别处的文件夹"))
                dirnames.remove(d)
        for f in sorted(filenames):
            p = base / f
            if p.is_symlink():
                out.append(GateFinding(p.relative_to(site).as_posix(), "是符号链接：网站中不能有链接到别处的文件"))
                continue
            yield p


def _name_findings(rel: str, policy: GatePolicy) -> Iterator[GateFinding]:
    name = pii.normalise(rel)
    for n in pii.find_numbers(name.replace("/", " / "), policy.public_numbers):
        yield GateFinding(rel, f"文件名或文件夹名中有{n.label} {n.masked}", n.digits)


def _numbers(rel: str, text: str | bytes, policy: GatePolicy, where: str = "",
             every_tag_separates: bool = False) -> Iterator[GateFinding]:
    seen: set[str] = set()
    if isinstance(text, bytes):
        found = [n for w in pii.candidate_windows_bytes(text) for n in _stretch_numbers(w, policy.public_numbers)]
    else:
        if every_tag_separates:
            text = re.sub(r"<[^<>]*>", " ", text)
        found = [n for w in pii.candidate_windows(text) for n in _window_numbers(w, policy.public_numbers)]
    for n in found:
        if n.digits not in seen:
            seen.add(n.digits)
            yield GateFinding(rel, f"{where}有{n.label} {n.masked}", n.digits)


@functools.lru_cache(maxsize=4096)
def _stretch_numbers(stretch: bytes, allowed: frozenset[str]) -> tuple[pii.Number, ...]:
    """Numbers in a stretch of a page; the theme's icons repeat the same stretches on every page."""
    return tuple(n for w in pii.candidate_windows(stretch.decode("utf-8", "replace"))
                 for n in _window_numbers(w, allowed))


@functools.lru_cache(maxsize=4096)
def _window_numbers(window: str, allowed: frozenset[str]) -> tuple[pii.Number, ...]:
    """Numbers in one candidate window; the theme's icons repeat the same windows on every page."""
    return tuple(pii.find_numbers(pii.normalise(window), allowed))


def _text_findings(rel: str, text: str, policy: GatePolicy, markup: bool = False) -> Iterator[GateFinding]:
    if rel.endswith(".json") and text.lstrip().startswith(("{", "[")):
        # a search index or a download: \u escapes hide the characters from a plain scan
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    if markup:
        text = html.unescape(text)  # a feed carries page HTML as escaped text
    yield from _numbers(rel, text, policy)


def _xlsx_findings(rel: str, data: bytes, policy: GatePolicy) -> Iterator[GateFinding]:
    import io
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                text = z.read(name).decode("utf-8", "replace")
                if "formula" not in name and "<f>" in text:
                    yield GateFinding(rel, f"表格 {name} 中有公式：下载的表格只能含文字")
                # every element of a sheet separates text (one cell from the next)
                yield from _numbers(rel, text, policy, f"表格 {name} 中", every_tag_separates=True)


def _url_problem(value: str) -> str | None:
    v = _URL_NOISE.sub("", value)
    if _BAD_SCHEME.match(v):
        return f"不安全的链接「{v[:40]}」（javascript:、vbscript:、data: 一律不发布）"
    return None


def _other_host(value: str, policy: GatePolicy) -> str | None:
    """The host of ``value`` when it points at another site (absolute or protocol-relative)."""
    v = _URL_NOISE.sub("", value)
    if not (v.startswith("//") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", v)):
        return None
    parts = urlsplit(v)
    if parts.scheme and parts.scheme.lower() not in ("http", "https", ""):
        return parts.scheme + ":"
    host = (parts.hostname or "").lower()
    return None if host and host == policy.site_host else host or v[:40]


_LOADING_SELECTOR = ", ".join(sorted((set(_LOADING) - {"script", "td", "table", "body"}) | {"[background]"}))
_SPECIAL_SELECTOR = f"script, base, meta[http-equiv], style, link[rel], [style], {_LOADING_SELECTOR}"
# cheap tests on the raw bytes; a page that passes both needs no walk over every element
_HANDLER_HINT = re.compile(rb"on(?<![a-z0-9_-]on)[a-z]{2,}\s*=")  # a literal start: fast
_SCHEME_HINTS = (b"script:", b"data:", b"&#", b"&tab;", b"&newline;", b"&colon;")


def inspect_html(rel: str, data: bytes, policy: GatePolicy, svg: bool = False) -> list[GateFinding]:
    """Findings in one HTML (or SVG) document, parsed as a browser parses it (HTML5, lexbor)."""
    out: list[GateFinding] = []
    if not data.strip():
        return out
    tree = LexborHTMLParser(data)
    page_dir = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
    low = data.lower().translate(None, b"\t\n\r")
    if _HANDLER_HINT.search(low) or any(h in low for h in _SCHEME_HINTS):
        out.extend(_walk(rel, tree))
    for node in tree.css(_SPECIAL_SELECTOR):
        out.extend(_element(rel, node, page_dir, policy))
    out.extend(_numbers(rel, data, policy))
    return out


def _walk(rel: str, tree: LexborHTMLParser) -> Iterator[GateFinding]:
    """Every attribute of every element: handlers and URLs with a forbidden scheme."""
    root = tree.root
    if root is None:
        return
    for node in root.traverse(include_text=False):
        for key, value in node.attributes.items():
            k = key.lower()
            if k.startswith("on"):
                yield GateFinding(rel, f"<{node.tag}> 有事件属性 {k}：网页中不能有内联脚本")
            elif value and (k in _URL_ATTRS or k == "srcset" or k.endswith(":href")):
                for url in (_srcset(value) if k == "srcset" else [value]):
                    bad = _url_problem(url)
                    if bad:
                        yield GateFinding(rel, f"<{node.tag} {k}> {bad}")


def _element(rel: str, node: LexborNode, page_dir: str, policy: GatePolicy) -> Iterator[GateFinding]:
    name = (node.tag or "").lower()
    attrs = {k.lower(): v or "" for k, v in node.attributes.items()}
    if attrs.get("style"):
        yield from _css_findings(rel, attrs["style"], policy, f"<{name} style>")
    if name == "script":
        yield from _script(rel, node, attrs, page_dir, policy)
    elif name == "base":
        yield GateFinding(rel, "有 <base> 元素：它会改变页面上所有链接的指向")
    elif name == "meta" and attrs.get("http-equiv", "").strip().lower() == "refresh":
        yield GateFinding(rel, "有 <meta http-equiv=refresh>：页面会自动跳转")
    elif name == "style":
        yield from _css_findings(rel, node.text(deep=True), policy, "<style>")
    elif name == "link":
        rels = set(attrs.get("rel", "").lower().split())
        if rels & _LOADING_LINK_RELS:
            host = _other_host(attrs.get("href", ""), policy)
            if host:
                yield GateFinding(rel, f"<link rel={'/'.join(sorted(rels))}> 从其他网站（{host}）加载资源")
    if (name in _LOADING and name != "script") or attrs.get("background"):
        for a in (*_LOADING.get(name, ()), "background"):
            value = attrs.get(a) or ""
            for url in (_srcset(value) if a == "srcset" else [value]):
                host = _other_host(url, policy)
                if host:
                    yield GateFinding(rel, f"<{name}> 从其他网站（{host}）加载资源：请把文件放到本网站")


def _script(rel: str, node: LexborNode, attrs: dict[str, str], page_dir: str,
            policy: GatePolicy) -> Iterator[GateFinding]:
    src = attrs.get("src")
    kind = attrs.get("type", "").strip().lower()
    if src is None:
        if kind in _NON_JS:
            return
        body = node.text(deep=True).strip()
        if not any(rx.fullmatch(body) for rx in policy.inline_scripts):
            yield GateFinding(rel, f"有不在允许清单中的内联脚本「{body.strip()[:40]}」")
        return
    clean = _URL_NOISE.sub("", src)
    if clean in policy.external_scripts:
        return
    if _other_host(clean, policy) is not None or _BAD_SCHEME.match(clean):
        yield GateFinding(rel, f"加载了其他网站的脚本「{clean[:60]}」")
        return
    target = _resolve(page_dir, clean, policy.base_path)
    if not any(target.startswith(d) for d in policy.script_dirs):
        yield GateFinding(rel, f"加载了不在允许清单中的脚本「{clean[:60]}」（只允许主题和本插件自带的脚本）")


def _resolve(page_dir: str, url: str, base_path: str = "/") -> str:
    """Site-relative path of a local URL seen on a page in ``page_dir`` (an absolute one from the
    site's own ``base_path``, as on the 404 page)."""
    path = urlsplit(url).path
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    if path.startswith(base):
        path = "/" + path[len(base):]
    parts = [] if path.startswith("/") else [p for p in page_dir.split("/") if p]
    for seg in path.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if parts:
                parts.pop()
        else:
            parts.append(seg)
    return "/".join(parts)


def _srcset(value: object) -> list[str]:
    return [c.strip().split()[0] for c in str(value).split(",") if c.strip()]


def _css_findings(rel: str, css: str, policy: GatePolicy, where: str = "") -> Iterator[GateFinding]:
    if "url" not in css.lower() and "@import" not in css.lower() and "expression" not in css.lower():
        return
    if re.search(r"expression\s*\(|-moz-binding|behavior\s*:", css, re.I):
        yield GateFinding(rel, f"{where}样式中有可执行的写法（expression/behavior）")
    for m in _CSS_URL.finditer(css):
        url = m.group(2) if m.group(2) is not None else m.group(4)
        if url is None:
            continue
        clean = _URL_NOISE.sub("", url)
        if clean.lower().startswith("data:"):
            if re.match(r"data:image/svg\+xml", clean, re.I) and not re.search(r"<script|on\w+=", clean, re.I):
                continue  # the theme's icons
            if re.match(r"data:(image|font)/", clean, re.I):
                continue
        if _BAD_SCHEME.match(clean):
            yield GateFinding(rel, f"{where}样式中有不安全的地址「{clean[:40]}」")
            continue
        host = _other_host(clean, policy)
        if host:
            yield GateFinding(rel, f"{where}样式从其他网站（{host}）加载资源")
