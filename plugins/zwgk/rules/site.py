"""Rules over the site settings in mkdocs.yml: the government footer (国办发〔2017〕47号)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .. import diagnostics as dg
from ..diagnostics import Diagnostic
from ..loading import load_file

FOOTER_FIELDS = {
    "host": "网站主办单位",
    "contact": "联系方式",
    "site_id_code": "网站标识码",
    "icp": "ICP备案编号",
    "police_record": "公安机关备案号",
}
FORMATS = {
    "site_id_code": (re.compile(r"^[0-9A-Za-z]{10}$"), "网站标识码应为 10 位"),
    "icp": (re.compile(r"^[\u4e00-\u9fff]ICP备\d{6,10}号(-\d+)?$"), "应写成「鲁ICP备12345678号」"),
    "police_record": (re.compile(r"^[\u4e00-\u9fff]公网安备\s?\d{14}号$"), "应写成「鲁公网安备 37132702000001号」"),
}


def check_site(root: Path) -> Iterator[Diagnostic]:
    path = root / "mkdocs.yml"
    if not path.is_file():
        return
    src, diags = load_file(path, root)
    if src is None:
        yield dg.make(dg.SITE_CONFIG, "mkdocs.yml", 1, 1,
                      "mkdocs.yml 含有 YAML 扩展写法，未检查页脚设置：" + (diags[0].message if diags else ""))
        return
    extra = src.data.get("extra")
    footer = extra.get("footer") if isinstance(extra, dict) else None
    if not isinstance(footer, dict):
        yield dg.make(dg.FOOTER_UNSET, "mkdocs.yml", 1, 1,
                      "没有 extra.footer 设置：页脚不显示主办单位、网站标识码和备案号")
        return
    for key, label in FOOTER_FIELDS.items():
        value = footer.get(key)
        where = ("extra", "footer", key)
        if value in (None, ""):
            yield src.diag(dg.FOOTER_UNSET, where if key in footer else ("extra", "footer"),
                           f"页脚的「{label}」（{key}）未填写：页面不显示该项，请填写核实过的值", key=key in footer)
        elif key in FORMATS and not FORMATS[key][0].match(str(value)):
            yield src.diag(dg.FOOTER_FORMAT, where, f"「{label}」的值「{value}」格式不对：{FORMATS[key][1]}")
    if footer.get("dzjg_enabled") is True and not footer.get("dzjg_script"):
        yield src.diag(dg.FOOTER_FORMAT, ("extra", "footer", "dzjg_enabled"),
                       "开启了开办者标识，但没有填写官方脚本地址 dzjg_script")
