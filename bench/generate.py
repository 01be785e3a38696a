"""Synthetic sources at scale S for the benchmark (synthetic data: never published).

S=1 is one county: 26 county domains of about 25 items, the 17-domain town template of about 15 items
per domain, 16 towns that adopt it (16 × 17 domain pages), 8 bulletins with 3 annex tables each.
S multiplies the counties: each county brings its own 26 domain files, 16 towns and 8 bulletins.
Cells hold realistic Chinese text of 10–80 characters.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORDS = ("最低生活保障", "特困人员", "临时救助", "办事指南", "申请材料", "办理流程", "审核", "审批", "公示",
         "政策文件", "政策解读", "资金分配", "项目安排", "实施结果", "监督举报", "联系方式", "办理时间", "办理地点",
         "收费标准", "服务对象", "补贴标准", "发放名单", "检查结果", "行政处罚", "许可结果", "招标公告",
         "中标结果", "预算", "决算", "征收范围", "补偿方式", "安置方式", "学校名称", "招生范围", "招生计划",
         "法律援助", "人民调解", "文化活动", "开放时间", "应急预案", "灾害预警", "救助对象", "救助金额")
CHANNELS = ("政府网站", "政府公报", "两微一端", "便民服务站", "政务服务中心", "社区/企事业单位/村公示栏（电子屏）")
BASIS = ("《中华人民共和国政府信息公开条例》", "《社会救助暂行办法》", "《中华人民共和国预算法》")
TIME_LIMITS = ("信息形成或者变更之日起20个工作日内", "10个工作日内", "公示7个工作日", "实时公开")
DEPARTMENTS = ("民政局", "财政局", "人社局", "教体局", "住建局", "司法局", "应急管理局", "农业农村局")
TOWN_NAMES = "一二三四五六七八九十甲乙丙丁戊己"


# the same theme and features as the real site (mkdocs.yml); only the nav and the search differ: the site
# searches with zwgk's own index (Pagefind, segmented with jieba), the peer with Material's (jieba too)
MKDOCS_YML = """site_name: 基准测试
docs_dir: content
theme:
  name: material
  language: zh
  font: false
  features: [navigation.tabs, navigation.sections, navigation.indexes, navigation.prune, navigation.top,
             content.tooltips]
