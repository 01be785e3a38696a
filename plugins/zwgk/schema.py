"""JSON Schemas of the source files (结构), and the validator that reports against them in Chinese.

The schemas are defined here once. ``zwgk schemas`` writes them to ``plugins/zwgk/schemas/`` as
JSON for editors' YAML editors (``# yaml-language-server: $schema=…``); a test keeps the written
files equal to these definitions. The validator below interprets the subset of JSON Schema used
(type, required, properties, additionalProperties, enum, minLength, minItems, uniqueItems,
pattern, format date, $ref) so that every finding carries a Chinese message with the official
column name and the file position, and so that checking stays as fast as parsing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from pathlib import Path
from typing import Any

from . import diagnostics as dg
from . import vocab
from .diagnostics import Diagnostic
from .loading import PathKey, Source

SCHEMA_DIR = Path(__file__).parent / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _s(title: str, description: str, **kw: Any) -> dict[str, Any]:
    return {"title": title, "description": description, "type": "string", "minLength": 1, **kw}


def _list(title: str, description: str, items: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {"title": title, "description": description, "type": "array", "minItems": 1,
            "items": items, **kw}


_PROVENANCE = {
    "source": _s("来源", "写明内容出自哪份文件，或据什么起草（草稿须写明）"),
    "status": {"title": "状态", "description": "draft（草稿，未经审定）或 official（正式）",
               "enum": list(vocab.STATUSES)},
}
_DATE = {"title": "更新日期", "description": "最近一次修改内容的日期，如 2024-05-01",
         "type": "string", "format": "date"}

ITEM: dict[str, Any] = {
    "title": "公开事项",
    "type": "object",
    "required": ["id", "category", "subcategory", "elements", "basis", "time_limit",
                 "subjects", "channels", "audience", "method", "levels"],
    "additionalProperties": False,
    "properties": {
        "id": _s("事项编号", "本领域内唯一的编号（小写拼音、数字和连字符），发布后不再改动",
                 pattern=SLUG),
        "seq": {"title": "序号", "description": "原表格中的序号（仅导入表格时保留，用于检查缺号）",
                "type": "integer", "minimum": 1},
        "category": _s("一级事项", "公开事项的一级分类，如「最低生活保障」"),
        "subcategory": _s("二级事项", "公开事项的二级分类，如「办事指南」"),
        "elements": _list("公开内容（要素）", "逐条列出应公开的要素，每行一个",
                          _s("公开要素", "一个公开要素，如「申请材料」"), uniqueItems=True),
        "basis": _list("公开依据", "请填写法律法规或文件名称，如《社会救助暂行办法》",
                       _s("公开依据", "法律法规或文件名称")),
        "time_limit": _s("公开时限", "如「信息形成或者变更之日起20个工作日内」"),
        "subjects": _list("公开主体", "负责公开的单位，须是 catalogues/units.yaml 中的名称或简称",
                          _s("公开主体", "单位名称或简称"), uniqueItems=True),
        "channels": _list("公开渠道和载体", "从清单中选择，如「政府网站」",
                          {"title": "公开渠道", "description": "清单中的一项",
                           "enum": [*vocab.CHANNELS, *vocab.EXTRA_CHANNELS]},
                          uniqueItems=True),
        "channel_other": _s("其他渠道说明", "选了「其他」时写明具体渠道"),
        "audience": {"title": "公开对象", "description": "全社会 或 特定群体",
                     "enum": list(vocab.AUDIENCES)},
        "method": {"title": "公开方式", "description": "主动 或 依申请",
                   "enum": list(vocab.METHODS)},
        "levels": _list("公开层级", "县级、乡级，可多选",
                        {"title": "公开层级", "description": "县级 或 乡级",
                         "enum": list(vocab.LEVELS)}, uniqueItems=True),
        "portal_url": _s("网站栏目地址", "政府网站上公开该事项的栏目网址", pattern=r"^https?://\S+$"),
        "note": _s("备注", "补充说明"),
        **_PROVENANCE,
    },
}

CATALOGUE: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "catalogue.schema.json",
    "title": "基层政务公开标准目录（一个领域）",
    "type": "object",
    "required": ["domain", "source", "status", "updated", "items"],
    "additionalProperties": False,
    "properties": {
        "domain": _s("领域", "领域编号，须与文件名相同，见 catalogues/domains.yaml", pattern=SLUG),
        **_PROVENANCE,
        "updated": _DATE,
        "note": _s("说明", "本领域目录的补充说明"),
        "items": _list("公开事项", "本领域的全部公开事项，按表格顺序排列", {"$ref": "#/$defs/item"}),
    },
    "$defs": {"item": ITEM},
}

DOMAINS: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "domains.schema.json",
    "title": "领域登记表",
    "type": "object",
    "required": ["source", "status", "updated", "domains"],
    "additionalProperties": False,
    "properties": {
        **_PROVENANCE,
        "updated": _DATE,
        "domains": _list("领域", "县级 26 个领域，按发布顺序排列", {
            "title": "领域",
            "type": "object",
            "required": ["id", "name", "guideline", "town"],
            "additionalProperties": False,
            "properties": {
                "id": _s("领域编号", "拼音编号，用于网址和文件名，发布后不再改动", pattern=SLUG),
                "name": _s("领域名称", "如「社会救助」"),
                "former_names": _list("曾用名", "旧称，如「征地补偿」", _s("曾用名", "旧称")),
                "guideline": _s("标准指引", "国务院部门印发的本领域标准指引标题，须在依据文件登记表中"),
                "town": {"title": "适用于镇街", "description": "true 表示本领域列入镇街级目录",
                         "type": "boolean"},
            },
        }),
    },
}

UNITS: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "units.schema.json",
    "title": "单位登记表",
    "type": "object",
    "required": ["source", "status", "updated", "units"],
    "additionalProperties": False,
    "properties": {
        **_PROVENANCE,
        "updated": _DATE,
        "units": _list("单位", "镇街、县直部门和通用主体", {
            "title": "单位",
            "type": "object",
            "required": ["id", "name", "kind"],
            "additionalProperties": False,
            "properties": {
                "id": _s("单位编号", "拼音编号，用于网址，发布后不再改动", pattern=SLUG),
                "name": _s("单位全称", "如「莒南县民政局」"),
                "aliases": _list("简称", "编辑常写的简称，如「县民政局」「民政局」",
                                 _s("简称", "一个简称"), uniqueItems=True),
                "kind": {"title": "类别", "description": "department、town、street、government 或 role",
                         "enum": list(vocab.UNIT_KINDS)},
                "placeholder": {"title": "模板占位主体",
                                "description": "true 表示这是镇街目录模板中的占位主体，镇街目录中须换成本镇街名称",
                                "type": "boolean"},
                "note": _s("备注", "补充说明"),
                **_PROVENANCE,
            },
        }),
    },
}

BASIS: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "basis.schema.json",
    "title": "依据文件登记表",
    "type": "object",
    "required": ["source", "status", "updated", "documents"],
    "additionalProperties": False,
    "properties": {
        **_PROVENANCE,
        "updated": _DATE,
        "documents": _list("依据文件", "目录「公开依据」可引用的真实法律法规和文件", {
            "title": "依据文件",
            "type": "object",
            "required": ["title", "issuer"],
            "additionalProperties": False,
            "properties": {
                "title": _s("文件标题", "不带书名号，如「社会救助暂行办法」"),
                "number": _s("文号", "如「国务院令第649号」；未核实的不要填"),
                "issuer": _s("发布机关", "如「国务院」"),
                "note": _s("备注", "补充说明"),
            },
        }),
    },
}

_OVERRIDES = {k: v for k, v in ITEM["properties"].items()
              if k not in ("id", "seq", "source", "status")}

TOWN_ENTRY: dict[str, Any] = {
    "title": "镇街目录条目",
    "description": "采用模板事项（template），可改写部分列并说明理由（reason）；删除的写明 omit 理由；本镇街新增事项写在 local 下",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "template": _s("模板事项编号", "采用的模板事项编号，如 shjz-03", pattern=SLUG),
        # no minLength: a blank reason is ZW306, whose severity follows the catalogue's status
        "omit": {"title": "删除理由", "description": "不采用该模板事项的理由，如「本镇无此项业务，由县民政局统一公开」",
                 "type": "string"},
        "reason": _s("修改理由", "改写模板事项（尤其删减公开要素）的理由"),
        "local": {"$ref": "#/$defs/item"},
        **_OVERRIDES,
    },
}

TOWN_CATALOGUE: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "town-catalogue.schema.json",
    "title": "镇街基层政务公开标准目录",
    "type": "object",
    "required": ["town", "source", "status", "updated", "domains"],
    "additionalProperties": False,
    "properties": {
        "town": _s("镇街", "镇街编号，须与文件名相同，见 catalogues/units.yaml", pattern=SLUG),
        "source": _PROVENANCE["source"],
        "status": {"title": "编制状态",
                   "description": "pending（尚未筛选）、submitted（已报送，须填 submitted_on）或 approved（已审定）",
                   "enum": list(vocab.TOWN_STATUSES)},
        "submitted_on": {"title": "报送日期", "description": "镇街报送目录的日期，如 2020-12-20",
                         "type": "string", "format": "date"},
        "approved_on": {"title": "审定日期", "description": "县政务公开办审定的日期", "type": "string",
                        "format": "date"},
        "updated": _DATE,
        "screening_note": _s("筛选说明", "全部采用模板事项时，说明已逐项筛选的情况"),
        "domains": _list("领域", "镇街级各领域的目录，每个领域一项", {
            "title": "镇街目录领域",
            "type": "object",
            "required": ["domain"],
            "additionalProperties": False,
            "properties": {
                "domain": _s("领域", "领域编号，见 catalogues/domains.yaml（town: true 的领域）", pattern=SLUG),
                "not_applicable": _s("未涉及说明", "本镇街不涉及该领域的原因（未涉及领域事项说明）"),
                "items": {"title": "事项", "description": "逐项列出模板事项的处理和本镇街新增事项",
                          "type": "array", "items": TOWN_ENTRY},
            },
        }),
    },
    "$defs": {"item": ITEM},
}

SETTINGS: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "settings.schema.json",
    "title": "县政务公开办设定",
    "type": "object",
    "required": ["source", "status", "updated"],
    "additionalProperties": False,
    "properties": {
        **_PROVENANCE,
        "updated": _DATE,
        "town_catalogue": {
            "title": "镇街目录编制",
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "due": {"title": "报送截止日期", "description": "县政务公开办要求镇街报送目录的截止日期；未知时不填",
                        "type": "string", "format": "date"},
                "max_omitted_share": {"title": "删减比例上限",
                                      "description": "一个领域中删除的模板事项占比超过此值即报错，如 0.5",
                                      "type": "number", "minimum": 0, "maximum": 1},
            },
        },
    },
}

SCHEMAS: dict[str, dict[str, Any]] = {
    "catalogue": CATALOGUE,
    "town-catalogue": TOWN_CATALOGUE,
    "domains": DOMAINS,
    "units": UNITS,
    "basis": BASIS,
    "settings": SETTINGS,
}


def schema_path(kind: str) -> Path:
    return SCHEMA_DIR / f"{kind}.schema.json"


def dump(kind: str) -> str:
    """The JSON text written for ``kind`` (stable: sorted by our own key order, UTF-8)."""
    return json.dumps(SCHEMAS[kind], ensure_ascii=False, indent=2) + "\n"


def write_all(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema as JSON; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in SCHEMAS:
        p = directory / f"{kind}.schema.json"
        p.write_text(dump(kind), encoding="utf-8", newline="\n")
        out.append(p)
    return out


# --- validation -------------------------------------------------------------------------------

_TYPE_LABEL = {"string": "文字", "integer": "整数", "number": "数字", "array": "列表（每行以「- 」开头）",
               "object": "「字段: 值」的结构", "boolean": "true 或 false"}
_pattern_cache: dict[str, re.Pattern[str]] = {}


def _label(schema: dict[str, Any], key: str | int | None) -> str:
    title = schema.get("title")
    if title and isinstance(key, str):
        return f"「{title}」（{key}）"
    return f"「{title}」" if title else f"「{key}」"


def _type_ok(value: Any, schema: dict[str, Any]) -> bool:
    t = schema.get("type")
    if t is None:
        return True
    if t == "string":
        if schema.get("format") == "date":
            return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        return isinstance(value, str)
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "boolean":
        return isinstance(value, bool)
    if t == "array":
        return isinstance(value, list)
    if t == "object":
        return isinstance(value, dict)
    return True  # pragma: no cover


def _display(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "（结构）"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


class Validator:
    """Checks one source against one schema and collects diagnostics."""

    def __init__(self, root_schema: dict[str, Any]) -> None:
        self.root = root_schema
        self.defs: dict[str, Any] = root_schema.get("$defs", {})

    def validate(self, src: Source) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        self._check(src, src.data, self.root, (), out)
        return out

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        if ref:
            resolved: dict[str, Any] = self.defs[ref.rsplit("/", 1)[-1]]
            return resolved
        return schema

    def _check(self, src: Source, value: Any, schema: dict[str, Any], path: PathKey,
               out: list[Diagnostic]) -> None:
        schema = self._resolve(schema)
        key = path[-1] if path else None
        label = _label(schema, key)
        if "enum" in schema:
            if value not in schema["enum"]:
                allowed = "、".join(map(str, schema["enum"]))
                hint = ""
                if isinstance(value, str):
                    fixed = vocab.VARIANTS.get(value.strip()) or next(
                        iter(difflib.get_close_matches(value, schema["enum"], 1, 0.5)), None)
                    if fixed in schema["enum"]:
                        hint = f"（是否应为「{fixed}」？）"
                out.append(src.diag(dg.NOT_ALLOWED, path,
                                    f"{label}的值「{_display(value)}」不在允许范围内{hint}：可选 {allowed}"))
            return
        if not _type_ok(value, schema):
            want = "日期（如 2024-05-01，不加引号）" if schema.get("format") == "date" else \
                _TYPE_LABEL.get(schema.get("type", ""), schema.get("type", ""))
            out.append(src.diag(dg.WRONG_TYPE, path, f"{label}应为{want}，现为「{_display(value)}」"))
            return
        if isinstance(value, str):
            if len(value.strip()) < schema.get("minLength", 0):
                out.append(src.diag(dg.EMPTY_VALUE, path,
                                    f"{label}为空：{schema.get('description', '请填写')}"))
                return
            pattern = schema.get("pattern")
            if pattern:
                rx = _pattern_cache.get(pattern) or _pattern_cache.setdefault(pattern, re.compile(pattern))
                if not rx.search(value):
                    out.append(src.diag(dg.BAD_FORMAT, path,
                                        f"{label}「{_display(value)}」格式不对：{schema.get('description', '')}"))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                out.append(src.diag(dg.BAD_FORMAT, path, f"{label}不能小于 {schema['minimum']}"))
            if "maximum" in schema and value > schema["maximum"]:
                out.append(src.diag(dg.BAD_FORMAT, path, f"{label}不能大于 {schema['maximum']}"))
        elif isinstance(value, list):
            self._check_list(src, value, schema, path, label, out)
        elif isinstance(value, dict):
            self._check_object(src, value, schema, path, out)

    def _check_list(self, src: Source, value: list[Any], schema: dict[str, Any], path: PathKey,
                    label: str, out: list[Diagnostic]) -> None:
        if len(value) < schema.get("minItems", 0):
            out.append(src.diag(dg.EMPTY_VALUE, path, f"{label}为空：{schema.get('description', '请填写')}"))
            return
        item_schema = schema.get("items")
        seen: dict[Any, int] = {}
        for i, v in enumerate(value):
            if item_schema is not None:
                self._check(src, v, item_schema, (*path, i), out)
            if schema.get("uniqueItems") and isinstance(v, (str, int)):
                if v in seen:
                    line = src.at((*path, seen[v]))[0]
                    out.append(src.diag(dg.DUPLICATE_VALUE, (*path, i),
                                        f"{label}中「{_display(v)}」重复（第 {line} 行已有）：请删除一个"))
                else:
                    seen[v] = i

    def _check_object(self, src: Source, value: dict[str, Any], schema: dict[str, Any],
                      path: PathKey, out: list[Diagnostic]) -> None:
        props: dict[str, Any] = schema.get("properties", {})
        for name in schema.get("required", ()):
            if name not in value:
                p = self._resolve(props.get(name, {}))
                out.append(src.diag(dg.MISSING_FIELD, path,
                                    f"缺少必填字段{_label(p, name)}：{p.get('description', '请补充')}"))
            elif value[name] is None:
                p = self._resolve(props.get(name, {}))
                out.append(src.diag(dg.EMPTY_VALUE, (*path, name),
                                    f"{_label(p, name)}为空：{p.get('description', '请填写')}"))
        for name, v in value.items():
            sub = props.get(name)
            if sub is None:
                if schema.get("additionalProperties", True) is False:
                    out.append(src.diag(dg.UNKNOWN_FIELD, (*path, name),
                                        f"未知字段「{name}」{_suggest(name, props, self)}", key=True))
                continue
            if v is None:
                continue  # an optional field left blank is absent; a required one was reported above
            self._check(src, v, sub, (*path, name), out)


def _suggest(name: str, props: dict[str, Any], v: Validator) -> str:
    titles = {v._resolve(p).get("title", ""): k for k, p in props.items()}
    if name in titles:
        return f"：请改用英文字段名「{titles[name]}」"
    for title, k in titles.items():
        if title and (name in title or title in name):
            return f"：是否应为「{k}」（{title}）？"
    close = difflib.get_close_matches(name, list(props), 1, 0.6)
    if close:
        return f"：是否应为「{close[0]}」？"
    return "：可用字段有 " + "、".join(props)


_validators: dict[str, Validator] = {}


def validate(src: Source, kind: str) -> list[Diagnostic]:
    """Validate a loaded source against the schema of ``kind`` (catalogue, domains, units, basis)."""
    v = _validators.get(kind)
    if v is None:
        v = _validators[kind] = Validator(SCHEMAS[kind])
    return v.validate(src)
