"""Controlled vocabulary of the official catalogue table (国办发〔2019〕54号 and the 26 guidelines).

Values are Chinese as published; the spreadsheet variants seen in the wild map onto them.
"""

from __future__ import annotations

# 公开渠道和载体: the checklist printed in every row of the official table, in its order.
CHANNELS: tuple[str, ...] = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "其他",
)
# Channels some domains' guidelines add to the checklist; shown only in rows that use them.
EXTRA_CHANNELS: tuple[str, ...] = (
    "12345政务服务热线",
    "投资项目在线审批监管平台",
    "公共资源交易平台",
    "信用中国网站",
)
OTHER_CHANNEL = "其他"

AUDIENCES: tuple[str, ...] = ("全社会", "特定群体")  # 公开对象
METHODS: tuple[str, ...] = ("主动", "依申请")  # 公开方式
LEVELS: tuple[str, ...] = ("县级", "乡级")  # 公开层级
STATUSES: tuple[str, ...] = ("draft", "official")
STATUS_LABELS = {"draft": "草稿", "official": "正式"}
# Workflow of a town's catalogue (镇街目录编制状态)
TOWN_STATUSES: tuple[str, ...] = ("pending", "submitted", "approved")
TOWN_STATUS_LABELS = {"pending": "待筛选", "submitted": "已报送", "approved": "已审定"}
UNIT_KINDS: tuple[str, ...] = ("department", "town", "street", "government", "role")
UNIT_KIND_LABELS = {
    "department": "县直部门（单位）",
    "town": "镇",
    "street": "街道",
    "government": "县政府",
    "role": "通用主体",
}

# Spellings found in real spreadsheets, mapped onto the values above (import and hints).
VARIANTS: dict[str, str] = {
    "特定群众": "特定群体",
    "依申请公开": "依申请",
    "主动公开": "主动",
    "镇级": "乡级",
    "乡镇级": "乡级",
    "街道级": "乡级",
    "县区级": "县级",
}
