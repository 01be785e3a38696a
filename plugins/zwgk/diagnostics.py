"""Diagnostics (检查结果): what every rule returns, and how the CLI prints them.

A diagnostic names a file (relative to the repository root, with ``/``), a 1-based line and
column, a stable rule code (``ZW`` + three digits), a severity and a Chinese message that says
what is wrong and what to do.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is: ``error`` blocks publishing, ``warning`` needs a person, ``info`` is an honest gap."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Rule:
    """One rule code with its default severity and a one-line meaning for the editor guide."""

    code: str
    severity: Severity
    stage: str
    title: str


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding at one place in one source file; a finding about a submitted workbook also
    names its sheet and cell (``社会救助``, ``D7``)."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    sheet: str | None = None
    cell: str | None = None

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["severity"] = self.severity.value
        if self.sheet is None:
            del d["sheet"], d["cell"]
        return d

    @property
    def where(self) -> str:
        """``file:line:col``, or ``book.xlsx:工作表!D7`` for a finding located in a workbook."""
        if self.sheet is not None and self.file.lower().endswith((".xlsx", ".xlsm")):
            return f"{self.file}:{self.sheet}!{self.cell}"
        return f"{self.file}:{self.line}:{self.column}"


_RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, stage: str, title: str) -> Rule:
    """Register a rule code; codes are stable once published and listed in the editor guide."""
    if code in _RULES:
        raise ValueError(f"duplicate rule code {code}")
    r = Rule(code, severity, stage, title)
    _RULES[code] = r
    return r


def rule_of(code: str) -> Rule:
    """The registered rule of ``code``."""
    return _RULES[code]


def all_rules() -> list[Rule]:
    """Every registered rule, ordered by code."""
    return sorted(_RULES.values(), key=lambda r: r.code)


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

# 0xx: loading
NOT_UTF8 = rule("ZW001", _E, "读取", "文件不是 UTF-8 编码（如 GBK/GB18030、UTF-16）")
YAML_SYNTAX = rule("ZW002", _E, "读取", "YAML 语法错误")
DUPLICATE_KEY = rule("ZW003", _E, "读取", "同一层级出现重复的字段名，后一个会覆盖前一个")
EMPTY_FILE = rule("ZW004", _E, "读取", "文件为空，或顶层不是「字段: 值」的结构")
ALIAS = rule("ZW005", _E, "读取", "使用了 YAML 锚点/别名（& 和 *），本项目不支持")
TOO_LARGE = rule("ZW006", _E, "读取", "文件过大，或嵌套过深")
CONTROL_CHAR = rule("ZW007", _E, "读取", "文件含有不可见的控制字符")
SYMLINK = rule("ZW008", _E, "读取", "数据文件或文件夹是符号链接（链接到别处的文件），不会被读取")
INVISIBLE = rule("ZW009", _E, "读取", "文字中有看不见的字符或改变文字方向的控制字符（可伪装成别的名称）")
FLOW_COMMA = rule("ZW010", _W, "读取", "方括号列表中用了中文逗号「，」或全角括号，多项被读成了一项")
# 1xx: schema
MISSING_FIELD = rule("ZW101", _E, "结构", "缺少必填字段")
EMPTY_VALUE = rule("ZW102", _E, "结构", "必填内容为空")
UNKNOWN_FIELD = rule("ZW103", _E, "结构", "未知字段（可能是拼写错误）")
NOT_ALLOWED = rule("ZW104", _E, "结构", "取值不在允许范围内")
WRONG_TYPE = rule("ZW105", _E, "结构", "取值类型不对（应为文字、列表、日期等）")
BAD_FORMAT = rule("ZW106", _E, "结构", "格式不对（如编号、日期、网址）")
DUPLICATE_VALUE = rule("ZW107", _E, "结构", "列表中有重复的值")
# 2xx: catalogue and registries
DUPLICATE_ID = rule("ZW201", _E, "目录", "事项编号重复")
UNKNOWN_UNIT = rule("ZW202", _E, "目录", "公开主体不是单位登记表中的单位或角色")
GARBLED = rule("ZW203", _E, "目录", "表格乱码（U+FFFD、锟斤拷、编码错读的文字）")
PLACEHOLDER = rule("ZW204", _E, "目录", "含有占位文字（XX、***、待填写等）")
SEQ_GAP = rule("ZW205", _E, "目录", "目录序号缺项")
SEQ_DUPLICATE = rule("ZW206", _E, "目录", "目录序号重复或顺序错乱")
UNKNOWN_DOMAIN = rule("ZW207", _E, "目录", "文件所属领域不在领域登记表中，或与文件名不符")
MISSING_DOMAIN = rule("ZW208", _E, "目录", "领域登记表中的领域缺少目录文件")
DRAFT = rule("ZW209", _I, "目录", "草稿内容，尚未经审定")
OTHER_CHANNEL = rule("ZW210", _E, "目录", "公开渠道「其他」与其说明不一致")
UNKNOWN_BASIS = rule("ZW211", _W, "目录", "公开依据引用的文件不在依据文件登记表中")
REGISTRY = rule("ZW212", _E, "目录", "登记表内部不一致（编号或名称重复、引用不存在的条目）")
STRAY_FILE = rule("ZW213", _W, "目录", "目录文件夹中有不会被读取的文件（如 .xlsx、.txt）")
LIST_IN_CELL = rule("ZW214", _W, "目录", "一个公开要素或主体里写了多项（含「、」），应分成多项")
UNSOURCED = rule("ZW215", _I, "目录", "草稿事项没有写明所据的网页（事项和文件的 source 中都没有 http/https 网址）")
# 3xx: town catalogues (镇街目录); the seed's mistakes are errors once submitted, info while pending
MISSING_TOWN = rule("ZW301", _E, "镇街目录", "镇街未报送目录（缺少目录文件）")
UNKNOWN_TOWN = rule("ZW302", _E, "镇街目录", "目录文件的镇街不在单位登记表中，或与文件名不符")
LATE = rule("ZW303", _E, "镇街目录", "报送不及时（报送日期晚于截止日期）")
UNMODIFIED = rule("ZW304", _E, "镇街目录", "直接报送了未修改的目录模板（未按要求筛选）")
PLACEHOLDER_SUBJECT = rule("ZW305", _E, "镇街目录", "公开主体仍是模板占位主体，未改为本镇街名称")
OMIT_NO_REASON = rule("ZW306", _E, "镇街目录", "删除模板事项未写明理由")
TOO_MANY_OMITTED = rule("ZW307", _E, "镇街目录", "公开事项删减过多（超过设定比例）")
DOMAIN_DROPPED = rule("ZW308", _E, "镇街目录", "整个领域被删除，且未写明未涉及说明")
ELEMENTS_TRIMMED = rule("ZW309", _E, "镇街目录", "删减了模板的公开要素，未写明理由")
UNTOUCHED = rule("ZW310", _E, "镇街目录", "模板事项既未采用也未删除（如模板新增的事项）")
UNKNOWN_TEMPLATE_ITEM = rule("ZW311", _E, "镇街目录", "引用的模板事项编号不存在")
BAD_ENTRY = rule("ZW312", _E, "镇街目录", "条目写法不对（template 与 local 须二选一，删除的事项不能再改写）")
WORKFLOW = rule("ZW313", _E, "镇街目录", "编制状态与日期不一致（如已报送却没有报送日期）")
DUPLICATE_REF = rule("ZW314", _E, "镇街目录", "同一模板事项被列了两次")
NA_WITH_ITEMS = rule("ZW315", _E, "镇街目录", "领域既写了未涉及说明又列了事项")
NOT_TOWN_DOMAIN = rule("ZW316", _E, "镇街目录", "领域不属于镇街级目录，或同一领域写了两次")
PENDING = rule("ZW317", _I, "镇街目录", "镇街尚未完成筛选（待筛选），页面如实标注")
TEMPLATE_COVERAGE = rule("ZW318", _E, "镇街目录", "镇街级领域缺少模板文件，或模板文件不属于镇街级领域")
TEMPLATE_LEVEL = rule("ZW319", _W, "镇街目录", "模板事项的公开层级不含乡级")
CHANGED_NO_REASON = rule("ZW320", _E, "镇街目录", "改动了模板事项的某一列（时限、主体、渠道等），未写明理由")
BADLY_FILLED = rule("ZW321", _E, "镇街目录", "报送表格中有填写不规范、无法读取的单元格（内容填写不规范）")
WORKBOOK_RECORD = rule("ZW322", _E, "镇街目录", "记录的报送表格不在仓库中，或与记录的校验值不符")
OTHER_TOWN = rule("ZW323", _E, "镇街目录", "公开主体写的是另一个镇街")
# 4xx: bulletins (季度通报) and inspection records
FIGURES_DONT_ADD_UP = rule("ZW401", _E, "通报", "数据对不上（分项之和超过或不等于总数）")
BULLETIN_UNKNOWN_UNIT = rule("ZW402", _E, "通报", "附件或数据中的单位不在单位登记表中")
DATE_OUTSIDE = rule("ZW403", _E, "通报", "日期不在本季度或检查期间内")
BULLETIN_FOLDER = rule("ZW404", _E, "通报", "通报文件夹的名称或内容不对（应为 2020-q4 这样的名称，内含 bulletin.yaml）")
ANNEX_NUMBERING = rule("ZW405", _E, "通报", "附件序号缺号或重复")
FIGURE_NOT_IN_TEXT = rule("ZW406", _W, "通报", "主要数据的数值在正文中找不到（可能录错）")
ANNEX_SOURCE = rule("ZW407", _E, "通报", "附件要求由检查记录计算，但缺少检查记录")
UNKNOWN_CYCLE = rule("ZW408", _W, "通报", "栏目的更新周期不在设定中，按栏目类别的默认期限计算")
DUPLICATE_FIGURE = rule("ZW409", _E, "通报", "主要数据编号重复")
BULLETIN_DRAFT = rule("ZW410", _I, "通报", "通报是草稿（尚未印发）：不在正式网站发布，预览中显示并标明草稿")
RECORD_UNKNOWN_UNIT = rule("ZW411", _E, "通报", "材料报送或亮点信息记录中的单位不在单位登记表中")
ANNEX_NOT_IN_TEXT = rule("ZW412", _W, "通报", "附件列出的单位在通报正文中没有提到（第二部分与附件不一致）")
QUARTER_RECORDS = rule("ZW413", _E, "通报", "生成名单所需的记录缺少或不一致（如没有 materials.yaml、月份不在记录期间、同一单位写了两次）")
# 5xx: experience zones (政务公开体验区)
UNKNOWN_REQUIREMENT = rule("ZW501", _E, "体验区", "对照检查引用了标准中没有的要求编号")
UNANSWERED = rule("ZW502", _E, "体验区", "标准的必备要求没有作答（met / not_met / unknown）")
BAD_PHONE = rule("ZW503", _E, "体验区", "电话号码格式不对")
BAD_HOURS = rule("ZW504", _E, "体验区", "开放时间格式不对，或结束早于开始")
ZONE_TOWN = rule("ZW505", _E, "体验区", "体验区所属镇街不在单位登记表中，或与文件名不符")
ZONE_UNKNOWN = rule("ZW506", _I, "体验区", "体验区有未掌握的情况，页面如实标注")
DUPLICATE_REQUIREMENT = rule("ZW507", _E, "体验区", "标准中的要求编号重复")
ZONE_MISSING = rule("ZW508", _W, "体验区", "镇街没有体验区记录")
# 6xx: personal information and wording (个人信息与规范用语)
ID_NUMBER = rule("ZW601", _E, "个人信息", "公开内容中有居民身份证号码")
MOBILE = rule("ZW602", _E, "个人信息", "公开内容中有手机号码（登记在公开号码表中的除外）")
BANK_CARD = rule("ZW603", _E, "个人信息", "公开内容中有银行卡号")
WORDING = rule("ZW604", _W, "规范用语", "用语不规范或常见错字（县政务公开办维护的用语表）")
# 7xx: site settings (mkdocs.yml)
FOOTER_UNSET = rule("ZW701", _I, "网站设置", "政府网站页脚的某项设置尚未填写（页面不显示该项）")
FOOTER_FORMAT = rule("ZW702", _W, "网站设置", "政府网站页脚设置的格式不对（网站标识码、备案号）")
SITE_CONFIG = rule("ZW703", _E, "网站设置", "mkdocs.yml 无法读取")
UNSAFE_SETTING = rule("ZW704", _E, "网站设置", "网站设置或名称含有 HTML 标记、不安全的链接（只允许 http/https）")
FRONT_MATTER = rule("ZW705", _E, "网站设置", "手写页面开头的设置（front matter）有未知字段或取值不对")
SITE_URL_UNSET = rule("ZW706", _I, "网站设置", "没有设置专栏的正式网址 site_url：sitemap.xml 不列出页面网址")
# 8xx: site search (站内搜索)
SEARCH_SYNONYM = rule("ZW801", _E, "搜索", "搜索同义词表有误（同一个词写了两次、为空，或只指向自己）")
MARKUP_IN_NAME = rule("ZW108", _E, "结构", "名称或标题含有 HTML 标记字符（< > & \" ' `），或换行")


def make(
    r: Rule,
    file: str,
    line: int,
    column: int,
    message: str,
    severity: Severity | None = None,
) -> Diagnostic:
    """Build a diagnostic of rule ``r``; ``severity`` overrides the rule's default where policy says so."""
    return Diagnostic(file, max(line, 1), max(column, 1), r.code, severity or r.severity, message)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str, str]:
    return (d.file, d.line, d.column, d.code, d.message)


def count(diags: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diags if d.severity is severity)


def format_text(diags: Iterable[Diagnostic]) -> str:
    """``path:line:col: CODE severity message``, one line each."""
    return "".join(f"{d.where}: {d.code} {d.severity.value} {d.message}\n" for d in diags)


def format_json(diags: Iterable[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in diags], ensure_ascii=False, indent=2) + "\n"


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def format_github(diags: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so findings show on the changed lines of a pull request."""
    kind = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    return "".join(
        f"::{kind[d.severity]} file={_gh_escape(d.file, True)},line={d.line},col={d.column},"
        f"title={d.code}::{_gh_escape(d.message)}\n"
        for d in diags
    )


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