plugins:
{plugins}
markdown_extensions: [admonition, attr_list, {{toc: {{permalink: false}}}}]
validation: {{omitted_files: info, absolute_links: warn, unrecognized_links: warn, anchors: warn}}
nav:
{nav}
"""
PLUGINS_ZWGK = "  - zwgk"
NAV_ZWGK = """  - 首页: index.md
  - 县级标准目录: county/index.md
  - 镇街标准目录: towns/index.md
  - 季度通报: bulletins/index.md
  - 按公开主体: units/index.md
  - 编辑指南:
      - guide/index.md
      - guide/rules.md"""


def _phrase(rng: random.Random, lo: int, hi: int) -> str:
    out = ""
    target = rng.randint(lo, hi)
    while len(out) < target:
        out += rng.choice(WORDS)
    return out[:target]


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _item(rng: random.Random, iid: str, category: str, subjects: list[str], levels: list[str]) -> str:
    elements = [_phrase(rng, 4, 12) for _ in range(rng.randint(2, 6))]
    lines = [f"  - id: {iid}", f"    category: {category}", f"    subcategory: {_phrase(rng, 4, 10)}",
             f"    elements: {_flow(list(dict.fromkeys(elements)))}",
             f"    basis: {_flow(rng.sample(BASIS, rng.randint(1, 2)))}",
             f"    time_limit: {rng.choice(TIME_LIMITS)}", f"    subjects: {_flow(subjects)}",
             f"    channels: {_flow(sorted(rng.sample(CHANNELS, rng.randint(1, 3)), key=CHANNELS.index))}",
             "    audience: 全社会", "    method: 主动", f"    levels: {_flow(levels)}"]
    return "\n".join(lines) + "\n"


def generate(root: Path, scale: int, seed: int = 1) -> Path:
    """Write a complete repository (sources, mkdocs.yml, content/) for ``scale`` counties into ``root``."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    cat = root / "catalogues"
    for d in ("county", "town-template", "towns", "zones"):
        (cat / d).mkdir(parents=True)
    shutil.copytree(REPO / "content", root / "content")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins=PLUGINS_ZWGK, nav=NAV_ZWGK), encoding="utf-8")
    shutil.copyfile(REPO / "catalogues/basis.yaml", cat / "basis.yaml")
    real_domains = [line.split(": ", 1)[1] for line in (REPO / "catalogues/domains.yaml").read_text(
        encoding="utf-8").splitlines() if line.startswith("  - id: ")]
    town_domain_ids = set(real_domains[:17])
    guideline = "社会救助领域基层政务公开标准指引"
    domains = ["source: 基准测试的虚构数据\nstatus: draft\nupdated: 2024-01-01\ndomains:\n"]
    units = ["source: 基准测试的虚构数据\nstatus: draft\nupdated: 2024-01-01\nunits:\n",
             "  - {id: town-gov, name: 乡镇人民政府（街道办事处）, aliases: [镇街], kind: role, placeholder: true}\n"]
    for k in range(scale):
        for j, name in enumerate(DEPARTMENTS):
            units.append(f"  - {{id: c{k}-d{j}, name: 第{k + 1}县{name}, aliases: [第{k + 1}县县{name}], kind: department}}\n")
        for t in range(16):
            units.append(f"  - {{id: c{k}-t{t}, name: 第{k + 1}县{TOWN_NAMES[t]}镇人民政府, aliases: [第{k + 1}县{TOWN_NAMES[t]}镇], "
                         "kind: town}\n")
    # county domains: 26 per county; the first 17 of the first county also carry the town template
    for k in range(scale):
        for j, base in enumerate(real_domains):
            did = f"{base}-c{k}" if k else base
            town = k == 0 and base in town_domain_ids
            domains.append(f"  - {{id: {did}, name: 第{k + 1}县领域{j + 1}, guideline: {guideline}, "
                           f"town: {'true' if town else 'false'}}}\n")
            items = [_item(rng, f"i{n:03d}", f"一级{n // 4}", [f"第{k + 1}县{rng.choice(DEPARTMENTS)}"], ["县级"])
                     for n in range(25)]
            (cat / "county" / f"{did}.yaml").write_text(
                f"domain: {did}\nsource: 基准测试的虚构数据\nstatus: draft\nupdated: 2024-01-01\nitems:\n" + "".join(items),
                encoding="utf-8")
    (cat / "domains.yaml").write_text("".join(domains), encoding="utf-8")
    (cat / "units.yaml").write_text("".join(units), encoding="utf-8")
    template_ids: dict[str, list[str]] = {}
    for base in real_domains[:17]:
        items = [_item(rng, f"t{n:02d}", f"一级{n // 4}", ["乡镇人民政府（街道办事处）"], ["乡级"]) for n in range(15)]
        template_ids[base] = [f"t{n:02d}" for n in range(15)]
        (cat / "town-template" / f"{base}.yaml").write_text(
            f"domain: {base}\nsource: 基准测试的虚构数据\nstatus: draft\nupdated: 2024-01-01\nitems:\n" + "".join(items),
            encoding="utf-8")
    for k in range(scale):
        for t in range(16):
            lines = [f"town: c{k}-t{t}", "source: 基准测试的虚构数据", "status: pending", "updated: 2024-01-01", "domains:"]
            for base, ids in template_ids.items():
                lines += [f"  - domain: {base}", "    items:", *(f"      - template: {i}" for i in ids)]
            (cat / "towns" / f"c{k}-t{t}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for k in range(scale):
        for b in range(8):
            year, quarter = 2000 + k * 2 + b // 4, b % 4 + 1
            folder = root / "bulletins" / f"{year}-q{quarter}"
            folder.mkdir(parents=True)
            rows = "".join(f"      - {{unit: 第{k + 1}县{TOWN_NAMES[t]}镇, column: 本级文件, problems: [超期未更新]}}\n"
                           for t in range(rng.randint(3, 10)))
            annexes = "".join(f"  - number: {n}\n    title: 附件{n}\n    kind: towns\n    rows:\n{rows}" for n in (1, 2, 3))
            posts = rng.randint(100, 9000)
            body = "\n\n".join([f"本季度共发布信息{posts}条。", *(_phrase(rng, 60, 200) for _ in range(6))])
            (folder / "bulletin.yaml").write_text(
                f"title: 关于{year}年第{quarter}季度政务公开工作情况的通报\nissuer: 第{k + 1}县人民政府办公室\n"
                f"recipients: 各镇街\ndate: {year}-{3 * quarter:02d}-28\nyear: {year}\nquarter: {quarter}\n"
                "disclosure: 此件公开发布\nsource: 基准测试的虚构数据\nstatus: draft\nupdated: 2024-01-01\n"
                f"sections:\n  - heading: 一、基本情况\n    body: |\n"
                + "".join(f"      {p}\n\n" for p in body.split("\n\n"))
                + f"figures:\n  - {{id: posts, label: 发布信息, value: {posts}, unit: 条}}\n"
                f"annexes:\n{annexes}",
                encoding="utf-8")
    return root


def source_files(root: Path) -> list[Path]:
    """Every YAML source of a generated repository (what the parse floor reads)."""
    return sorted([*(root / "catalogues").rglob("*.yaml"), *(root / "bulletins").rglob("*.yaml")])
