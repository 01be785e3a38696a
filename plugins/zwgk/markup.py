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
