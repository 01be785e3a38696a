"""Editor Markdown → safe HTML (Markdown 排版): fields that are Markdown by design go through here.

Python-Markdown passes raw HTML straight through, so its output is cleaned by nh3 (Ammonia) with
an allow-list: no scripts, no event handlers, no ``javascript:`` links, no styles.
"""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code",
                "pre", "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "del", "ins", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def to_html(text: str) -> str:
    """Render one Markdown field to sanitised HTML."""
    html = markdown.markdown(text, extensions=["tables"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer")


# Hand-written pages (content/*.md) are Markdown by design too; their HTML keeps what the theme and
# Python-Markdown extensions produce (classes, ids, admonitions, tables) and nothing executable.
PAGE_TAGS = ALLOWED_TAGS | {"h1", "h2", "h6", "div", "span", "details", "summary", "img", "hr", "abbr",
                            "dl", "dt", "dd", "caption", "colgroup", "col", "tfoot", "figure", "figcaption",
                            "mark", "small", "time", "kbd", "s", "u"}
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "aria-label", "role"},
    "a": {"href", "title", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "time": {"datetime"},
    "details": {"open"},
    "ol": {"start"},
}


def clean_page(html: str) -> str:
    """Sanitise the HTML of a hand-written page (scripts, handlers, ``javascript:`` links removed)."""
    return nh3.clean(html, tags=PAGE_TAGS, attributes=PAGE_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel=None, strip_comments=True)
