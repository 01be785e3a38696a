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
    if kw.get("pattern") == SLUG:
        kw.setdefault("maxLength", 64)  # ids become file and folder names of the site
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
                "type": "integer", "minimum": 1, "maximum": 3660},
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
                "keywords": _list("关键词", "群众常用的说法，便于搜索，如「低保」", _s("关键词", "一个词"),
                                  uniqueItems=True),
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
                "contact": {
                    "title": "联系方式", "description": "单位公开的地址、电话等，须写明出处（如政府信息公开工作年度报告）",
                    "type": "object", "required": ["source"], "additionalProperties": False,
                    "properties": {
                        "address": _s("办公地址", "如「莒南县十字路街道人民路 1 号」"),
                        "postcode": _s("邮政编码", "6 位数字", pattern=r"^\d{6}$"),
                        "phone": _s("联系电话", "如 0539-7212345"),
                        "email": _s("电子邮箱", "如 xxx@163.com", pattern=r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$"),
                        "hours": _s("办公时间", "如「工作日 8:30-12:00，13:30-17:00」"),
                        "disclosure_url": _s("政府信息公开网址", "本单位政府信息公开专栏或年度报告的网址",
                                             pattern=r"^https?://\S+$"),
                        "source": _s("出处", "联系方式出自哪份公开文件（标题和网址）"),
                    },
                },
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
                "source": _s("出处", "在哪里读到的标题和文号（网址或文件）；没有出处的文号页面显示为未核实"),
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
        "inspection": {
            "title": "网站栏目和政务新媒体检查阈值",
            "description": "默认值取自《政府网站与政务新媒体检查指标》和本县要求",
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "news_days": {"title": "动态要闻更新间隔（天）", "description": "默认 14（两周）", "type": "integer", "minimum": 1, "maximum": 3660},
                "notice_days": {"title": "通知公告、政策文件更新间隔（天）", "description": "默认 183（六个月）",
                                "type": "integer", "minimum": 1, "maximum": 3660},
                "long_overdue_days": {"title": "长期未更新（天）", "description": "超过即为「超半年未更新」，默认 183",
                                      "type": "integer", "minimum": 1, "maximum": 3660},
                "cycle_days": {"title": "更新周期对应天数", "description": "如 每月: 31", "type": "object",
                               "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 3660}},
                "default_cycles": {"title": "按栏目类别检查的更新周期",
                                   "description": "没有固定天数的更新周期，如「根据变动及时更新」，按动态类 14 天、其他 183 天检查",
                                   "type": "array", "items": {"type": "string", "minLength": 1}},
                "bulk_items": {"title": "一次性增补条数", "description": "几天内发布至少这么多条视为集中增补，默认 5",
                               "type": "integer", "minimum": 2, "maximum": 3660},
                "bulk_window_days": {"title": "一次性增补窗口（天）", "description": "默认 3", "type": "integer", "minimum": 1, "maximum": 3660},
                "bulk_gap_days": {"title": "增补前空档（天）", "description": "增补前至少这么多天没有更新，默认 60",
                                  "type": "integer", "minimum": 1, "maximum": 3660},
                "repeated_times": {"title": "多次超期（次）",
                                   "description": "本期内超期的间隔达到这么多次即为「多次超期」（新媒体为「多次未按要求每周更新」），默认 2",
                                   "type": "integer", "minimum": 2, "maximum": 3660},
                "account_week_days": {"title": "新媒体每周更新（天）", "description": "默认 7", "type": "integer", "minimum": 1, "maximum": 3660},
                "account_veto_days": {"title": "新媒体单项否决（天）", "description": "超过即否决，默认 14", "type": "integer",
                                      "minimum": 1, "maximum": 3660},
                "account_zombie_days": {"title": "僵尸账号（天）", "description": "超过即视为僵尸账号，默认 90",
                                        "type": "integer", "minimum": 1, "maximum": 3660},
            },
        },
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

_PROBLEMS = _list("问题", "通报所列的问题，如「超半年未更新」", _s("问题", "一个问题"))

BULLETIN: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "bulletin.schema.json",
    "title": "季度政务公开工作情况通报",
    "type": "object",
    "required": ["title", "issuer", "recipients", "date", "year", "quarter", "disclosure", "source",
                 "status", "updated", "sections"],
    "additionalProperties": False,
    "properties": {
        "title": _s("标题", "通报标题，如「关于2020年第四季度全县政务公开工作情况的通报」"),
        "doc_number": _s("文号", "发文字号（原文有才填）"),
        "issuer": _s("发文单位", "如「莒南县人民政府办公室」"),
        "recipients": _s("主送", "如「各镇街人民政府（办事处），县直有关部门、单位」"),
        "date": {"title": "成文日期", "description": "落款日期，如 2021-01-15", "type": "string", "format": "date"},
        "year": {"title": "年度", "description": "通报的年度，如 2020", "type": "integer", "minimum": 2000,
                 "maximum": 2100},
        "quarter": {"title": "季度", "description": "1、2、3 或 4", "type": "integer", "minimum": 1, "maximum": 4},
        "disclosure": {"title": "公开属性", "description": "如「此件公开发布」",
                       "enum": ["此件公开发布", "此件依申请公开"]},
        **_PROVENANCE,
        "updated": _DATE,
        "opening": _s("开头", "正文第一段（Markdown）"),
        "sections": _list("正文", "按原文的大标题分段", {
            "title": "正文一节", "type": "object", "required": ["heading", "body"],
            "additionalProperties": False,
            "properties": {
                "heading": _s("标题", "如「一、基本工作情况」（保留原文编号）"),
                "body": _s("内容", "本节正文（Markdown），段落之间空一行"),
            },
        }),
        "figures": {"title": "主要数据", "description": "本季度的主要数字，须与正文一致",
                    "type": "array", "items": {
            "title": "一项数据", "type": "object", "required": ["id", "label", "value", "unit"],
            "additionalProperties": False,
            "properties": {
                "id": _s("数据编号", "跨季度不变的编号，用于趋势图，如 posts", pattern=SLUG),
                "label": _s("名称", "如「县政府门户网站发布信息」"),
                "value": {"title": "数值", "description": "非负整数", "type": "integer", "minimum": 0},
                "unit": _s("单位", "如「条」「件」「个」"),
                "partial": {"title": "分项不全", "description": "true 表示分项只列了一部分，分项之和可小于总数",
                            "type": "boolean"},
                "parts": {"title": "其中", "description": "分项，每项写 label（名称）或 unit（单位）和 value",
                          "type": "array", "items": {
                    "title": "分项", "type": "object", "required": ["value"], "additionalProperties": False,
                    "properties": {
                        "label": _s("分项名称", "如「政务公开类信息」"),
                        "unit": _s("单位", "分项所属单位，须在单位登记表中"),
                        "value": {"title": "数值", "description": "非负整数", "type": "integer", "minimum": 0},
                    },
                }},
            },
        }},
        "annexes": {"title": "附件", "description": "附件表格，按附件序号排列", "type": "array", "items": {
            "title": "附件", "type": "object", "required": ["number", "title", "kind"],
            "additionalProperties": False,
            "properties": {
                "number": {"title": "附件序号", "description": "1、2、3……", "type": "integer", "minimum": 1, "maximum": 3660},
                "title": _s("附件标题", "如「2020年第四季度镇街网站内容保障情况通报表」"),
                "kind": {"title": "类别", "description": "towns（镇街栏目）、departments（部门栏目）或 new-media（政务新媒体）",
                         "enum": ["towns", "departments", "new-media"]},
                "as_of": {"title": "截至日期", "description": "检查截至日期", "type": "string", "format": "date"},
                "computed": {"title": "由检查记录计算",
                             "description": "true 表示本附件各行由同一文件夹中 inspections.yaml 的检查记录计算，不手填 rows",
                             "type": "boolean"},
                "rows": {"title": "各行", "description": "通报所列的单位、栏目（或账号）和问题", "type": "array",
                         "items": {
                    "title": "一行", "type": "object", "required": ["unit", "problems"],
                    "additionalProperties": False,
                    "properties": {
                        "unit": _s("单位", "须在单位登记表中，如「县审计局」"),
                        "column": _s("栏目", "网站栏目名称，如「部门文件」"),
                        "account": _s("账号", "政务新媒体账号名称"),
                        "platform": _s("平台", "如「微信公众号」"),
                        "problems": _PROBLEMS,
                    },
                }},
            },
        }},
    },
}

