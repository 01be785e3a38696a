"""Typed records (模型), declared once (pydantic v2). No I/O and no rules here.

Each kind of source file is a model here, and each field carries its official Chinese title and a
description; the fields of a catalogue item also carry their place in the official table
(``Place``). Everything else is read off these declarations: the JSON Schemas editors' YAML tools
use, validation with its Chinese messages (``validation.py``), the table on the page, the CSV, JSON
and XLSX downloads, the spreadsheet importer's header mapping, the YAML writer's key order and the
editor guide's field table.

Records also remember where they stand in their source file (``path``, ``loc``) and, once the
registries are read, what they refer to (an item's units, a catalogue's domain); those are
attributes of the record, never fields an editor can write.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import MemberDescriptorType
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional, Self, get_args

from annotated_types import Ge, Le, Len
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import vocab
from .diagnostics import Severity
from .loading import PathKey, Source

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a record starts in its source file."""

    file: str
    line: int
    column: int = 1


NOWHERE = Loc("", 1, 1)  # a record not read from a file (yet)


def _unique(values: list[Any]) -> list[Any]:
    first: dict[Any, int] = {}
    for i, v in enumerate(values):
        if v in first:
            raise PydanticCustomError("unique", "「{value}」重复", {"index": i, "first": first[v], "value": v})
        first[v] = i
    return values


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=SLUG)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^https?://\S+$")]
Days = Annotated[int, Ge(1), Le(3660)]


# one or more lines of text (each entry one element, subject, keyword …); some may not repeat
Texts = Annotated[list[Text], Len(1)]
UniqueTexts = Annotated[list[Text], Len(1), AfterValidator(_unique), Field(json_schema_extra={"uniqueItems": True})]


# What a record knows besides its fields (where it stands, what it refers to) lives in __slots__
# rather than pydantic private attributes: pydantic fills a dict of private defaults for every record
# it validates, which was a sixth of loading a city's catalogues and a dict per record kept in memory.
# An unset slot reads as its default, from here.
_SLOT_DEFAULTS: dict[str, Callable[[], Any]] = {
    "_path": tuple, "_loc": lambda: NOWHERE, "_file": str, "_subject_units": list, "_order": int,
    "_domain": lambda: None, "_unit": lambda: None, "_state": lambda: None, "_last_update": lambda: None,
    "_cycle": lambda: None, "_computed": bool, "_slug": str, "_inspection": lambda: None,
    "_records": lambda: QuarterRecords(), "_area_id": str,
}


_FIELD_SETS: dict[frozenset[str], frozenset[str]] = {}  # see Record.share


@functools.cache
def _slot_names(cls: type[Any]) -> tuple[str, ...]:
    """The record slots of ``cls`` and its bases."""
    return tuple(n for k in cls.__mro__ for n in k.__dict__.get("__slots__", ())
                 if n.startswith("_") and not n.startswith("__"))


class Record(BaseModel):
    """A record read from a source file: strict (a date is a date, text is text), unknown keys
    refused, surrounding spaces dropped; it knows its place in the file once loaded."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, populate_by_name=False,
                              validate_default=False, revalidate_instances="never", use_attribute_docstrings=False)

    __slots__ = ("_loc", "_path")  # unset reads give _SLOT_DEFAULTS
    if TYPE_CHECKING:  # the slots' types, for mypy only (the defaults are _SLOT_DEFAULTS)
        _path: PathKey = ()
        _loc: Loc = NOWHERE  # shared, never copied: Loc is frozen

    if not TYPE_CHECKING:  # an unset slot lands here: it reads as its default
        def __getattr__(self, name: str) -> Any:
            make = _SLOT_DEFAULTS.get(name)
            if make is not None and isinstance(getattr(type(self), name, None), MemberDescriptorType):
                value = make()
                object.__setattr__(self, name, value)
                return value
            return super().__getattr__(name)

    def __copy__(self) -> Self:
        new = super().__copy__()
        object.__setattr__(new, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        for name in _slot_names(type(self)):
            with contextlib.suppress(AttributeError):
                object.__setattr__(new, name, object.__getattribute__(self, name))
        return new

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        memo = {} if memo is None else memo
        new = super().__deepcopy__(memo)
        object.__setattr__(new, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        for name in _slot_names(type(self)):
            with contextlib.suppress(AttributeError):
                object.__setattr__(new, name, copy.deepcopy(object.__getattribute__(self, name), memo))
        return new

    if not TYPE_CHECKING:
        def __setattr__(self, name: str, value: Any) -> None:
            if type(self.__pydantic_fields_set__) is frozenset and name in type(self).__pydantic_fields__:
                object.__setattr__(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))  # see share()
            super().__setattr__(name, value)

    def share(self, strings: dict[str, str]) -> None:
        """Share what equal records hold alike, once the record is built from its source: its texts
        (pydantic makes a new string of every stripped value) with ``strings``, the texts read, and
        the set of the fields written with every loaded record that wrote the same ones (forty
        thousand town entries each kept their own copy of {"template"}). Shared sets are frozen;
        writing a field or copying the record unshares it."""
        values = self.__dict__
        for name in self.__pydantic_fields_set__:  # the rest are defaults, not read from the file
            value = values[name]
            if type(value) is str:
                values[name] = strings.setdefault(value, value)
            elif type(value) is list and value and type(value[0]) is str:
                value[:] = [strings.setdefault(v, v) if type(v) is str else v for v in value]
        given = frozenset(self.__pydantic_fields_set__)
        object.__setattr__(self, "__pydantic_fields_set__", _FIELD_SETS.setdefault(given, given))

    def __eq__(self, other: Any) -> bool:
        # what the record knows besides its fields counts, as pydantic's private attributes did
        if type(other) is type(self) and any(
                getattr(self, name) != getattr(other, name) for name in _slot_names(type(self))):
            return False
        return super().__eq__(other)

    @property
    def path(self) -> PathKey:
        """Where the record's value stands in its file, e.g. ``("items", 3)``."""
        return self._path

    @path.setter
    def path(self, value: PathKey) -> None:
        self._path = value

    @property
    def loc(self) -> Loc:
        return self._loc

    @loc.setter
    def loc(self, value: Loc) -> None:
        self._loc = value

    def place(self, src: Source, path: PathKey) -> None:
        """Remember where this record stands in ``src``."""
        object.__setattr__(self, "_path", path)  # past pydantic's __setattr__: once per record loaded
        object.__setattr__(self, "_loc", Loc(src.path, *src.at(path)))


class SourceFile(Record):
    """A whole source file: it names its provenance and status (DESIGN.md, Contracts)."""

    source: Text = Field(title="来源", description="写明内容出自哪份文件，或据什么起草（草稿须写明）")
    status: vocab.Status = Field(title="状态", description="draft（草稿，未经审定）或 official（正式）")
    updated: dt.date = Field(title="更新日期", description="最近一次修改内容的日期，如 2024-05-01（不加引号）")
    __slots__ = ("_file",)  # unset reads give _SLOT_DEFAULTS
    if TYPE_CHECKING:
        _file: str = ""

    @property
    def file(self) -> str:
        """The file's path from the repository root (``catalogues/county/jiuye.yaml``)."""
        return self._file

    @file.setter
    def file(self, value: str) -> None:
        self._file = value


# --- the official table ---------------------------------------------------------------------

Show = Literal["text", "list", "units", "checklist", "ticks"]


