"""The peer: the same pages written as plain Markdown tables, built by MkDocs with the same theme,
search and settings, without zwgk (synthetic data: never published)."""

from __future__ import annotations

import shutil
from pathlib import Path

import zwgk.model as m
from generate import MKDOCS_YML
from zwgk import derive, table
from zwgk.project import Project, load_project


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(items: list[m.Item]) -> str:
    """The official table as Markdown, its columns read off the same declaration as zwgk's."""
    columns = table.official_columns()
    lines = ["| " + " | ".join(c.label for c in columns) + " |", "|" + "---|" * len(columns)]
    for row in derive.table_rows(items):
        lines.append("| " + " | ".join(_cell(table.cell_text(row.item, c, row.seq)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def write_peer(src_root: Path, out: Path, project: Project | None = None) -> int:
    """Write the peer site (docs + mkdocs.yml) for the repository at ``src_root``; returns its page count."""
    project = project or load_project(src_root)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "content"
    shutil.copytree(src_root / "content", docs)
    pages = 0

    def page(rel: str, text: str) -> None:
        nonlocal pages
        p = docs / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        pages += 1

    page("county/index.md", "# 县级基层政务公开标准目录\n\n" + "".join(
        f"- [{c.domain.name if c.domain else c.domain_id}]({c.domain_id}.md)\n" for c in project.county))
    for c in project.county:
        page(f"county/{c.domain_id}.md", f"# {c.domain.name if c.domain else c.domain_id}领域基层政务公开标准目录\n\n"
             f"来源：{c.source}\n\n" + markdown_table(c.items))
    labels = {k: f.title or k for k, f in m.Item.model_fields.items()}
    towns_index = ["# 镇街级基层政务公开标准目录\n\n"]
    for t in project.towns:
        views = derive.resolve_town(t, project.template, project.registry, labels)
        name = t.unit.name if t.unit else t.town_id
        towns_index.append(f"- [{name}]({t.town_id}/index.md)\n")
        page(f"towns/{t.town_id}/index.md", f"# {name}\n\n" + "".join(
            f"- [{v.domain.name}]({v.domain.id}.md)\n" for v in views))
        for v in views:
            page(f"towns/{t.town_id}/{v.domain.id}.md",
                 f"# {name}{v.domain.name}领域基层政务公开标准目录\n\n" + markdown_table(v.items))
    page("towns/index.md", "".join(towns_index))
    bl = ["# 季度通报\n\n"]
    for b in project.bulletins:
        bl.append(f"- [{b.title}]({b.slug}.md)\n")
        body = "\n\n".join(f"## {s.heading}\n\n{s.body}" for s in b.sections)
        annexes = "".join(f"\n## 附件{a.number} {a.title}\n\n| 单位 | 栏目 | 问题 |\n|---|---|---|\n" + "".join(
            f"| {r.unit} | {r.column or ''} | {'；'.join(r.problems)} |\n" for r in a.rows) for a in b.annexes)
        page(f"bulletins/{b.slug}.md", f"# {b.title}\n\n{b.recipients}：\n\n{body}\n{annexes}")
    page("bulletins/index.md", "".join(bl))
    page("units/index.md", "# 按公开主体查看\n\n（与 zwgk 站点相同的栏目入口）\n")
    page("guide/rules.md", "# 检查规则代码一览\n")
    nav = """  - 首页: index.md
  - 县级标准目录:
      - county/index.md
""" + "".join(f"      - {c.domain_id}: county/{c.domain_id}.md\n" for c in project.county) + """  - 镇街标准目录:
      - towns/index.md
""" + "".join(f"      - {t.town_id}: towns/{t.town_id}/index.md\n" for t in project.towns) + """  - 季度通报:
      - bulletins/index.md
""" + "".join(f"      - {b.slug}: bulletins/{b.slug}.md\n" for b in project.bulletins) + """  - 按公开主体: units/index.md
  - 编辑指南:
      - guide/index.md
      - guide/rules.md"""
    (out / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins="  - search:\n      lang: en", nav=nav.rstrip()),
                                    encoding="utf-8")
    return pages