_DATES = {"type": "array", "items": {"type": "string", "format": "date", "title": "日期",
                                    "description": "如 2020-12-28"}}

INSPECTION: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "inspection.schema.json",
    "title": "网站栏目和政务新媒体检查记录",
    "type": "object",
    "required": ["checked_on", "source", "status", "updated"],
    "additionalProperties": False,
    "properties": {
        "checked_on": {"title": "检查日期", "description": "读网检查的日期（可晚于季度末）", "type": "string",
                       "format": "date"},
        **_PROVENANCE,
        "updated": _DATE,
        "columns": {"title": "网站栏目", "type": "array", "items": {
            "title": "栏目记录", "type": "object", "required": ["unit", "column", "kind", "cycle"],
            "additionalProperties": False,
            "properties": {
                "unit": _s("单位", "负责栏目的单位，须在单位登记表中"),
                "column": _s("栏目", "栏目名称"),
                "kind": {"title": "栏目类别", "description": "news（动态、要闻）、notice（通知公告）、policy（政策文件）或 other",
                         "enum": ["news", "notice", "policy", "other"]},
                "cycle": _s("更新周期", "主动公开基本目录中的更新周期，如「每月」「实时」"),
                "published": {**_DATES, "title": "本期发布日期", "description": "检查期间（季度初至检查日）每条信息的发布日期"},
                "last_before": {"title": "此前最后更新", "description": "本季度之前最后一次更新的日期；从未更新则不填",
                                "type": "string", "format": "date"},
            },
        }},
        "accounts": {"title": "政务新媒体", "type": "array", "items": {
            "title": "账号记录", "type": "object", "required": ["name", "platform", "unit"],
            "additionalProperties": False,
            "properties": {
                "name": _s("账号名称", "如「莒南县河长制办公室」"),
                "platform": _s("平台", "如「微信公众号」"),
                "unit": _s("主办单位", "须在单位登记表中"),
                "updates": {**_DATES, "title": "本期更新日期", "description": "检查期间每次更新的日期"},
                "last_before": {"title": "此前最后更新", "description": "本季度之前最后一次更新的日期",
                                "type": "string", "format": "date"},
                "interaction": {"title": "互动功能", "description": "是否有留言等互动功能", "type": "boolean"},
                "filed": {"title": "已备案", "description": "是否已在政务新媒体备案系统备案", "type": "boolean"},
            },
        }},
    },
}

