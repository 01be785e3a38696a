"""The official table (标准目录表格), read off the item declaration in ``model.py``.

Its columns, their two header rows, the text of every cell and the download columns all come from
``Item``'s fields and their ``Place``: the page's table, the CSV, JSON and XLSX downloads, the
submission forms, the spreadsheet importer and the benchmark's Markdown peer use what is here.
A new column is a new field on ``Item`` (with its ``Place``), its data and a test.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import model as m
from . import vocab

SEQ = m.Place("序号", width=6)  # derived from order, never stored


@dataclass(frozen=True)
class Column:
    """One column of a table or a download: the item field it shows (``seq`` for 序号), how,
    and for a √ column the option it stands for (公开对象 → 全社会 / 特定群体)."""

    key: str
    place: m.Place
    option: str | None = None

    @property
    def label(self) -> str:
        """The column's own heading: the option of a √ column, else the second header row or the header."""
        return self.option or self.place.sub or self.place.header

    @property
    def title(self) -> str:
        """A one-line name, for CSV headers and messages: 公开对象·全社会, 一级事项, 公开依据."""
        if self.option:
            return f"{self.place.header}·{self.option}"
        return self.place.sub or self.place.header


def options(key: str) -> tuple[str, ...]:
    """The allowed values of an item field (a √ column per value), read off its type."""
    annotation = m.Item.model_fields[key].annotation
    return _literal_args(annotation)


def _literal_args(annotation: Any) -> tuple[str, ...]:
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    for a in typing.get_args(annotation):
        found = _literal_args(a)
        if found:
            return found
    return ()


@functools.cache
def official_columns() -> tuple[Column, ...]:
    """The printed table's columns, 序号 first, a √ column per option."""
    out = [Column("seq", SEQ)]
    for key, place in m.item_places():
        if not place.official:
            continue
        if place.show == "ticks":
            out.extend(Column(key, place, opt) for opt in options(key))
        else:
            out.append(Column(key, place))
    return tuple(out)


@functools.cache
def download_columns() -> tuple[Column, ...]:
    """The official columns, then the item's other columns (事项编号, 网站栏目地址, 备注)."""
    extra = tuple(Column(key, place) for key, place in m.item_places() if not place.official)
    return (*official_columns(), *extra)


@functools.cache
def data_columns() -> tuple[Column, ...]:
    """One column per field with a place (no √ expansion): the CSV and JSON downloads."""
    places = m.item_places()
    return (Column("seq", SEQ), *(Column(k, p) for k, p in places if p.official),
            *(Column(k, p) for k, p in places if not p.official))


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    columns: tuple[Column, ...] = ()


def header_rows(columns: Iterable[Column]) -> tuple[list[HeaderCell], list[HeaderCell]]:
    """The two-row header: a column with no second row spans both; columns that share a header
    (公开事项 over 一级事项/二级事项, 公开对象 over its √ columns) are grouped under it."""
    top: list[HeaderCell] = []
    second: list[HeaderCell] = []
    group: list[Column] = []

    def close() -> None:
        if not group:
            return
        if len(group) == 1 and group[0].place.sub is None and group[0].option is None:
            top.append(HeaderCell(group[0].place.header, rowspan=2, columns=(group[0],)))
        else:
            top.append(HeaderCell(group[0].place.header, colspan=len(group), columns=tuple(group)))
            second.extend(HeaderCell(c.label, columns=(c,)) for c in group)
        group.clear()

    for c in columns:
        if group and group[0].place.header != c.place.header:
            close()
        group.append(c)
    close()
    return top, second


def value_text(item: m.Item, key: str) -> str:
    """A field's value as one cell of text: lists joined the way the official tables write them."""
    value = getattr(item, key)
    place = m.item_place_map().get(key)
    if isinstance(value, list):
        return (place.sep if place else "、").join(map(str, value))
    return "" if value is None else str(value)


def channel_text(item: m.Item, sep: str = "\n") -> str:
    """The ■/□ checklist of 公开渠道和载体, 其他 with its text."""
    from .derive import channel_checklist

    return sep.join(("■" if ch.chosen else "□") + ch.name +
                    (f"：{item.channel_other}" if ch.name == vocab.OTHER_CHANNEL and ch.chosen and item.channel_other
                     else "") for ch in channel_checklist(item))


def cell_text(item: m.Item, column: Column, seq: int, list_sep: str | None = None) -> str:
    """What a spreadsheet or CSV cell says for ``column`` of ``item`` (the ``seq``-th row);
    ``list_sep`` writes the channels as a plain list instead of the ■/□ checklist."""
    return str(seq) if column.key == "seq" else _reader(column, list_sep)(item)


def row_texts(item: m.Item, columns: tuple[Column, ...], list_sep: str | None = None) -> list[str]:
    """``cell_text`` of every column at once, 序号 left empty (it depends on the row's place)."""
    return [_reader(c, list_sep)(item) for c in columns]


Reader = Callable[[m.Item], str]
# each column's reader, made once: what a column shows is decided per column, not per cell (the
# downloads write about 150,000 cells at the county's size). By the column's identity (the column
# lists are made once): hashing a Column hashes its Place, which costs more than reading the cell.
_READERS: dict[tuple[int, str | None], tuple[Column, Reader]] = {}


def _reader(column: Column, list_sep: str | None) -> Reader:
    hit = _READERS.get((id(column), list_sep))
    if hit is None or hit[0] is not column:
        hit = _READERS[(id(column), list_sep)] = (column, _make_reader(column, list_sep))
    return hit[1]


def _make_reader(c: Column, list_sep: str | None) -> Reader:
    key, option = c.key, c.option
    if key == "seq":
        return lambda it: ""
    if option is not None:
        def tick(it: m.Item) -> str:
            value = getattr(it, key)
            return "√" if (option in value if isinstance(value, list) else value == option) else ""
        return tick
    if c.place.show == "checklist":
        if list_sep:
            return lambda it: list_sep.join(channels_as_list(it))
        return channel_text
    return functools.partial(value_text, key=key)


def channels_as_list(item: m.Item) -> list[str]:
    """公开渠道和载体 as a list, 其他 carrying its text (JSON download)."""
    out: list[str] = [c for c in item.channels if c != vocab.OTHER_CHANNEL]
    if vocab.OTHER_CHANNEL in item.channels:
        out.append(f"{vocab.OTHER_CHANNEL}：{item.channel_other}" if item.channel_other else vocab.OTHER_CHANNEL)
    return out


def field_rows() -> list[tuple[str, str, str, str]]:
    """The guide's field table: key, official title, description, where it appears."""
    places = m.item_place_map()
    not_shown = m.item_not_shown()
    out = []
    for key, f in m.Item.model_fields.items():
        if key in places:
            p = places[key]
            where = (f"表格「{p.header}" + (f"·{p.sub}" if p.sub else "") + "」列") if p.official else p.page
            where += "；下载文件中也有此列"
        else:
            where = not_shown.get(key, "")
        out.append((key, f.title or key, f.description or "", where))
    return out
