"""Typed records (模型) built from loaded sources. No I/O and no rules here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Severity
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
    source: str | None = None  # where the title and number were read; a number without one is 未核实

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
    keywords: list[str] = field(default_factory=list)
    loc: Loc | None = None


@dataclass
class Contact:
    """联系方式: what a unit has published about how to reach it, with where it was read."""

    source: str
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    disclosure_url: str | None = None


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
    placeholder: bool = False
    loc: Loc | None = None
    contact: Contact | None = None

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
class TownEntry:
    """One line of a town's catalogue: a template item adopted, changed or omitted, or a local item."""

    path: PathKey
    loc: Loc
    template_id: str | None = None
    omit: str | None = None  # reason (删除理由)
    reason: str | None = None  # why the template item was changed (修改理由)
    overrides: dict[str, Any] = field(default_factory=dict)
    local: Item | None = None

    @property
    def kind(self) -> str:
        """adopted / changed / omitted / local (采用 / 修改 / 删除 / 新增)."""
        if self.local is not None:
            return "local"
        if self.omit is not None:
            return "omitted"
        return "changed" if self.overrides else "adopted"


@dataclass
class TownDomain:
    """One domain of a town's catalogue, or its declaration that the domain does not apply."""

    domain_id: str
    path: PathKey
    loc: Loc
    entries: list[TownEntry] = field(default_factory=list)
    not_applicable: str | None = None  # 未涉及领域事项说明
    has_items_key: bool = False


@dataclass
class TownCatalogue:
    """镇街目录: a town's catalogue as its relation to the county's template."""

    town_id: str
    source: str
    status: str  # pending / submitted / approved
    updated: dt.date | None
    file: str
    domains: list[TownDomain] = field(default_factory=list)
    submitted_on: dt.date | None = None
    approved_on: dt.date | None = None
    screening_note: str | None = None
    unit: Unit | None = None

    @property
    def binding(self) -> bool:
        """Whether the seed's mistakes are errors here (submitted or approved) rather than info."""
        return self.status in ("submitted", "approved")

    def domain(self, domain_id: str) -> TownDomain | None:
        return next((d for d in self.domains if d.domain_id == domain_id), None)


@dataclass
class Thresholds:
    """Inspection thresholds (检查阈值); defaults from 国办秘函〔2019〕19号 and the county's weekly rule."""

    news_days: int = 14  # 动态、要闻: within 2 weeks
    notice_days: int = 183  # 通知公告、政策文件: within 6 months
    long_overdue_days: int = 183  # 超半年未更新
    cycle_days: dict[str, int] = field(default_factory=lambda: {
        "实时": 14, "每周": 7, "每月": 31, "每季度": 92, "每半年": 183, "每年": 366})
    # cycles with no fixed period: checked by the column kind's national default
    default_cycles: list[str] = field(default_factory=lambda: [
        "根据变动及时更新", "信息形成后20个工作日内", "及时更新"])
    bulk_items: int = 5  # 一次性增补大量信息: this many items …
    bulk_window_days: int = 3  # … within this many days …
    bulk_gap_days: int = 60  # … after a gap at least this long
    repeated_times: int = 2  # 多次超期、多次未按要求每周更新: this many late intervals in the period
    account_week_days: int = 7  # 每周至少更新1次
    account_veto_days: int = 14  # 超过两周未更新: veto
    account_zombie_days: int = 90  # 僵尸账号


@dataclass
class Settings:
    """County-maintained settings (县政务公开办设定) read from catalogues/settings.yaml."""

    town_due: dt.date | None = None
    max_omitted_share: float = 0.5
    thresholds: Thresholds = field(default_factory=Thresholds)


@dataclass
class FigurePart:
    value: int
    label: str | None = None
    unit: str | None = None


@dataclass
class Figure:
    """一项主要数据 of a bulletin (e.g. posts published), with its 其中 parts."""

    id: str
    label: str
    value: int
    unit: str
    path: PathKey
    parts: list[FigurePart] = field(default_factory=list)
    partial: bool = False