@dataclass(frozen=True)
class Place:
    """Where a catalogue item's field stands in the official table (国办发〔2019〕54号 layout).

    ``header`` is the column's heading, ``sub`` its second header row (一级事项 under 公开事项);
    ``show`` says how the value is shown: plain text, a list joined with ``sep``, units linked to
    their pages, the ■/□ channel checklist, or one √ column per option (``ticks``). A field with
    ``official=False`` is not one of the printed table's columns: it has its own place on the page
    (``page``) and its own column in the downloads.
    """

    header: str
    sub: str | None = None
    show: Show = "text"
    sep: str = "、"
    width: float = 12
    merge: bool = False
    official: bool = True
    page: str = ""  # where a non-table field appears on the page (for the guide and the tests)


@dataclass(frozen=True)
class NotShown:
    """A field that reaches neither the table nor the downloads as a column, and why."""

    reason: str


class Item(Record):
    """公开事项: one row of a catalogue table."""

    model_config = ConfigDict(title="公开事项")

    id: Annotated[Slug, Place("事项编号", official=False, width=12, page="行的锚点 #item-编号")] = Field(
        title="事项编号", description="本领域内唯一的编号（小写拼音、数字和连字符），发布后不再改动")
    seq: Annotated[int, Ge(1), NotShown("原表格中的序号，只在导入表格时保留，用于检查缺号；页面和下载的序号按表中顺序编排")] | None = Field(
        default=None, title="序号", description="原表格中的序号（仅导入表格时保留，用于检查缺号）")
    category: Annotated[Text, Place("公开事项", "一级事项", merge=True, width=12)] = Field(
        title="一级事项", description="公开事项的一级分类，如「最低生活保障」")
    subcategory: Annotated[Text, Place("公开事项", "二级事项", width=14)] = Field(
        title="二级事项", description="公开事项的二级分类，如「办事指南」")
    elements: Annotated[UniqueTexts,
                        Place("公开内容（要素）", show="list", width=36)] = Field(
        title="公开内容（要素）", description="逐条列出应公开的要素，每行一个")
    basis: Annotated[Texts, Place("公开依据", show="list", sep="；", width=26)] = Field(
        title="公开依据", description="请填写法律法规或文件名称，如《社会救助暂行办法》")
    time_limit: Annotated[Text, Place("公开时限", width=16)] = Field(
        title="公开时限", description="如「信息形成或者变更之日起20个工作日内」")
    subjects: Annotated[UniqueTexts, Place("公开主体", show="units", width=18)] = Field(
        title="公开主体", description="负责公开的单位，须是 catalogues/units.yaml 中的名称或简称")
    channels: Annotated[list[vocab.Channel], Len(1), AfterValidator(_unique), Place("公开渠道和载体", show="checklist", width=40)] = Field(
        title="公开渠道和载体", description="从清单中选择，如「政府网站」", json_schema_extra={"uniqueItems": True})
    channel_other: Annotated[Text, NotShown("写在「公开渠道和载体」的「■其他：」之后")] | None = Field(
        default=None, title="其他渠道说明", description="选了「其他」时写明具体渠道")
    audience: Annotated[vocab.Audience, Place("公开对象", show="ticks", width=8)] = Field(
        title="公开对象", description="全社会 或 特定群体")
    method: Annotated[vocab.Method, Place("公开方式", show="ticks", width=8)] = Field(
        title="公开方式", description="主动 或 依申请")
    levels: Annotated[list[vocab.Level], Len(1), AfterValidator(_unique), Place("公开层级", show="ticks", width=8)] = Field(
        title="公开层级", description="县级、乡级，可多选", json_schema_extra={"uniqueItems": True})
    portal_url: Annotated[Url, Place("网站栏目地址", official=False, width=30,
                                     page="「公开渠道和载体」中的「网站栏目」链接")] | None = Field(
        default=None, title="网站栏目地址", description="政府网站上公开该事项的栏目网址，如 http://www.junan.gov.cn/…")
    note: Annotated[Text, Place("备注", official=False, width=20, page="在「二级事项」下以「备注：」显示")] | None = Field(
        default=None, title="备注", description="补充说明")
    source: Annotated[Text, NotShown("出处显示在页面的草稿说明中，并写入 JSON 下载")] | None = Field(
        default=None, title="来源", description="本事项出自哪里（与整个文件的来源不同时填写）")
    status: Annotated[vocab.Status, NotShown("状态显示为页面和下载中的草稿标注")] | None = Field(
        default=None, title="状态", description="本事项的状态（与整个文件不同时填写）：draft 或 official")

    __slots__ = ("_subject_units",)  # unset reads give _SLOT_DEFAULTS
    if TYPE_CHECKING:
        _subject_units: list[Unit] = []

    @property
    def subject_units(self) -> list[Unit]:
        """The registered units its 公开主体 name (filled when the registry is read)."""
        return self._subject_units

    @subject_units.setter
    def subject_units(self, value: list[Unit]) -> None:
        self._subject_units = value

    def rewritten(self, at: Record, **values: Any) -> Item:
        """A copy with ``values`` in place of its own columns, standing where ``at`` stands (a town's
        entry that adopts or changes this template item)."""
        item = self.model_copy(update=values)
        item._path, item._loc = at.path, at.loc
        # the fields written, shared as share() does (a set each: 28 MB for 160 towns' copies)
        given = frozenset(item.__pydantic_fields_set__)
        object.__setattr__(item, "__pydantic_fields_set__", _FIELD_SETS.setdefault(given, given))
        return item


@functools.cache
def item_places() -> tuple[tuple[str, Place], ...]:
    """The item's fields that are columns (table or download), in the order of the declaration
    (read once: the declaration does not change while the program runs)."""
    out = []
    for name, f in Item.model_fields.items():
        place = next((m for m in f.metadata if isinstance(m, Place)), None)
        if place is None:
            place = _annotated_meta(f.annotation, Place)
        if place is not None:
            out.append((name, place))
    return tuple(out)


@functools.cache
def item_place_map() -> dict[str, Place]:
    """:func:`item_places` by field name."""
    return dict(item_places())


def item_not_shown() -> dict[str, str]:
    """The item's fields that are not columns, with the reason (for the guide and the tests)."""
    out = {}
    for name, f in Item.model_fields.items():
        ns = next((m for m in f.metadata if isinstance(m, NotShown)), None) or _annotated_meta(f.annotation, NotShown)
        if ns is not None:
            out[name] = ns.reason
    return out


def _annotated_meta(annotation: Any, kind: type[Any]) -> Any:
    """Metadata of type ``kind`` inside ``Annotated[…] | None``."""
    for arg in (annotation, *get_args(annotation)):
        for meta in getattr(arg, "__metadata__", ()):
            if isinstance(meta, kind):
                return meta
    return None


# --- registries -------------------------------------------------------------------------------

class Domain(Record):
    """领域: one of the 26 county domains; ``town`` says whether it is in the town catalogue."""

    model_config = ConfigDict(title="领域")

    id: Slug = Field(title="领域编号", description="拼音编号，用于网址和文件名，发布后不再改动")
    name: Text = Field(title="领域名称", description="如「社会救助」")
    former_names: Texts = Field(default_factory=list, title="曾用名", description="旧称，如「征地补偿」")
    guideline: Text = Field(title="标准指引", description="国务院部门印发的本领域标准指引标题，须在依据文件登记表中")
    keywords: UniqueTexts = Field(
        default_factory=list, title="关键词", description="群众常用的说法，便于搜索，如「低保」")
    town: bool = Field(title="适用于镇街", description="true 表示本领域列入镇街级目录")
    __slots__ = ("_order",)  # unset reads give _SLOT_DEFAULTS
    if TYPE_CHECKING:
        _order: int = 0

    @property
    def order(self) -> int:
        return self._order


class DomainsFile(SourceFile):
    model_config = ConfigDict(title="领域登记表")
    domains: Annotated[list[Domain], Len(1)] = Field(title="领域", description="县级 26 个领域，按发布顺序排列")