ZONE_STANDARD: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "zone-standard.schema.json",
    "title": "政务公开体验区建设标准",
    "type": "object",
    "required": ["title", "source", "status", "updated", "areas"],
    "additionalProperties": False,
    "properties": {
        "title": _s("标题", "如「莒南县政务公开体验区建设标准」"),
        "issued": {"title": "印发日期", "description": "如 2020-12-01", "type": "string", "format": "date"},
        **_PROVENANCE,
        "updated": _DATE,
        "note": _s("说明", "补充说明"),
        "areas": _list("建设内容", "按方面分组的要求", {
            "title": "一个方面", "type": "object", "required": ["id", "name", "requirements"],
            "additionalProperties": False,
            "properties": {
                "id": _s("编号", "如 siting", pattern=SLUG),
                "name": _s("名称", "如「场所选址」"),
                "requirements": _list("要求", "本方面的各项要求", {
                    "title": "一项要求", "type": "object", "required": ["id", "text", "required"],
                    "additionalProperties": False,
                    "properties": {
                        "id": _s("要求编号", "全文唯一，如 xz-01；体验区逐项对照时引用", pattern=SLUG),
                        "text": _s("要求", "要求的内容"),
                        "required": {"title": "必备", "description": "true 为必备项，false 为建议项",
                                     "type": "boolean"},
                        "service": _s("对群众的服务", "达标时在体验区名录中向群众展示的服务名称，如「政府信息查询」"),
                    },
                }),
            },
        }),
    },
}

ZONE: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "zone.schema.json",
    "title": "镇街政务公开体验区",
    "type": "object",
    "required": ["town", "source", "status", "updated", "answers"],
    "additionalProperties": False,
    "properties": {
        "town": _s("镇街", "镇街编号，须与文件名相同", pattern=SLUG),
        **_PROVENANCE,
        "updated": _DATE,
        "hall": _s("所在场所", "如「大店镇便民服务中心」；未掌握的不填"),
        "address": _s("地址", "详细地址；未掌握的不填"),
        "hours": _list("开放时间", "每行一段，如「周一至周五 09:00-12:00」；未掌握的不填",
                       _s("开放时间", "如「周一至周五 09:00-12:00」")),
        "phone": _s("咨询电话", "如 0539-7212345 或 12345；未掌握的不填"),
        "completed": {"title": "建成日期", "description": "未掌握的不填", "type": "string", "format": "date"},
        "answers": {"title": "对照检查", "description": "标准中每项要求的情况：met（达到）、not_met（未达到）或 unknown（未掌握）",
                    "type": "object", "additionalProperties": {
                        "title": "一项要求的情况", "type": "object", "required": ["state"],
                        "additionalProperties": False,
                        "properties": {
                            "state": {"title": "情况", "description": "met、not_met 或 unknown",
                                      "enum": ["met", "not_met", "unknown"]},
                            "note": _s("说明", "依据或补充说明"),
                        }}},
    },
}

