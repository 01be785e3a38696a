"""Controlled vocabulary of the official catalogue table (国办发〔2019〕54号 and the 26 guidelines).

Values are Chinese as published; the spreadsheet variants seen in the wild map onto them.
"""

from __future__ import annotations

from typing import Literal, get_args

# 公开渠道和载体: the checklist printed in every row of the official table, in its order, then the
# channels some domains' guidelines add (shown only in rows that use them).
BaseChannel = Literal["政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点",
                      "政务服务中心", "便民服务站", "入户/现场", "社区/企事业单位/村公示栏（电子屏）", "精准推送", "其他"]
ExtraChannel = Literal["12345政务服务热线", "投资项目在线审批监管平台", "公共资源交易平台", "信用中国网站"]
Channel = Literal[BaseChannel, ExtraChannel]  # one list of allowed values (nested Literal flattens)
CHANNELS: tuple[str, ...] = get_args(BaseChannel)
EXTRA_CHANNELS: tuple[str, ...] = get_args(ExtraChannel)
OTHER_CHANNEL = "其他"

Audience = Literal["全社会", "特定群体"]  # 公开对象
Method = Literal["主动", "依申请"]  # 公开方式
Level = Literal["县级", "乡级"]  # 公开层级
Status = Literal["draft", "official"]
AUDIENCES: tuple[str, ...] = get_args(Audience)
METHODS: tuple[str, ...] = get_args(Method)
LEVELS: tuple[str, ...] = get_args(Level)
STATUSES: tuple[str, ...] = get_args(Status)
STATUS_LABELS = {"draft": "草稿", "official": "正式"}
# Workflow of a town's catalogue (镇街目录编制状态)
TownStatus = Literal["pending", "submitted", "approved"]
TOWN_STATUSES: tuple[str, ...] = get_args(TownStatus)
TOWN_STATUS_LABELS = {"pending": "待筛选", "submitted": "已报送", "approved": "已审定"}
UnitKind = Literal["department", "institution", "town", "street", "government", "role"]
UNIT_KINDS: tuple[str, ...] = get_args(UnitKind)
UNIT_KIND_LABELS = {
    "department": "县直部门（单位）",
    "institution": "县政府直属事业单位",
    "town": "镇",
    "street": "街道",
    "government": "县政府",
    "role": "通用主体",
}

# Spellings found in real spreadsheets and YAML, mapped onto the values above (the importer reads
# tick-column headers with it; the checks suggest the right value with it). The one table.
VARIANTS: dict[str, str] = {
    "特定群众": "特定群体",
    "特定对象": "特定群体",
    "依申请公开": "依申请",
    "主动公开": "主动",
    "镇级": "乡级",
    "乡镇级": "乡级",
    "街道级": "乡级",
    "镇街级": "乡级",
    "镇（街道）级": "乡级",
    "镇(街道)级": "乡级",
    "乡、村级": "乡级",
    "乡村级": "乡级",
    "镇、村级": "乡级",
    "乡（镇）级": "乡级",
    "村级": "乡级",
    "县区级": "县级",
    "县（市、区）级": "县级",
    "县(市、区)级": "县级",
}
# values that only approximate the allowed one: the importer says so at the cell
APPROXIMATE = {"村级": "「村级」按乡级导入：本目录的公开层级只有县级、乡级"}
# column headings seen in the wild, mapped onto the official ones (table.py's Place.header / sub)
HEADER_VARIANTS: dict[str, str] = {
    "公开内容": "公开内容（要素）",
    "公开要素": "公开内容（要素）",
    "公开内容(要素)": "公开内容（要素）",
    "公开主体（责任单位）": "公开主体",
    "责任单位": "公开主体",
    "公开渠道": "公开渠道和载体",
    "公开载体": "公开渠道和载体",
    "事项名称": "二级事项",
}