class Contact(Record):
    """联系方式: what a unit has published about how to reach it, with where it was read."""

    model_config = ConfigDict(title="联系方式")

    address: Text | None = Field(default=None, title="办公地址", description="如「莒南县十字路街道人民路 1 号」")
    postcode: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{6}$")] | None = Field(
        default=None, title="邮政编码", description="6 位数字")
    phone: Text | None = Field(default=None, title="联系电话", description="如 0539-7212345")
    email: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")] | None = Field(
        default=None, title="电子邮箱", description="如 xxx@163.com")
    hours: Text | None = Field(default=None, title="办公时间", description="如「工作日 8:30-12:00，13:30-17:00」")
    disclosure_url: Url | None = Field(default=None, title="政府信息公开网址",
                                       description="本单位政府信息公开专栏或年度报告的网址")
    source: Text = Field(title="出处", description="联系方式出自哪份公开文件（标题和网址）")


class Unit(Record):
    """单位: a town, street, county department, or a generic role (通用主体) in the catalogues."""

    model_config = ConfigDict(title="单位")

    id: Slug = Field(title="单位编号", description="拼音编号，用于网址，发布后不再改动")
    name: Text = Field(title="单位全称", description="如「莒南县民政局」")
    aliases: UniqueTexts = Field(
        default_factory=list, title="简称", description="编辑常写的简称，如「县民政局」「民政局」")
    kind: vocab.UnitKind = Field(title="类别", description="department（县直部门）、institution（县政府直属事业单位）、town、street、government 或 role")
    contact: Contact | None = Field(default=None, title="联系方式",
                                    description="单位公开的地址、电话等，须写明出处（如政府信息公开工作年度报告）")
    placeholder: bool = Field(default=False, title="模板占位主体",
                              description="true 表示这是镇街目录模板中的占位主体，镇街目录中须换成本镇街名称")
    note: Text | None = Field(default=None, title="备注", description="补充说明")
    source: Text | None = Field(default=None, title="来源", description="写明名称出自哪份文件，或据什么拟定")
    status: vocab.Status | None = Field(default=None, title="状态", description="draft 或 official")

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def short_name(self) -> str:
        return self.aliases[0] if self.aliases else self.name


class UnitsFile(SourceFile):
    model_config = ConfigDict(title="单位登记表")
    units: Annotated[list[Unit], Len(1)] = Field(title="单位", description="镇街、县直部门和通用主体")


class BasisDocument(Record):
    """依据文件: a real law, regulation or document that catalogue rows may cite."""

    model_config = ConfigDict(title="依据文件")

    title: Text = Field(title="文件标题", description="不带书名号，如「社会救助暂行办法」")
    number: Text | None = Field(default=None, title="文号", description="如「国务院令第649号」；未核实的不要填")
    issuer: Text = Field(title="发布机关", description="如「国务院」")
    source: Text | None = Field(default=None, title="出处",
                                description="在哪里读到的标题和文号（网址或文件）；没有出处的文号页面显示为未核实")
    note: Text | None = Field(default=None, title="备注", description="补充说明")

    @property
    def citation(self) -> str:
        """《title》 with its number where ``source`` says where the number was read; a number
        written without a source is printed as 文号未核实, never as if it were verified."""
        return self.cite()

    def cite(self, numbered: bool = False) -> str:
        """The citation; ``numbered`` says the document is issued with a number (a guideline), so
        that a blank number is also shown as 文号未核实 rather than left out."""
        if self.number and self.source:
            return f"《{self.title}》（{self.number}）"
        if self.number or numbered:
            return f"《{self.title}》（{UNVERIFIED_NUMBER}）"
        return f"《{self.title}》"


UNVERIFIED_NUMBER = "文号未核实"


class BasisFile(SourceFile):
    model_config = ConfigDict(title="依据文件登记表")
    documents: Annotated[list[BasisDocument], Len(1)] = Field(
        title="依据文件", description="目录「公开依据」可引用的真实法律法规和文件")


# --- catalogues ---------------------------------------------------------------------------------

class RecordedFinding(Record):
    """报送时发现的问题: a finding of ``zwgk import-dept`` about a department's workbook, kept in the
    domain file it was found for. The judgement was made against the catalogue as it was before the
    import, which the import replaced; so it is kept here, and ``zwgk check`` reports it until a
    corrected workbook is imported (or the office, having settled it, deletes the entry)."""

    model_config = ConfigDict(title="报送时发现的问题")

    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^ZW\d{3}$")] = Field(
        title="规则代码", description="如 ZW320")
    sheet: Text | None = Field(default=None, title="工作表", description="问题所在的工作表，如「社会救助」")
    cell: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Z]{1,3}[1-9][0-9]{0,6}$")] | None = Field(
        default=None, title="单元格", description="问题所在的单元格，如 F4")
    message: Text = Field(title="说明", description="检查结果的说明")


class Catalogue(SourceFile):
    """One domain's catalogue file (县级标准目录的一个领域, or the town template's)."""

    model_config = ConfigDict(title="基层政务公开标准目录（一个领域）")

    domain_id: Slug = Field(alias="domain", title="领域", description="领域编号，须与文件名相同，见 catalogues/domains.yaml")
    note: Text | None = Field(default=None, title="说明", description="本领域目录的补充说明")
    submitted_on: dt.date | None = Field(default=None, title="报送日期",
                                         description="由部门报送的表格导入时，部门报送的日期")
    workbook: Text | None = Field(default=None, title="报送表格",
                                  description="部门报送的 Excel 表格在仓库中的位置（catalogues/submissions/county/…），原样保存")
    workbook_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        default=None, title="报送表格的 SHA-256", description="报送表格文件的 SHA-256 校验值，证明保存的是收到的原件")
    findings: list[RecordedFinding] = Field(
        default_factory=list, title="报送时发现的问题",
        description="导入部门报送表格时发现、尚未解决的问题（由 zwgk import-dept 写入，zwgk check 继续报告）")
    items: Annotated[list[Item], Len(1)] = Field(title="公开事项", description="本领域的全部公开事项，按表格顺序排列")
    __slots__ = ("_domain",)  # unset reads give _SLOT_DEFAULTS
    if TYPE_CHECKING:
        _domain: Domain | None = None

    @property
    def domain(self) -> Domain | None:
        """The registered domain (filled when the registry is read)."""
        return self._domain

    @domain.setter
    def domain(self, value: Domain | None) -> None:
        self._domain = value

    @property
    def is_draft(self) -> bool:
        return self.status != "official" or any(i.status == "draft" for i in self.items)


# What a town may rewrite in a template item: every column but the id and the provenance.
OVERRIDABLE = tuple(k for k in Item.model_fields if k not in ("id", "seq", "source", "status"))
_OVERRIDABLE_SET = frozenset(OVERRIDABLE)