PUBLIC_NUMBERS: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "public-numbers.schema.json",
    "title": "可公开的电话号码",
    "type": "object",
    "required": ["source", "status", "updated", "numbers"],
    "additionalProperties": False,
    "properties": {
        **_PROVENANCE,
        "updated": _DATE,
        "numbers": {"title": "号码", "description": "必须公开的单位电话（如办公手机），其余手机号一律视为个人信息",
                    "type": "array", "items": {
            "title": "一个号码", "type": "object", "required": ["number", "owner"], "additionalProperties": False,
            "properties": {
                "number": _s("号码", "只写数字，如 13800000000", pattern=r"^\d{7,19}$"),
                "owner": _s("所属单位", "如「大店镇便民服务中心」"),
                "note": _s("说明", "为什么必须公开"),
            }}},
    },
}

WORDING_LIST: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "wording.schema.json",
    "title": "规范用语表",
    "type": "object",
    "required": ["source", "status", "updated", "entries"],
    "additionalProperties": False,
    "properties": {
        **_PROVENANCE,
        "updated": _DATE,
        "entries": _list("用语", "不规范或常写错的说法，以及正确写法", {
            "title": "一条用语", "type": "object", "required": ["wrong", "right"], "additionalProperties": False,
            "properties": {
                "wrong": _s("错误写法", "如「截止目前」"),
                "right": _s("正确写法", "如「截至目前」"),
                "severity": {"title": "级别", "description": "error（政治性表述等必须改正）或 warning（错字，须核实）",
                             "enum": ["error", "warning"]},
                "note": _s("说明", "依据或解释"),
            }}),
    },
}

PORTAL_COLUMNS: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "portal-columns.schema.json",
    "title": "政府网站栏目登记表",
    "type": "object",
    "required": ["source", "status", "updated", "columns"],
    "additionalProperties": False,
    "properties": {
        **_PROVENANCE,
        "updated": _DATE,
        "columns": _list("栏目", "县政府门户网站上由各单位负责的栏目（读网检查按此逐个检查）", {
            "title": "一个栏目", "type": "object", "required": ["unit", "column", "kind", "cycle"],
            "additionalProperties": False,
            "properties": {
                "unit": _s("单位", "负责栏目的单位，须在单位登记表中"),
                "column": _s("栏目", "栏目名称，多级栏目用「/」连接，如「法定主动公开内容/部门文件」"),
                "kind": {"title": "栏目类别", "description": "news（动态、要闻）、notice（通知公告）、policy（政策文件）或 other",
                         "enum": ["news", "notice", "policy", "other"]},
                "cycle": _s("更新周期", "主动公开基本目录中的更新周期，如「每月」「实时」"),
                "url": _s("列表页网址", "栏目信息列表页的网址", pattern=r"^https?://\S+$"),
                "source": _s("出处", "栏目和更新周期出自哪份文件（如主动公开基本目录的网址）"),
            },
        }),
    },
}

SCHEMAS: dict[str, dict[str, Any]] = {
    "catalogue": CATALOGUE,
    "town-catalogue": TOWN_CATALOGUE,
    "domains": DOMAINS,
    "units": UNITS,
    "basis": BASIS,
    "settings": SETTINGS,
    "bulletin": BULLETIN,
    "inspection": INSPECTION,
    "portal-columns": PORTAL_COLUMNS,
    "zone-standard": ZONE_STANDARD,
    "zone": ZONE,
    "public-numbers": PUBLIC_NUMBERS,
    "wording": WORDING_LIST,
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


class _Label:
    """The 「title」（key） of a value, built only when a message needs it."""

    __slots__ = ("key", "schema")

    def __init__(self, schema: dict[str, Any], key: str | int | None) -> None:
        self.schema, self.key = schema, key

    def __str__(self) -> str:
        return _label(self.schema, self.key)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


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
        label = _Label(schema, key)
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
            if len(value) > schema.get("maxLength", len(value)):
                out.append(src.diag(dg.BAD_FORMAT, path,
                                    f"{label}太长（{len(value)} 个字符，最多 {schema['maxLength']} 个）"))
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
                    label: _Label, out: list[Diagnostic]) -> None:
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
            extra = schema.get("additionalProperties", True)
            if sub is None and isinstance(extra, dict):
                sub = extra
            if sub is None:
                if extra is False:
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
