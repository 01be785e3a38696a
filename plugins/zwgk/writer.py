"""Writing sources (写出数据文件) in the one canonical layout editors see in the repository.

Used by ``zwgk import-xlsx`` and the scaffolding commands; the same records always give the same
bytes, so an exported spreadsheet imported again reproduces the file exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import yaml

ITEM_KEYS = ("category", "subcategory", "elements", "basis", "time_limit", "subjects", "channels",
             "channel_other", "audience", "method", "levels", "portal_url", "note", "source", "status")


def scalar(value: Any) -> str:
    """One value in YAML flow style, quoted only where YAML needs it."""
    text: str = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return text.strip().removesuffix("...").strip()


def catalogue_yaml(domain: str, title: str, source: str, status: str, updated: dt.date,
                   items: Iterable[dict[str, Any]], schema: str = "../../plugins/zwgk/schemas/catalogue.schema.json",
                   ) -> str:
    """A catalogue file: schema line, title comment, provenance, then each item's columns in table order."""
    title = " ".join(title.split())  # a comment is one line
    lines = [f"# yaml-language-server: $schema={schema}", f"# {title}", f"domain: {scalar(domain)}",
             f"source: {scalar(source)}", f"status: {scalar(status)}", f"updated: {updated.isoformat()}", "items:"]
    for it in items:
        lines.append(f"  - id: {scalar(it['id'])}")
        for key in ITEM_KEYS:
            value = it.get(key)
            if value not in (None, "", []):
                lines.append(f"    {key}: {scalar(value)}")
    return "\n".join(lines) + "\n"