class _TownEntry(Record):
    """One line of a town's catalogue: a template item adopted, changed or omitted, or a local item.
    Besides these keys it may rewrite any item column (``OVERRIDABLE``), each with the item's own
    declaration; the columns written are its ``overrides``."""

    model_config = ConfigDict(title="镇街目录条目")

    template_id: Slug | None = Field(default=None, alias="template", title="模板事项编号",
                                     description="采用的模板事项编号，如 shjz-03")
    # no minimum length: a blank reason is ZW306, whose severity follows the catalogue's status
    omit: str | None = Field(default=None, title="删除理由",
                             description="不采用该模板事项的理由，如「本镇无此项业务，由县民政局统一公开」")
    reason: Text | None = Field(default=None, title="修改理由", description="改写模板事项（尤其删减公开要素）的理由")
    local: Item | None = Field(default=None, title="本镇街新增事项", description="本镇街新增的事项，写法与县级目录相同")
    row: Annotated[int, Ge(1)] | None = Field(default=None, title="表格行号",
                                              description="从报送表格导入时，该事项在工作表中的行号（检查结果据此标到单元格）")
    seq: Annotated[int, Ge(1)] | None = Field(default=None, title="序号", description="报送表格中该行的序号（用于检查缺号）")

    @property
    def overrides(self) -> dict[str, Any]:
        """The item columns this entry rewrites, with their values."""
        given = self.__pydantic_fields_set__
        if given.isdisjoint(_OVERRIDABLE_SET):  # most entries adopt the template item as it is
            return {}
        return {k: getattr(self, k) for k in OVERRIDABLE if k in given and getattr(self, k) is not None}

    @property
    def kind(self) -> str:
        """adopted / changed / omitted / local (采用 / 修改 / 删除 / 新增)."""
        if self.local is not None:
            return "local"
        if self.omit is not None:
            return "omitted"
        return "changed" if self.overrides else "adopted"


def _town_entry_model() -> type[_TownEntry]:
    from pydantic import create_model

    columns: dict[str, Any] = {}
    for name in OVERRIDABLE:
        f = Item.model_fields[name]
        columns[name] = (Optional[f.annotation], Field(default=None, title=f.title, description=f.description))  # noqa: UP045
    model: type[_TownEntry] = create_model("TownEntry", __base__=_TownEntry, **columns)
    return model


if TYPE_CHECKING:
    TownEntry = _TownEntry
else:
    TownEntry = _town_entry_model()


class TownDomain(Record):
    """One domain of a town's catalogue, or its declaration that the domain does not apply."""

    model_config = ConfigDict(title="镇街目录领域")

    domain_id: Slug = Field(alias="domain", title="领域", description="领域编号，见 catalogues/domains.yaml（town: true 的领域）")
    not_applicable: Text | None = Field(default=None, title="未涉及说明", description="本镇街不涉及该领域的原因（未涉及领域事项说明）")
    entries: list[TownEntry] = Field(default_factory=list, alias="items", title="事项",
                                     description="逐项列出模板事项的处理和本镇街新增事项")
    sheet: Text | None = Field(default=None, title="工作表", description="从报送表格导入时，本领域所在的工作表名称")
    columns: dict[str, Text] | None = Field(default=None, title="表格各列",
                                            description="从报送表格导入时，各字段所在的列（如 elements: D）")

    @property
    def has_items_key(self) -> bool:
        return "entries" in self.model_fields_set


class TownCatalogue(Record):
    """镇街目录: a town's catalogue as its relation to the county's template."""

    model_config = ConfigDict(title="镇街基层政务公开标准目录")

    town_id: Slug = Field(alias="town", title="镇街", description="镇街编号，须与文件名相同，见 catalogues/units.yaml")
    source: Text = Field(title="来源", description="写明内容出自哪份文件（报送的表格），或据什么生成")
    status: vocab.TownStatus = Field(title="编制状态",
                                     description="pending（尚未筛选）、submitted（已报送，须填 submitted_on）或 approved（已审定）")
    submitted_on: dt.date | None = Field(default=None, title="报送日期", description="镇街报送目录的日期，如 2020-12-20")
    approved_on: dt.date | None = Field(default=None, title="审定日期", description="县政务公开办审定的日期")
    updated: dt.date = Field(title="更新日期", description="最近一次修改内容的日期，如 2024-05-01（不加引号）")
    screening_note: Text | None = Field(default=None, title="筛选说明", description="全部采用模板事项时，说明已逐项筛选的情况")
    workbook: Text | None = Field(default=None, title="报送表格",
                                  description="镇街报送的 Excel 表格在仓库中的位置（catalogues/submissions/towns/…），原样保存")
    workbook_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        default=None, title="报送表格的 SHA-256", description="报送表格文件的 SHA-256 校验值，证明保存的是收到的原件")
    domains: Annotated[list[TownDomain], Len(1)] = Field(title="领域", description="镇街级各领域的目录，每个领域一项")
    __slots__ = ("_file", "_unit")  # unset reads give _SLOT_DEFAULTS
    if TYPE_CHECKING:
        _file: str = ""
        _unit: Unit | None = None

    @property
    def file(self) -> str:
        return self._file

    @file.setter
    def file(self, value: str) -> None:
        self._file = value

    @property
    def unit(self) -> Unit | None:
        return self._unit

    @unit.setter
    def unit(self, value: Unit | None) -> None:
        self._unit = value

    @property
    def binding(self) -> bool:
        """Whether the seed's mistakes are errors here (submitted or approved) rather than info."""
        return self.status in ("submitted", "approved")

    def domain(self, domain_id: str) -> TownDomain | None:
        return next((d for d in self.domains if d.domain_id == domain_id), None)


# --- county settings -----------------------------------------------------------------------------

DEFAULT_CYCLES: dict[str, int] = {"实时": 14, "每周": 7, "每月": 31, "每季度": 92, "每半年": 183, "每年": 366}


class Thresholds(Record):
    """Inspection thresholds (检查阈值); defaults from 国办秘函〔2019〕19号 and the county's weekly rule."""

    model_config = ConfigDict(title="网站栏目和政务新媒体检查阈值")

    news_days: Days = Field(default=14, title="动态要闻更新间隔（天）", description="默认 14（两周）")
    notice_days: Days = Field(default=183, title="通知公告、政策文件更新间隔（天）", description="默认 183（六个月）")
    long_overdue_days: Days = Field(default=183, title="长期未更新（天）", description="超过即为「超半年未更新」，默认 183")
    cycle_days: dict[str, Days] = Field(default_factory=lambda: dict(DEFAULT_CYCLES), title="更新周期对应天数",
                                        description="如 每月: 31；写出的周期覆盖默认值，没写的保留默认值")
    default_cycles: list[Text] = Field(
        default_factory=lambda: ["根据变动及时更新", "信息形成后20个工作日内", "及时更新"], title="按栏目类别检查的更新周期",
        description="没有固定天数的更新周期，如「根据变动及时更新」，按动态类 14 天、其他 183 天检查")
    bulk_items: Annotated[int, Ge(2), Le(3660)] = Field(default=5, title="一次性增补条数",
                                                        description="几天内发布至少这么多条视为集中增补，默认 5")
    bulk_window_days: Days = Field(default=3, title="一次性增补窗口（天）", description="默认 3")
    bulk_gap_days: Days = Field(default=60, title="增补前空档（天）", description="增补前至少这么多天没有更新，默认 60")
    repeated_times: Annotated[int, Ge(2), Le(3660)] = Field(
        default=2, title="多次超期（次）",
        description="本期内超期的间隔达到这么多次即为「多次超期」（新媒体为「多次未按要求每周更新」），默认 2")
    account_week_days: Days = Field(default=7, title="新媒体每周更新（天）", description="默认 7")
    account_veto_days: Days = Field(default=14, title="新媒体单项否决（天）", description="超过即否决，默认 14")
    account_zombie_days: Days = Field(default=90, title="僵尸账号（天）", description="超过即视为僵尸账号，默认 90")

    @model_validator(mode="after")
    def _keep_default_cycles(self) -> Thresholds:
        if "cycle_days" in self.model_fields_set:
            self.cycle_days = {**DEFAULT_CYCLES, **self.cycle_days}
        return self


class TownCatalogueSettings(Record):
    model_config = ConfigDict(title="镇街目录编制")

    due: dt.date | None = Field(default=None, title="报送截止日期",
                                description="县政务公开办要求镇街报送目录的截止日期；未知时不填")
    max_omitted_share: Annotated[float, Ge(0), Le(1)] = Field(
        default=0.5, title="删减比例上限", description="一个领域中删除的模板事项占比超过此值即报错，如 0.5")