@dataclass
class AnnexRow:
    unit: str
    problems: list[str]
    path: PathKey
    column: str | None = None
    account: str | None = None
    platform: str | None = None
    state: str | None = None  # computed rows: the state code (overdue, zombie …)
    last_update: dt.date | None = None
    cycle: str | None = None


@dataclass
class Annex:
    """附件: a table of the bulletin, typed from its text or computed from inspection records."""

    number: int
    title: str
    kind: str  # towns / departments / new-media
    path: PathKey
    as_of: dt.date | None = None
    computed: bool = False
    rows: list[AnnexRow] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    body: str


@dataclass
class PortalColumn:
    """One column of the county portal in the register (政府网站栏目登记表)."""

    unit: str
    column: str
    kind: str
    cycle: str
    path: PathKey
    url: str | None = None
    source: str | None = None


@dataclass
class ColumnRecord:
    """One website column as inspected (网站栏目检查记录)."""

    unit: str
    column: str
    kind: str  # news / notice / policy / other
    cycle: str  # 更新周期 from the 主动公开基本目录
    published: list[dt.date]
    path: PathKey
    last_before: dt.date | None = None


@dataclass
class AccountRecord:
    """One government new-media account as inspected (政务新媒体检查记录)."""

    name: str
    platform: str
    unit: str
    updates: list[dt.date]
    path: PathKey
    last_before: dt.date | None = None
    interaction: bool | None = None
    filed: bool | None = None


@dataclass
class Inspection:
    checked_on: dt.date | None
    file: str
    columns: list[ColumnRecord] = field(default_factory=list)
    accounts: list[AccountRecord] = field(default_factory=list)


@dataclass
class Bulletin:
    """季度通报: one quarter's bulletin, its figures and annexes."""

    slug: str  # folder name, e.g. 2020-q4
    title: str
    issuer: str
    recipients: str
    date: dt.date | None
    year: int
    quarter: int
    disclosure: str
    source: str
    status: str
    updated: dt.date | None
    file: str
    opening: str | None = None
    doc_number: str | None = None
    sections: list[Section] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    inspection: Inspection | None = None

    @property
    def quarter_start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def quarter_end(self) -> dt.date:
        nxt = dt.date(self.year + (self.quarter == 4), 1 if self.quarter == 4 else 3 * self.quarter + 1, 1)
        return nxt - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"


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
        self.placeholders = {u.id for u in self.units if u.placeholder}


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


@dataclass
class Requirement:
    """One requirement of the experience-zone standard (建设标准的一项要求)."""

    id: str
    text: str
    required: bool
    area_id: str
    path: PathKey
    service: str | None = None


@dataclass
class Area:
    id: str
    name: str
    requirements: list[Requirement] = field(default_factory=list)


@dataclass
class ZoneStandard:
    """政务公开体验区建设标准."""

    title: str
    source: str
    status: str
    updated: dt.date | None
    file: str
    issued: dt.date | None = None
    note: str | None = None
    areas: list[Area] = field(default_factory=list)

    def requirement(self, rid: str) -> Requirement | None:
        return next((r for a in self.areas for r in a.requirements if r.id == rid), None)


@dataclass
class Answer:
    state: str  # met / not_met / unknown
    path: PathKey
    note: str | None = None


@dataclass
class Zone:
    """A town's experience zone (镇街政务公开体验区); absent values are unknown, never guessed."""

    town_id: str
    source: str
    status: str
    updated: dt.date | None
    file: str
    answers: dict[str, Answer] = field(default_factory=dict)
    hall: str | None = None
    address: str | None = None
    hours: list[str] = field(default_factory=list)
    phone: str | None = None
    completed: dt.date | None = None
    unit: Unit | None = None


@dataclass(frozen=True)
class Wording:
    """A county-listed expression to avoid (规范用语), with what to write instead."""

    wrong: str
    right: str
    severity: Severity
    note: str | None = None
