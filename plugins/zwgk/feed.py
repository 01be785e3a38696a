"""Atom feed of bulletins (通报订阅), with stable ids and dates from the sources (reproducible)."""

from __future__ import annotations

import datetime as dt
from html import escape  # also escapes quotes, for attribute values

from . import model as m

ID_AUTHORITY = "junan.gov.cn"  # the county portal's domain, used only to mint tag: URIs


def _when(d: dt.date | None) -> str:
    return f"{(d or dt.date(2000, 1, 1)).isoformat()}T00:00:00+08:00"


def atom(bulletins: list[m.Bulletin], site_title: str, base_url: str, url_of: dict[str, str]) -> str:
    """The Atom document; ``url_of`` maps a bulletin slug to its page URL (absolute when base_url is set)."""
    stamps = [d for b in bulletins if (d := b.updated or b.date) is not None]
    updated = max(stamps, default=None)
    xml_base = f' xml:base="{escape(base_url)}"' if base_url else ""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN"{xml_base}>\n',
        f"  <title>{escape(site_title)}：季度通报</title>\n",
        f"  <id>tag:{ID_AUTHORITY},2020:zwgk/bulletins</id>\n",
        f"  <updated>{_when(updated)}</updated>\n",
        f'  <link rel="alternate" href="{escape(url_of.get("", "./"))}"/>\n',
    ]
    for b in bulletins:
        out += [
            "  <entry>\n",
            f"    <title>{escape(b.title)}</title>\n",
            f"    <id>tag:{ID_AUTHORITY},{b.year}:zwgk/bulletins/{escape(b.slug)}</id>\n",
            f'    <link rel="alternate" href="{escape(url_of[b.slug])}"/>\n',
            f"    <published>{_when(b.date)}</published>\n",
            f"    <updated>{_when(b.updated or b.date)}</updated>\n",
            f"    <author><name>{escape(b.issuer)}</name></author>\n",
            f"    <summary>{escape(b.opening or b.title)}</summary>\n",
            "  </entry>\n",
        ]
    out.append("</feed>\n")
    return "".join(out)