# the seed's 三（四）: 县政府组成部门及重点领域单位 and 各镇街 2 a month, 县政府直属事业单位 1 a month
DEFAULT_HIGHLIGHT_QUOTA: dict[vocab.UnitKind, int] = {"department": 2, "institution": 1, "town": 2, "street": 2}


class BulletinSettings(Record):
    """What the bulletin's section 二 lists are judged against (通报第二部分的判定标准)."""

    model_config = ConfigDict(title="季度通报的判定标准")

    highlight_quota: dict[vocab.UnitKind, Annotated[int, Ge(0), Le(100)]] = Field(
        default_factory=lambda: dict(DEFAULT_HIGHLIGHT_QUOTA), title="亮点信息每月报送篇数",
        description="按单位类别写每月应报送的篇数，如 department: 2、institution: 1、town: 2；"
                    "写了本项时，没写的类别不检查")
    many_reminders: Annotated[int, Ge(1), Le(100)] = Field(
        default=2, title="催促多次（次）", description="材料催促达到这么多次才报送，即为「催促多次后才报送」，默认 2")


class Settings(SourceFile):
    """County-maintained settings (县政务公开办设定) read from catalogues/settings.yaml."""

    model_config = ConfigDict(title="县政务公开办设定")

    inspection: Thresholds = Field(default_factory=Thresholds, title="网站栏目和政务新媒体检查阈值",
                                   description="默认值取自《政府网站与政务新媒体检查指标》和本县要求")
    town_catalogue: TownCatalogueSettings = Field(default_factory=TownCatalogueSettings, title="镇街目录编制",
                                                  description="报送截止日期和删减比例上限")
    bulletin: BulletinSettings = Field(default_factory=BulletinSettings, title="季度通报的判定标准",
                                       description="亮点信息每月报送篇数和「催促多次」的次数")

    @classmethod
    def defaults(cls) -> Settings:
        """The settings when catalogues/settings.yaml is missing."""
        return cls.model_construct(source="", status="draft", updated=dt.date(2000, 1, 1),
                                   inspection=Thresholds(), town_catalogue=TownCatalogueSettings(),
                                   bulletin=BulletinSettings())

    @property
    def thresholds(self) -> Thresholds:
        return self.inspection

    @property
    def town_due(self) -> dt.date | None:
        return self.town_catalogue.due

    @property
    def max_omitted_share(self) -> float:
        return self.town_catalogue.max_omitted_share


# --- bulletins -------------------------------------------------------------------------------

class FigurePart(Record):
    model_config = ConfigDict(title="分项")

    label: Text | None = Field(default=None, title="分项名称", description="如「政务公开类信息」")
    unit: Text | None = Field(default=None, title="单位", description="分项所属单位，须在单位登记表中")
    value: Annotated[int, Ge(0)] | None = Field(
        default=None, title="数值", description="非负整数；原文只点名单位、没有写数字的（如依申请公开「涉及…等部门」）不填")


class Figure(Record):
    """一项主要数据 of a bulletin (e.g. posts published), with its 其中 parts."""

    model_config = ConfigDict(title="一项数据")

    id: Slug = Field(title="数据编号", description="跨季度不变的编号，用于趋势图，如 posts")
    label: Text = Field(title="名称", description="如「县政府门户网站发布信息」")
    value: Annotated[int, Ge(0)] = Field(title="数值", description="非负整数")
    unit: Text = Field(title="单位", description="如「条」「件」「个」")
    partial: bool = Field(default=False, title="分项不全", description="true 表示分项只列了一部分，分项之和可小于总数")
    parts: list[FigurePart] = Field(default_factory=list, title="其中",
                                    description="分项，每项写 label（名称）或 unit（单位）和 value")


class AnnexRow(Record):
    """One row of an annex: a unit, its column or account, and the problems found."""

    model_config = ConfigDict(title="一行")

    unit: Text = Field(title="单位", description="须在单位登记表中，如「县审计局」")
    column: Text | None = Field(default=None, title="栏目", description="网站栏目名称，如「部门文件」")
    account: Text | None = Field(default=None, title="账号", description="政务新媒体账号名称")
    platform: Text | None = Field(default=None, title="平台", description="如「微信公众号」")
    problems: Texts = Field(title="问题", description="通报所列的问题，如「超半年未更新」")
    # computed rows only (from inspection records): the state codes, the last update, the cycle
    __slots__ = ("_computed", "_cycle", "_last_update", "_state")  # unset reads give _SLOT_DEFAULTS
    if TYPE_CHECKING:
        _state: str | None = None
        _last_update: dt.date | None = None
        _cycle: str | None = None
        _computed: bool = False

    @classmethod
    def computed(cls, path: PathKey, state: str | None, last_update: dt.date | None, cycle: str | None = None,
                 **fields: Any) -> AnnexRow:
        """A row computed from an inspection record (not read from a bulletin file)."""
        row = cls.model_construct(**fields)
        row._path, row._state, row._last_update, row._cycle = path, state, last_update, cycle
        row._computed = True
        return row

    @property
    def is_computed(self) -> bool:
        """Computed from an inspection record (a typed row of the same annex is not)."""
        return self._computed

    @property
    def state(self) -> str | None:
        return self._state

    @property
    def last_update(self) -> dt.date | None:
        return self._last_update

    @property
    def cycle(self) -> str | None:
        return self._cycle


class Annex(Record):
    """附件: a table of the bulletin, typed from its text or computed from inspection records."""

    model_config = ConfigDict(title="附件")

    number: Annotated[int, Ge(1), Le(3660)] = Field(title="附件序号", description="1、2、3……")
    title: Text = Field(title="附件标题", description="如「2020年第四季度镇街网站内容保障情况通报表」")
    kind: Literal["towns", "departments", "new-media"] = Field(
        title="类别", description="towns（镇街栏目）、departments（部门栏目）或 new-media（政务新媒体）")
    as_of: dt.date | None = Field(default=None, title="截至日期", description="检查截至日期")
    computed: bool = Field(default=False, title="由检查记录计算",
                           description="true 表示本附件各行由同一文件夹中 inspections.yaml 的检查记录计算；"
                                       "同时写了 rows 的，手填的行（据通报正文，检查记录中没有的栏目）与计算的行合在一起")
    rows: list[AnnexRow] = Field(default_factory=list, title="各行", description="通报所列的单位、栏目（或账号）和问题")


# the lists of units a bulletin section may print from the quarter's records, with what each names
SECTION_LISTS: dict[str, str] = {
    "materials-late": "材料报送不及时（逾期报送或没有报送）",
    "materials-reminded": "催促多次后才报送材料",
    "materials-poor": "材料未按要求报送",
    "highlights-below-quota": "亮点信息报送少于每月应报篇数",
    "highlights-none": "今年以来未报送亮点信息",
    "compilation-late": "镇街目录报送不及时（逾期报送或逾期未报送）",
    "compilation-problems": "镇街报送的目录有问题",
}
SectionListKind = Literal["materials-late", "materials-reminded", "materials-poor", "highlights-below-quota",
                          "highlights-none", "compilation-late", "compilation-problems"]


