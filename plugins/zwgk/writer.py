"""Writing sources (写出数据文件) in the one canonical layout editors see in the repository.

Used by ``zwgk import-xlsx`` and the scaffolding commands; the same records always give the same
bytes, so an exported spreadsheet imported again reproduces the file exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import yaml

from .model import Item

# an item's keys in the order of its declaration (the id is written first, on the "- " line)
ITEM_KEYS = tuple(k for k in Item.model_fields if k != "id")


def scalar(value: Any) -> str:
    """One value in YAML flow style, quoted only where YAML needs it."""
    text: str = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return text.strip().removesuffix("...").strip()


class _Dumper(yaml.SafeDumper):
    """Safe dumping, with lists of plain values (dates) on one line, mappings as blocks, and list
    items indented under their key as editors write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _sequence(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(not isinstance(v, (dict, list)) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _sequence)


def inspection_yaml(data: dict[str, Any], comments: Iterable[str],
                    schema: str = "../../plugins/zwgk/schemas/inspection.schema.json") -> str:
    """An inspections file (检查记录): schema line, comment lines (each kept to one line), then the
    records dumped by PyYAML's safe dumper — values are never formatted into the text by hand."""
    head = [f"# yaml-language-server: $schema={schema}", *(f"# {' '.join(c.split()) if c.strip() else ''}"
                                                          .rstrip() for c in comments)]
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=120)
    return "\n".join(head) + "\n" + body


def catalogue_yaml(domain: str, title: str, source: str, status: str, updated: dt.date,
                   items: Iterable[dict[str, Any]], schema: str = "../../plugins/zwgk/schemas/catalogue.schema.json",
                   extra: dict[str, Any] | None = None, findings: Iterable[dict[str, Any]] = ()) -> str:
    """A catalogue file: schema line, title comment, provenance (and, from a department's workbook,
    its date and copy), then each item's columns in table order."""
    title = " ".join(title.split())  # a comment is one line
    lines = [f"# yaml-language-server: $schema={schema}", f"# {title}", f"domain: {scalar(domain)}",
             f"source: {scalar(source)}", f"status: {scalar(status)}", f"updated: {updated.isoformat()}"]
    for key, value in (extra or {}).items():
        lines.append(f"{key}: {value.isoformat() if isinstance(value, dt.date) else scalar(value)}")
    found = list(findings)
    if found:
        lines.append("findings:")
        for f in found:
            keys = [k for k in ("code", "sheet", "cell", "message") if f.get(k)]
            lines += [f"  {'- ' if i == 0 else '  '}{k}: {scalar(f[k])}" for i, k in enumerate(keys)]
    lines.append("items:")
    for it in items:
        lines.append(f"  - id: {scalar(it['id'])}")
        for key in ITEM_KEYS:
            value = it.get(key)
            if value not in (None, "", []):
                lines.append(f"    {key}: {scalar(value)}")
    return "\n".join(lines) + "\n"
