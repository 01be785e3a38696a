"""Typed records (模型) built from loaded sources. No I/O and no rules here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .loading import PathKey, Source


@dataclass(frozen=True)
class Loc:
    """Where a record starts in its source file."""

    file: str
    line: int
    column: int = 1


@dataclass
class BasisDocument:
    """依据文件: a real law, regulation or document that catalogue rows may cite."""

    title: str
    issuer: str
    number: str | None = None
    note: str | None = None

    @property
    def citation(self) -> str:
        return f"《{self.title}》" + (f"（{self.number}）" if self.number else "")


@dataclass
class Domain:
    """领域: one of the 26 county domains; ``town`` says whether it is in the town catalogue."""

    id: str
    name: str
    guideline: str
    town: bool
    order: int
    former_names: list[str] = field(default_factory=list)
    loc: Loc | None = None


@dataclass
class Unit:
    """单位: a town, street, county department, or a generic role (通用主体) in the catalogues."""

    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    source: str | None = None
    status: str | None = None
    note: str | None = None
    loc: Loc | None = None

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def short_name(self) -> str:
        return self.aliases[0] if self.aliases else self.name


@dataclass
class Item:
    """公开事项: one row of a catalogue table."""

    id: str
    category: str  # 一级事项
    subcategory: str  # 二级事项
    elements: list[str]  # 公开内容（要素）
    basis: list[str]  # 公开依据
    time_limit: str  # 公开时限
    subjects: list[str]  # 公开主体 as written
    channels: list[str]  # 公开渠道和载体
    audience: str  # 公开对象
    method: str  # 公开方式
    levels: list[str]  # 公开层级
    loc: Loc
    path: PathKey = ()
    seq: int | None = None
    channel_other: str | None = None
    portal_url: str | None = None
    note: str | None = None
    source: str | None = None
    status: str | None = None
    subject_units: list[Unit] = field(default_factory=list)


@dataclass
class Catalogue:
    """One domain's catalogue file (县级标准目录的一个领域)."""

    domain_id: str
    source: str
    status: str
    updated: dt.date | None
    items: list[Item]
    file: str
    note: str | None = None
    domain: Domain | None = None

    @property
    def is_draft(self) -> bool:
        return self.status != "official" or any(i.status == "draft" for i in self.items)


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
        self.domain_by_id = {d.id: d for d in self.domains}
        self.unit_by_id = {u.id: u for u in self.units}
        self.unit_by_name: dict[str, Unit] = {}
        for u in self.units:
            for n in u.names:
                self.unit_by_name.setdefault(n, u)
        self.basis_by_title = {b.title: b for b in self.basis}


def text(d: dict[str, Any], key: str) -> str:
    """A string field, or ``""`` when missing or not a string (schema rules report that)."""
    v = d.get(key)
    return v.strip() if isinstance(v, str) else ""


def opt_text(d: dict[str, Any], key: str) -> str | None:
    v = d.get(key)
    return v.strip() if isinstance(v, str) and v.strip() else None


def texts(d: dict[str, Any], key: str) -> list[str]:
    v = d.get(key)
    if isinstance(v, str):
        v = [v]
    return [s.strip() for s in v if isinstance(s, str) and s.strip()] if isinstance(v, list) else []


def date(d: dict[str, Any], key: str) -> dt.date | None:
    v = d.get(key)
    return v if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else None