class SectionList(Record):
    """A list of units printed after a paragraph of a section (「……，如：甲、乙。」), generated from the
    quarter's records rather than typed."""

    model_config = ConfigDict(title="生成的名单")

    of: SectionListKind = Field(
        title="名单", description="materials-late（材料报送不及时）、materials-reminded（催促多次后才报送）、"
                                  "materials-poor（材料未按要求报送）、highlights-below-quota（亮点信息少于应报篇数）、"
                                  "highlights-none（今年以来未报送亮点信息）、compilation-late（镇街目录报送不及时）"
                                  "或 compilation-problems（镇街目录有问题）")
    lead: Text = Field(title="引语", description="名单前的一句，如「个别单位材料报送不及时」；其后接「，如：」和名单")
    paragraph: Annotated[int, Ge(1), Le(100)] | None = Field(
        default=None, title="接在第几段之后", description="名单接在本节正文第几段之后，如 3；不写则接在本节最后")
    none: Text | None = Field(default=None, title="没有时的说法",
                              description="名单为空时显示的一句，如「各单位均按时报送材料」；不写则显示「本季度没有……的单位」")
    rules: list[Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^ZW3\d{2}$")]] = Field(
        default_factory=list, title="问题（规则代码）",
        description="compilation-problems 只列有这些问题的镇街，如 [ZW304]（直接报送未修改的模板）；不写则列出有任何问题的镇街")


class Section(Record):
    model_config = ConfigDict(title="正文一节")

    heading: Text = Field(title="标题", description="如「一、基本工作情况」（保留原文编号）")
    body: Text = Field(title="内容", description="本节正文（Markdown），段落之间空一行")
    lists: list[SectionList] = Field(default_factory=list, title="生成的名单",
                                     description="由本季度记录生成的单位名单，每个一项，接在指定的段落之后")

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs (Markdown), as separated by blank lines."""
        return [p for p in re.split(r"\n[ \t]*\n", self.body.strip()) if p.strip()]


ColumnKind = Literal["news", "notice", "policy", "other"]


class ColumnRecord(Record):
    """One website column as inspected (网站栏目检查记录)."""

    model_config = ConfigDict(title="栏目记录")

    unit: Text = Field(title="单位", description="负责栏目的单位，须在单位登记表中")
    column: Text = Field(title="栏目", description="栏目名称")
    kind: ColumnKind = Field(title="栏目类别", description="news（动态、要闻）、notice（通知公告）、policy（政策文件）或 other")
    cycle: Text = Field(title="更新周期", description="主动公开基本目录中的更新周期，如「每月」「实时」")
    published: list[dt.date] = Field(default_factory=list, title="本期发布日期",
                                     description="检查期间（季度初至检查日）每条信息的发布日期")
    last_before: dt.date | None = Field(default=None, title="此前最后更新",
                                        description="本季度之前最后一次更新的日期；从未更新则不填")

    @model_validator(mode="after")
    def _sorted(self) -> ColumnRecord:
        self.published = sorted(self.published)
        return self


class AccountRecord(Record):
    """One government new-media account as inspected (政务新媒体检查记录)."""

    model_config = ConfigDict(title="账号记录")

    name: Text = Field(title="账号名称", description="如「莒南县河长制办公室」")
    platform: Text = Field(title="平台", description="如「微信公众号」")
    unit: Text = Field(title="主办单位", description="须在单位登记表中")
    updates: list[dt.date] = Field(default_factory=list, title="本期更新日期", description="检查期间每次更新的日期")
    last_before: dt.date | None = Field(default=None, title="此前最后更新", description="本季度之前最后一次更新的日期")
    interaction: bool | None = Field(default=None, title="互动功能", description="是否有留言等互动功能")
    filed: bool | None = Field(default=None, title="已备案", description="是否已在政务新媒体备案系统备案")

    @model_validator(mode="after")
    def _sorted(self) -> AccountRecord:
        self.updates = sorted(self.updates)
        return self


class Inspection(SourceFile):
    """网站栏目和政务新媒体检查记录 of one quarter (bulletins/<quarter>/inspections.yaml)."""

    model_config = ConfigDict(title="网站栏目和政务新媒体检查记录")

    checked_on: dt.date = Field(title="检查日期", description="读网检查的日期（可晚于季度末）")
    columns: list[ColumnRecord] = Field(default_factory=list, title="网站栏目", description="每个栏目一条记录")
    accounts: list[AccountRecord] = Field(default_factory=list, title="政务新媒体", description="每个账号一条记录")


# --- a quarter's records for the bulletin's section 二 (通报第二部分的记录) -----------------------

class MaterialsSubmission(Record):
    """One unit's answer to a request for materials (一个单位的材料报送情况)."""

    model_config = ConfigDict(title="单位报送情况")

    unit: Text = Field(title="单位", description="须在单位登记表中，如「县农业农村局」")
    submitted: dt.date | None = Field(default=None, title="报送日期", description="实际报送的日期；没有报送的不填")
    reminders: Annotated[int, Ge(0), Le(100)] = Field(
        default=0, title="催促次数", description="政务公开办催促的次数；没有催促的不填")
    quality: Text | None = Field(
        default=None, title="质量问题",
        description="材料未按要求报送时写明问题，如「材料内容不规范，存在敷衍报送现象」；符合要求的不填")


class MaterialsRequest(Record):
    """A notice asking units for materials by a due date (一次材料报送要求)."""

    model_config = ConfigDict(title="材料报送要求")

    notice: Text = Field(title="通知", description="下发的通知标题，不带书名号，如「关于开展政务新媒体检查工作的通知」")
    number: Text | None = Field(default=None, title="文号", description="通知的文号；没有或未核实的不填")
    issued: dt.date | None = Field(default=None, title="下发日期", description="通知下发的日期")
    due: dt.date = Field(title="报送截止日期", description="通知要求报送材料的截止日期")
    units: Annotated[list[MaterialsSubmission], Len(1)] = Field(
        title="各单位报送情况", description="要求报送的单位，每个单位一项")


class MaterialsFile(SourceFile):
    """政务公开材料报送记录 of one quarter (bulletins/<quarter>/materials.yaml)."""

    model_config = ConfigDict(title="政务公开材料报送记录")

    requests: Annotated[list[MaterialsRequest], Len(1)] = Field(
        title="报送要求", description="本季度下发的要求报送材料的通知，每份一项")


class Adoption(Record):
    model_config = ConfigDict(title="采用情况")

    column: Text = Field(title="采用栏目", description="如「政务公开看山东」「政务公开看临沂」")
    count: Annotated[int, Ge(1), Le(1000)] = Field(title="采用篇数", description="被该栏目采用的篇数")


class HighlightRecord(Record):
    """What one unit submitted in one month (一个单位一个月的亮点信息)."""

    model_config = ConfigDict(title="亮点信息")

    unit: Text = Field(title="单位", description="须在单位登记表中，如「大店镇」")
    month: Annotated[int, Ge(1), Le(12)] = Field(title="月份", description="通报年度的月份，1～12")
    submitted: Annotated[int, Ge(0), Le(1000)] = Field(title="报送篇数", description="本月向县政务公开办报送的篇数")
    adopted: list[Adoption] = Field(default_factory=list, title="被采用",
                                    description="被上级栏目采用的篇数，每个栏目一项")


class HighlightsFile(SourceFile):
    """政务公开亮点信息报送记录 (bulletins/<quarter>/highlights.yaml)."""

    model_config = ConfigDict(title="政务公开亮点信息报送记录")

    from_month: Annotated[int, Ge(1), Le(12)] | None = Field(
        default=None, title="记录起始月份",
        description="本文件从哪个月记起；不写即本季度的第一个月。前几个季度没有记录、要在本季度补录的，写 1")
    records: list[HighlightRecord] = Field(
        default_factory=list, title="报送记录", description="每个单位每月一项；没有报送的单位可以不写，按 0 篇计")


CompilationState = Literal["missing", "overdue", "submitted", "approved"]


class CompilationEntry(Record):
    """One town's catalogue submission as it stood for the bulletin (一个镇街的目录报送情况)."""

    model_config = ConfigDict(title="镇街目录报送情况")

    unit: Text = Field(title="镇街", description="镇街名称，须在单位登记表中，如「大店镇」")
    state: CompilationState = Field(
        title="报送情况", description="missing（未报送）、overdue（逾期未报送）、submitted（已报送）或 approved（已审定）")
    submitted_on: dt.date | None = Field(default=None, title="报送日期", description="报送的日期；未报送的不填")
    late: bool = Field(default=False, title="逾期报送", description="true 表示报送日期晚于截止日期")
    problems: list[Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^ZW3\d{2}$")]] = Field(
        default_factory=list, title="发现的问题",
        description="报送及审查中发现的问题的规则代码，如 ZW304（直接报送了未修改的目录模板）；见检查规则代码一览")


class CompilationFile(SourceFile):
    """目录编制报送情况 as recorded for one quarter's bulletin (bulletins/<quarter>/compilation.yaml).
    Without it the bulletin's lists follow the towns' catalogues as they are now; with it they stay
    as recorded when a town later corrects its catalogue (a published bulletin does not change)."""

    model_config = ConfigDict(title="目录编制报送情况")

    as_of: dt.date = Field(title="统计日期", description="记录报送情况的日期")
    entries: list[CompilationEntry] = Field(default_factory=list, title="各镇街", description="每个镇街一项")


@dataclass
class QuarterRecords:
    """The quarter's records besides the inspections, read from the bulletin's folder."""

    materials: MaterialsFile | None = None
    highlights: HighlightsFile | None = None
    compilation: CompilationFile | None = None


class Bulletin(SourceFile):
    """季度通报: one quarter's bulletin, its figures and annexes."""

    model_config = ConfigDict(title="季度政务公开工作情况通报")

    title: Text = Field(title="标题", description="通报标题，如「关于2020年第四季度全县政务公开工作情况的通报」")
    doc_number: Text | None = Field(default=None, title="文号", description="发文字号（原文有才填）")
    issuer: Text = Field(title="发文单位", description="如「莒南县人民政府办公室」")
    recipients: Text = Field(title="主送", description="如「各镇街人民政府（办事处），县直有关部门、单位」")
    date: dt.date = Field(title="成文日期", description="落款日期，如 2021-01-15")
    year: Annotated[int, Ge(2000), Le(2100)] = Field(title="年度", description="通报的年度，如 2020")
    quarter: Literal[1, 2, 3, 4] = Field(title="季度", description="1、2、3 或 4")
    disclosure: Literal["此件公开发布", "此件依申请公开"] = Field(title="公开属性", description="如「此件公开发布」")
    opening: Text | None = Field(default=None, title="开头", description="正文第一段（Markdown）")
    sections: Annotated[list[Section], Len(1)] = Field(title="正文", description="按原文的大标题分段")
    figures: list[Figure] = Field(default_factory=list, title="主要数据", description="本季度的主要数字，须与正文一致")
    annexes: list[Annex] = Field(default_factory=list, title="附件", description="附件表格，按附件序号排列")
    __slots__ = ("_inspection", "_records", "_slug")  # unset reads give _SLOT_DEFAULTS
    if TYPE_CHECKING:
        _slug: str = ""
        _inspection: Inspection | None = None
        _records: QuarterRecords = QuarterRecords()

    @property
    def slug(self) -> str:
        """The folder name, e.g. 2020-q4."""
        return self._slug

    @slug.setter
    def slug(self, value: str) -> None:
        self._slug = value

    @property
    def inspection(self) -> Inspection | None:
        return self._inspection

    @inspection.setter
    def inspection(self, value: Inspection | None) -> None:
        self._inspection = value

    @property
    def records(self) -> QuarterRecords:
        """Materials, highlights and catalogue-compilation records of the quarter (its folder)."""
        return self._records

    @property
    def is_draft(self) -> bool:
        """Not yet issued: kept off the published site (the preview shows it, bannered)."""
        return self.status != "official"

    @property
    def quarter_start(self) -> dt.date:
        return dt.date(max(self.year, 1), 3 * self.quarter - 2, 1)

    @property
    def quarter_end(self) -> dt.date:
        year = max(self.year, 1)
        nxt = dt.date(year + (self.quarter == 4), 1 if self.quarter == 4 else 3 * self.quarter + 1, 1)
        return nxt - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"


class PortalColumn(Record):
    """One column of the county portal in the register (政府网站栏目登记表)."""

    model_config = ConfigDict(title="一个栏目")

    unit: Text = Field(title="单位", description="负责栏目的单位，须在单位登记表中")
    column: Text = Field(title="栏目", description="栏目名称，多级栏目用「/」连接，如「法定主动公开内容/部门文件」")
    kind: ColumnKind = Field(title="栏目类别", description="news（动态、要闻）、notice（通知公告）、policy（政策文件）或 other")
    cycle: Text = Field(title="更新周期", description="主动公开基本目录中的更新周期，如「每月」「实时」")
    url: Url | None = Field(default=None, title="列表页网址", description="栏目信息列表页的网址")
    source: Text | None = Field(default=None, title="出处", description="栏目和更新周期出自哪份文件（如主动公开基本目录的网址）")


class PortalColumns(SourceFile):
    model_config = ConfigDict(title="政府网站栏目登记表")
    columns: Annotated[list[PortalColumn], Len(1)] = Field(
        title="栏目", description="县政府门户网站上由各单位负责的栏目（读网检查按此逐个检查）")


# --- experience zones ----------------------------------------------------------------------------

class Requirement(Record):
    """One requirement of the experience-zone standard (建设标准的一项要求)."""

    model_config = ConfigDict(title="一项要求")

    id: Slug = Field(title="要求编号", description="全文唯一，如 xz-01；体验区逐项对照时引用")
    text: Text = Field(title="要求", description="要求的内容")
    required: bool = Field(title="必备", description="true 为必备项，false 为建议项")
    service: Text | None = Field(default=None, title="对群众的服务",
                                 description="达标时在体验区名录中向群众展示的服务名称，如「政府信息查询」")
    __slots__ = ("_area_id",)  # unset reads give _SLOT_DEFAULTS
    if TYPE_CHECKING:
        _area_id: str = ""

    @property
    def area_id(self) -> str:
        return self._area_id


class Area(Record):
    model_config = ConfigDict(title="一个方面")

    id: Slug = Field(title="编号", description="如 siting")
    name: Text = Field(title="名称", description="如「场所选址」")
    requirements: Annotated[list[Requirement], Len(1)] = Field(title="要求", description="本方面的各项要求")


class PublishedFact(Record):
    """已公开的情况: what a public document states (a figure, a count), in its words, with where it
    was read; shown as it is, never rewritten into new figures."""

    model_config = ConfigDict(title="已公开的情况")

    text: Text = Field(title="内容", description="照录原文（可节录），数字和说法不改动")
    title: Text = Field(title="出处", description="原文是哪篇文章、哪个网站刊载，如「临沂市人民政府网站刊载的……」")
    url: Url = Field(title="出处网址", description="原文的网址（http:// 或 https://）")
    published: dt.date | None = Field(default=None, title="发布日期", description="原文注明的发布日期；未读到的不填")
    note: Text | None = Field(default=None, title="说明", description="读原文时的补充说明（不显示在页面上）")


class ZoneStandard(SourceFile):
    """政务公开体验区建设标准."""

    model_config = ConfigDict(title="政务公开体验区建设标准")

    title: Text = Field(title="标题", description="如「莒南县政务公开体验区建设标准」")
    issued: dt.date | None = Field(default=None, title="印发日期", description="如 2020-12-01")
    note: Text | None = Field(default=None, title="说明", description="补充说明")
    facts: list[PublishedFact] = Field(
        default_factory=list, title="全县已公开的情况",
        description="公开发布过的全县政府信息查阅场所等情况（如查阅点个数），显示在「政务公开体验区」首页；每条照录原文并写明出处")
    areas: Annotated[list[Area], Len(1)] = Field(title="建设内容", description="按方面分组的要求")

    def requirement(self, rid: str) -> Requirement | None:
        return next((r for a in self.areas for r in a.requirements if r.id == rid), None)


class Answer(Record):
    model_config = ConfigDict(title="一项要求的情况")

    state: Literal["met", "not_met", "unknown"] = Field(title="情况", description="met、not_met 或 unknown")
    note: Text | None = Field(default=None, title="说明", description="依据或补充说明")


class Zone(SourceFile):
    """A town's experience zone (镇街政务公开体验区); absent values are unknown, never guessed."""

    model_config = ConfigDict(title="镇街政务公开体验区")

    town_id: Slug = Field(alias="town", title="镇街", description="镇街编号，须与文件名相同")
    hall: Text | None = Field(default=None, title="所在场所", description="如「大店镇便民服务中心」；未掌握的不填")
    address: Text | None = Field(default=None, title="地址", description="详细地址；未掌握的不填")
    hours: Texts = Field(
        default_factory=list, title="开放时间", description="每行一段，如「周一至周五 09:00-12:00」；未掌握的不填")
    phone: Text | None = Field(default=None, title="咨询电话", description="如 0539-7212345 或 12345；未掌握的不填")
    completed: dt.date | None = Field(default=None, title="建成日期", description="未掌握的不填")
    answers: dict[str, Answer] = Field(title="对照检查",
                                       description="标准中每项要求的情况：met（达到）、not_met（未达到）或 unknown（未掌握）")
    __slots__ = ("_unit",)  # unset reads give _SLOT_DEFAULTS
    if TYPE_CHECKING:
        _unit: Unit | None = None

    @property
    def unit(self) -> Unit | None:
        return self._unit

    @unit.setter
    def unit(self, value: Unit | None) -> None:
        self._unit = value


# --- county lists --------------------------------------------------------------------------------

class PublicNumber(Record):
    model_config = ConfigDict(title="一个号码")

    number: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{7,19}$")] = Field(
        title="号码", description="只写数字，如 13800000000")
    owner: Text = Field(title="所属单位", description="如「大店镇便民服务中心」")
    note: Text | None = Field(default=None, title="说明", description="为什么必须公开")


class PublicNumbers(SourceFile):
    model_config = ConfigDict(title="可公开的电话号码")
    numbers: list[PublicNumber] = Field(default_factory=list, title="号码",
                                        description="必须公开的单位电话（如办公手机），其余手机号一律视为个人信息")


class Wording(Record):
    """A county-listed expression to avoid (规范用语), with what to write instead."""

    model_config = ConfigDict(title="一条用语", frozen=True)

    wrong: Text = Field(title="错误写法", description="如「截止目前」")
    right: Text = Field(title="正确写法", description="如「截至目前」")
    level: Literal["error", "warning"] = Field(default="warning", alias="severity", title="级别",
                                               description="error（政治性表述等必须改正）或 warning（错字，须核实）")
    note: Text | None = Field(default=None, title="说明", description="依据或解释")

    @property
    def severity(self) -> Severity:
        return Severity.ERROR if self.level == "error" else Severity.WARNING


class WordingList(SourceFile):
    model_config = ConfigDict(title="规范用语表")
    entries: Annotated[list[Wording], Len(1)] = Field(title="用语", description="不规范或常写错的说法，以及正确写法")


class Synonym(Record):
    """A colloquial word (低保) and what the catalogues call it (最低生活保障), for the site's search."""

    model_config = ConfigDict(title="同义词")

    word: Text = Field(title="群众的说法", description="如「低保」")
    means: UniqueTexts = Field(title="目录中的说法", description="一个或多个，如「最低生活保障」")


class SearchSynonyms(SourceFile):
    model_config = ConfigDict(title="搜索同义词表")
    synonyms: Annotated[list[Synonym], Len(1)] = Field(
        title="同义词", description="每项一个群众的说法（word）和它在目录中的说法（means）")


# Each kind of source file: its model (the schema is ``<kind>.schema.json``).
FILE_KINDS: dict[str, type[Record]] = {
    "catalogue": Catalogue,
    "town-catalogue": TownCatalogue,
    "domains": DomainsFile,
    "units": UnitsFile,
    "basis": BasisFile,
    "settings": Settings,
    "bulletin": Bulletin,
    "inspection": Inspection,
    "materials": MaterialsFile,
    "highlights": HighlightsFile,
    "compilation": CompilationFile,
    "portal-columns": PortalColumns,
    "zone-standard": ZoneStandard,
    "zone": Zone,
    "public-numbers": PublicNumbers,
    "wording": WordingList,
    "search-synonyms": SearchSynonyms,
}


@dataclass
class Registry:
    """The registries every catalogue refers to: domains, units and basis documents."""

    domains: list[Domain] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    basis: list[BasisDocument] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    updated: dict[str, dt.date | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        for i, d in enumerate(self.domains):
            d._order = i
        self.domain_by_id = {d.id: d for d in self.domains}
        self.unit_by_id = {u.id: u for u in self.units}
        self.unit_by_name: dict[str, Unit] = {}
        for u in self.units:
            for n in u.names:
                self.unit_by_name.setdefault(n, u)
        self.basis_by_title = {b.title: b for b in self.basis}
        self.placeholders = {u.id for u in self.units if u.placeholder}


def walk(record: BaseModel, path: PathKey = ()) -> Iterator[tuple[PathKey, Record]]:
    """Every record inside ``record`` (itself first) with its path in the file."""
    if isinstance(record, Record):
        yield path, record
    values = record.__dict__
    for name, key in _record_fields(type(record)):
        value = values.get(name)
        if isinstance(value, BaseModel):
            yield from walk(value, (*path, key))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, BaseModel):
                    yield from walk(v, (*path, key, i))
        elif isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, BaseModel):
                    yield from walk(v, (*path, key, k))


def settle(record: Record, src: Source, strings: dict[str, str]) -> None:
    """``place`` and ``share`` every record inside ``record`` (itself included), as :func:`walk`
    finds them, in one loop rather than nested generators: loading settles every record of a city."""
    stack: list[tuple[PathKey, BaseModel]] = [((), record)]
    while stack:
        path, rec = stack.pop()
        if isinstance(rec, Record):
            rec.place(src, path)
            rec.share(strings)
        values = rec.__dict__
        for name, key in _record_fields(type(rec)):
            value = values.get(name)
            if isinstance(value, BaseModel):
                stack.append(((*path, key), value))
            elif isinstance(value, list):
                stack.extend(((*path, key, i), v) for i, v in enumerate(value) if isinstance(v, BaseModel))
            elif isinstance(value, dict):
                stack.extend(((*path, key, k), v) for k, v in value.items() if isinstance(v, BaseModel))


_RECORD_FIELDS: dict[type[Any], tuple[tuple[str, str], ...]] = {}


def _record_fields(model: type[Any]) -> tuple[tuple[str, str], ...]:
    """(name, key as written) of the fields of ``model`` that can contain records, in declaration
    order (read once per model: walking every field of every record was a fifth of a check)."""
    hit = _RECORD_FIELDS.get(model)
    if hit is None:
        hit = _RECORD_FIELDS[model] = tuple(
            (name, f.alias or name) for name, f in model.model_fields.items()
            if _mentions_model(f.annotation))
    return hit


def _mentions_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_mentions_model(a) for a in get_args(annotation))
