"""Submissions from Excel (报送表格): what towns and departments send back, read as they wrote it.

A town's workbook — the form ``zwgk forms`` wrote, or the town's own layout — becomes its catalogue
as relations to the template, judged on what the town did: a template item with no row, or with
处理 删除, is a deletion (with the reason from 理由); a row that says something else than the
template is a change (its reason from 理由); a row matching no template item is a new item; a
missing sheet is a dropped domain. Each entry remembers its sheet row, and each domain its sheet
and columns, so that every finding can be shown at its cell (``locate``) and marked in the review
workbook sent back (``review_workbook``).

Rows without 事项编号 are matched to the template, in this order: the same 一级事项 and 二级事项;
the same 二级事项 (when only one template item has it); the template item of the same 一级事项
whose 公开内容 shares most elements (at least half). A row matching none is a new item; a row
matching an item another row already took is reported (ZW321).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import diagnostics as dg
from . import model as m
from . import writer
from .diagnostics import Diagnostic
from .importer import ImportedRow, SheetImport
from .loading import Source

SUBMISSIONS = "catalogues/submissions"


@dataclass
class Relation:
    """A town's catalogue built from its workbook, as YAML-ready data, with what could not be read."""

    data: dict[str, Any]
    problems: list[Diagnostic] = field(default_factory=list)  # located in the workbook
    summary: list[str] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def keep_workbook(book: Path, root: Path, kind: str, owner: str, on: dt.date) -> Path:
    """Copy the received workbook, unchanged, to catalogues/submissions/<kind>/<owner>/<date>.xlsx
    (a second one on the same day gets -2, -3 …); returns the copy's path."""
    folder = root / SUBMISSIONS / kind / owner
    folder.mkdir(parents=True, exist_ok=True)
    digest = file_sha256(book)
    for existing in sorted(folder.glob(f"{on.isoformat()}*.xlsx")):
        if file_sha256(existing) == digest:
            return existing  # the same workbook imported again
    name, n = f"{on.isoformat()}.xlsx", 1
    while (folder / name).exists():
        n += 1
        name = f"{on.isoformat()}-{n}.xlsx"
    target = folder / name
    shutil.copyfile(book, target)
    return target


def _town_names(town: m.Unit) -> set[str]:
    return {town.name, *town.aliases}


def _template_values(item: m.Item, town: m.Unit | None, registry: m.Registry) -> dict[str, Any]:
    """A template item's columns as the town would adopt them (the placeholder subject is the town)."""
    values = {k: getattr(item, k) for k in m.OVERRIDABLE}
    if town is not None:
        values["subjects"] = [town.name if (u := registry.unit_by_name.get(s)) and u.placeholder else s
                              for s in item.subjects]
    return values


def _same(key: str, template_value: Any, row_value: Any, town: m.Unit | None) -> bool:
    if key == "subjects" and isinstance(row_value, list) and isinstance(template_value, list) and town:
        names = _town_names(town)
        norm = [town.name if s in names else s for s in row_value]
        return sorted(norm) == sorted(template_value)
    if isinstance(template_value, list) and isinstance(row_value, list):
        if key in ("channels", "levels"):
            return sorted(template_value) == sorted(row_value)
        return list(template_value) == list(row_value)
    return (template_value or None) == (row_value or None)


def _match(row: ImportedRow, pool: list[m.Item], taken: set[str]) -> tuple[m.Item | None, list[m.Item]]:
    """The template item a row without 事项编号 stands for, and any others it could equally be."""
    cat, sub = row.item.get("category", ""), row.item.get("subcategory", "")
    free = [it for it in pool if it.id not in taken]
    exact = [it for it in free if it.category == cat and it.subcategory == sub]
    if exact:
        return exact[0], exact[1:]
    by_sub = [it for it in free if it.subcategory == sub]
    if len(by_sub) == 1:
        return by_sub[0], []
    elements = set(row.item.get("elements") or [])
    best: tuple[float, m.Item | None] = (0.0, None)
    for it in free:
        if it.category != cat or not elements:
            continue
        share = len(elements & set(it.elements)) / max(len(elements | set(it.elements)), 1)
        if share > best[0]:
            best = (share, it)
    if best[1] is not None and best[0] >= 0.5:
        return best[1], []
    # already taken by another row: the same item twice
    twice = [it for it in pool if it.id in taken and it.category == cat and it.subcategory == sub]
    return None, twice


def relate_town(town: m.Unit, sheets: list[SheetImport], template: dict[str, m.Catalogue],
                registry: m.Registry, book: str) -> Relation:
    """The town's catalogue (YAML-ready) from its workbook's sheets."""
    rel = Relation({})
    domains: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for sh in sheets:
        for issue in sh.issues:
            if not issue.seq:  # 序号 gaps: ZW205 from the rules, at the same cell
                rel.problems.append(_at(book, sh.sheet, issue.cell, dg.BADLY_FILLED, issue.message))
        if not sh.found_table:
            continue
        domain = registry.domain_by_id.get(sh.domain or "")
        if domain is None or not domain.town:
            what = "不是镇街级领域" if domain is not None else "看不出是哪个领域（工作表名或标题中应有领域名称，如「社会救助」）"
            rel.problems.append(_at(book, sh.sheet, "A1", dg.BADLY_FILLED, f"工作表「{sh.sheet}」{what}，未导入"))
            continue
        if domain.id in seen:
            rel.problems.append(_at(book, sh.sheet, "A1", dg.BADLY_FILLED,
                                    f"工作表「{sh.sheet}」与「{seen[domain.id]}」是同一领域「{domain.name}」：只导入了前一个"))
            continue
        seen[domain.id] = sh.sheet
        tmpl = template.get(domain.id)
        domains.append(_relate_domain(town, sh, domain, tmpl, registry, book, rel))
    order = {d.id: i for i, d in enumerate(registry.domains)}
    domains.sort(key=lambda d: order.get(d["domain"], 10_000))
    rel.data = {"domains": domains}
    return rel


def _relate_domain(town: m.Unit | None, sh: SheetImport, domain: m.Domain, tmpl: m.Catalogue | None,
                   registry: m.Registry, book: str, rel: Relation) -> dict[str, Any]:
    pool = tmpl.items if tmpl else []
    by_id = {it.id: it for it in pool}
    taken: set[str] = set()
    entries: list[tuple[int, dict[str, Any]]] = []  # (sort key, entry)
    local_n = 0
    letters = {k: v for k, v in sh.letters.items() if not k.startswith("_") or k in ("_reason", "_action")}
    for row in sh.rows:
        action = (row.action or "").strip()
        base: m.Item | None = None
        if action != "新增":
            rid = str(row.item.get("id") or "")
            base = by_id.get(rid) if rid in by_id and rid not in taken else None
            if base is None:
                base, others = _match(row, pool, taken)
                if base is None and others:
                    rel.problems.append(_at(book, sh.sheet, f"A{row.row}", dg.BADLY_FILLED,
                                            f"这一行与模板事项「{others[0].category}/{others[0].subcategory}」重复"
                                            "（该事项已由前面的行对应）：请删除重复的行", row.row))
                    continue
        entry: dict[str, Any]
        if base is None:
            local_n += 1
            item = {k: v for k, v in row.item.items() if v not in (None, "", [])}
            item["id"] = _local_id(item.get("id"), town.id if town else domain.id, local_n, by_id)
            entry = {"local": item}
        else:
            taken.add(base.id)
            if action == "删除":
                entry = {"template": base.id, "omit": row.reason or ""}
            else:
                entry = {"template": base.id}
                adopted = _template_values(base, town, registry)
                for key in m.OVERRIDABLE:
                    if key not in row.item or (key not in letters and key != "channel_other"):
                        continue  # the sheet has no such column: nothing to compare
                    if not _same(key, adopted[key], row.item[key], town):
                        entry[key] = row.item[key]
                if row.reason:
                    entry["reason"] = row.reason
        entry["row"] = row.row
        if row.seq is not None:
            entry["seq"] = row.seq
        entries.append((row.row, entry))
    for it in pool:  # template items the town left out: deleted, without a reason
        if it.id not in taken:
            entries.append((10**9, {"template": it.id, "omit": ""}))
    ordered = [e for _, e in sorted(entries, key=lambda x: x[0])]
    out: dict[str, Any] = {"domain": domain.id, "sheet": sh.sheet, "columns": _columns(letters)}
    omitted = [e for e in ordered if "omit" in e]
    if pool and len(omitted) == len(ordered) == len(pool) and omitted[0]["omit"] and \
            all(e["omit"] == omitted[0]["omit"] for e in omitted):
        out["not_applicable"] = omitted[0]["omit"]  # every item deleted for one reason: not applicable
        return out
    out["items"] = ordered
    return out


_FIELD_OF_LETTER = {"_reason": "reason", "_action": "action"}


def _columns(letters: dict[str, str]) -> dict[str, str]:
    return {_FIELD_OF_LETTER.get(k, k): v for k, v in letters.items()}


def _local_id(given: object, town_id: str, n: int, template_ids: dict[str, m.Item]) -> str:
    text = str(given or "")
    if re.fullmatch(m.SLUG, text) and text not in template_ids:
        return text
    return f"{town_id}-{n:02d}"


def _at(book: str, sheet: str, cell: str, rule: dg.Rule, message: str, row: int | None = None) -> Diagnostic:
    r = row or int(re.sub(r"\D", "", cell) or 1)
    col = _column_number(re.sub(r"\d", "", cell) or "A")
    return replace(dg.make(rule, book, r, col, message), sheet=sheet, cell=cell)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


# --- findings at their cells ---------------------------------------------------------------

def cell_map(town: m.TownCatalogue, src: Source) -> dict[int, tuple[str, str]]:
    """For a town catalogue imported from a workbook: each YAML line that holds a value read from
    the workbook, and the sheet and cell it came from."""
    out: dict[int, tuple[str, str]] = {}
    for td in town.domains:
        if not td.sheet:
            continue
        letters = td.columns or {}
        out.setdefault(src.at(td.path)[0], (td.sheet, "A1"))
        for e in td.entries:
            if e.row is None:  # a template item with no row in the sheet: the sheet as a whole
                for path in [p for p in src.marks if p[:len(e.path)] == e.path]:
                    out[src.at(path)[0]] = (td.sheet, "A1")
                continue
            first = letters.get("category") or letters.get("subcategory") or "A"
            out.setdefault(src.at(e.path)[0], (td.sheet, f"{first}{e.row}"))
            for key in ("template", "omit", "reason", "seq", *m.OVERRIDABLE):
                path = (*e.path, key)
                if path in src.marks:
                    letter = letters.get({"template": "id", "omit": "reason"}.get(key, key)) or first
                    out[src.at(path)[0]] = (td.sheet, f"{letter}{e.row}")
            if e.local is not None:
                for key in m.Item.model_fields:
                    path = (*e.path, "local", key)
                    if path in src.marks:
                        letter = letters.get(key) or first
                        out[src.at(path)[0]] = (td.sheet, f"{letter}{e.row}")
    return out


def locate(diags: Iterable[Diagnostic], towns: Iterable[m.TownCatalogue],
           sources: dict[str, Source]) -> list[Diagnostic]:
    """Findings about town catalogues that came from workbooks name the workbook cell too: in the
    message (the YAML line stays the location, DESIGN.md) and as ``sheet``/``cell``."""
    maps = {t.file: (t, cell_map(t, sources[t.file])) for t in towns if t.workbook and t.file in sources}
    out = []
    for d in diags:
        hit = maps.get(d.file)
        where = hit[1].get(d.line) if hit else None
        if hit and where:
            sheet, cell = where
            d = replace(d, sheet=sheet, cell=cell, message=f"{d.message}（报送表格 {sheet}!{cell}）")
        out.append(d)
    return out


def at_workbook(d: Diagnostic, book: str) -> Diagnostic:
    """A finding located in the workbook itself: file, row and column of its cell."""
    if d.sheet is None or d.cell is None:
        return replace(d, file=book, line=1, column=1)  # about the whole submission
    letters, digits = re.sub(r"\d", "", d.cell), re.sub(r"\D", "", d.cell)
    message = re.sub(r"（报送表格 [^（）]*!\w+）$", "", d.message)
    return replace(d, file=book, line=int(digits or 1), column=_column_number(letters or "A"), message=message)


# --- the review workbook -------------------------------------------------------------------

FILLS = {dg.Severity.ERROR: "FFC7CE", dg.Severity.WARNING: "FFEB9C", dg.Severity.INFO: "DDEBF7"}
LEVELS = {dg.Severity.ERROR: "错误", dg.Severity.WARNING: "警告", dg.Severity.INFO: "提示"}


def review_workbook(book: Path, findings: list[Diagnostic], out: Path, title: str) -> None:
    """The sender's own workbook back, each finding's cell filled and commented, and a first sheet
    审查意见 listing them in order: what the office emails back."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = load_workbook(book)
    if "审查意见" in wb.sheetnames:
        del wb["审查意见"]
    notes: dict[tuple[str, str], list[Diagnostic]] = {}
    for d in findings:
        if d.sheet in wb.sheetnames and d.cell:
            notes.setdefault((d.sheet, d.cell), []).append(d)
    for (sheet, cell), ds in notes.items():
        ws = wb[sheet]
        worst = min(ds, key=lambda d: list(FILLS).index(d.severity)).severity
        c = ws[cell]
        c.fill = PatternFill("solid", fgColor=FILLS[worst])
        text = "\n".join(f"{d.code}（{LEVELS[d.severity]}）{d.message}" for d in ds)
        c.comment = Comment(text, "莒南县政务公开办", width=360, height=min(60 + 40 * len(ds), 400))
    ws = wb.create_sheet("审查意见", 0)
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"共 {len(findings)} 条意见：错误 {dg.count(findings, dg.Severity.ERROR)} 条须改正后重新报送；"
               f"警告 {dg.count(findings, dg.Severity.WARNING)} 条请核实。标红、标黄的单元格上有批注。"])
    ws.append(["序号", "工作表", "单元格", "代码", "级别", "意见"])
    for c in ws[3]:
        c.font = Font(bold=True)
    for i, d in enumerate(findings, 1):
        ws.append([i, d.sheet or "", d.cell or "", d.code, LEVELS[d.severity], d.message])
    for col, width in zip("ABCDEF", (6, 14, 8, 8, 6, 90), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=4):
        row[5].alignment = Alignment(wrap_text=True, vertical="top")
    wb.active = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)


# --- writing the town's file ------------------------------------------------------------------

def town_yaml(town: m.Unit, rel: Relation, source: str, workbook: str, sha: str, submitted: dt.date,
              template: dict[str, m.Catalogue], today: dt.date) -> str:
    """The town's catalogue file: its provenance, then each domain's entries, one value a line."""
    s = writer.scalar
    lines = ["# yaml-language-server: $schema=../../plugins/zwgk/schemas/town-catalogue.schema.json",
             f"# {' '.join(town.name.split())}基层政务公开标准目录（镇街级），由报送表格导入：请勿手改，改正后重新报送表格",
             f"town: {s(town.id)}", f"source: {s(source)}", "status: submitted", f"submitted_on: {submitted.isoformat()}",
             f"updated: {today.isoformat()}", f"workbook: {s(workbook)}", f"workbook_sha256: {sha}", "domains:"]
    for d in rel.data["domains"]:
        lines.append(f"  - domain: {s(d['domain'])}")
        lines.append(f"    sheet: {s(d['sheet'])}")
        if d.get("columns"):
            lines.append(f"    columns: {s(d['columns'])}")
        if "not_applicable" in d:
            lines.append(f"    not_applicable: {s(d['not_applicable'])}")
            continue
        lines.append("    items:")
        tmpl = template.get(d["domain"])
        items = {it.id: it for it in (tmpl.items if tmpl else [])}
        for e in d.get("items", []):
            if "local" in e:
                lines.append("      - local:")
                for k in m.Item.model_fields:
                    if k in e["local"]:
                        lines.append(f"          {k}: {s(e['local'][k])}")
            else:
                it = items.get(e["template"])
                comment = f"  # {it.category}/{it.subcategory}" if it else ""
                lines.append(f"      - template: {s(e['template'])}{comment}")
                for k in ("omit", *m.OVERRIDABLE, "reason"):
                    if k in e:
                        lines.append(f"        {k}: {s(e[k])}")
            for k in ("row", "seq"):
                if k in e:
                    lines.append(f"        {k}: {e[k]}")
    return "\n".join(lines) + "\n"


def changes_since(previous: m.TownCatalogue | None, current: m.TownCatalogue) -> Iterator[str]:
    """What a resubmission changed against the town's last submission, in plain words."""
    if previous is None or previous.status == "pending":
        return
    before = {(d.domain_id, e.template_id or (e.local.id if e.local else "")): e.kind
              for d in previous.domains for e in d.entries}
    after = {(d.domain_id, e.template_id or (e.local.id if e.local else "")): e.kind
             for d in current.domains for e in d.entries}
    labels = {"adopted": "采用", "changed": "修改", "omitted": "删除", "local": "新增"}
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a != b:
            yield f"{key[0]} {key[1]}：{labels.get(a or '', '无') if a else '无'} → {labels.get(b or '', '无') if b else '无'}"


# --- departments (部门报送的县级目录) ------------------------------------------------------------

def relate_department(cat: m.Catalogue, sheets: list[SheetImport], registry: m.Registry,
                      book: str) -> tuple[dict[str, Any] | None, Relation]:
    """A department's workbook against the current county domain: the relation (as for a town,
    the current catalogue in the template's place) and what could not be read."""
    rel = Relation({})
    chosen = [sh for sh in sheets if sh.found_table and sh.domain == cat.domain_id]
    others = [sh for sh in sheets if sh.found_table and sh.domain != cat.domain_id]
    for sh in sheets:
        for issue in sh.issues:
            if not issue.seq:
                rel.problems.append(_at(book, sh.sheet, issue.cell, dg.BADLY_FILLED, issue.message))
    if not chosen and len(others) == 1:
        chosen = others  # one table, whatever its sheet is called
    if not chosen:
        return None, rel
    assert cat.domain is not None
    return _relate_domain(None, chosen[0], cat.domain, cat, registry, book, rel), rel


def judge_department(cat: m.Catalogue, related: dict[str, Any], registry: m.Registry, settings: m.Settings,
                     book: str, sha: str) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The seed's rules on a department's resubmission, exactly as on a town's: deletions, trimmed
    elements and changes need reasons; too many deletions; 序号 gaps — judged against the current
    catalogue, which the import replaces, so these are kept in the domain file (``findings``) —
    and, second, garbled or placeholder cells, which ``zwgk check`` finds again in the new file."""
    from .loading import load_text
    from .rules import privacy, text
    from .rules import town as town_rules
    from .schema import load

    pseudo = m.Unit.model_construct(id="department", name="部门", kind="department", aliases=[])
    rel = Relation({"domains": [related]})
    yaml_text = town_yaml(pseudo, rel, "部门报送", book, sha, dt.date.today(), {cat.domain_id: cat}, dt.date.today())
    src, _ = load_text(yaml_text, f"{book}.yaml")
    if src is None:  # pragma: no cover - the writer writes valid YAML
        return [], []
    record, _ = load(src, m.TownCatalogue)
    assert cat.domain is not None
    sev = dg.Severity.ERROR
    out: list[Diagnostic] = []
    for td in record.domains:
        if td.not_applicable:
            out.append(src.diag(dg.DOMAIN_DROPPED, td.path, f"报送的表格删除了「{cat.domain.name}」的全部事项：{td.not_applicable}"))
            continue
        out.extend(town_rules._check_entries(td, cat.domain, cat, src, registry, sev, None))
        out.extend(town_rules._check_domain_totals(td, cat.domain, cat, src, sev, settings))
        out.extend(town_rules._sequence(td, src, sev))
    cells: list[Diagnostic] = []
    for path, value in src.strings:
        cells.extend(text.check_value(src, path, value))
        cells.extend(privacy.check_value(src, path, value, frozenset(), ()))
    sources = {src.path: src}
    return ([at_workbook(d, book) for d in locate(out, [record], sources)],
            [at_workbook(d, book) for d in locate(cells, [record], sources)])


def department_items(cat: m.Catalogue, related: dict[str, Any]) -> list[dict[str, Any]]:
    """The new county domain: the department's rows in its order — current items as rewritten,
    new items — without the deleted ones."""
    by_id = {it.id: it for it in cat.items}
    out: list[dict[str, Any]] = []
    if "not_applicable" in related:
        return out
    for e in related.get("items", []):
        if "local" in e:
            out.append(dict(e["local"]))
        elif "omit" not in e and e["template"] in by_id:
            base = by_id[e["template"]].model_dump(exclude_none=True, by_alias=True)
            base.update({k: v for k, v in e.items() if k in m.OVERRIDABLE})
            out.append(base)
    return out


# --- the office's overview (报送情况) -------------------------------------------------------------

@dataclass(frozen=True)
class Submission:
    """Where one town's or department's submission stands: what the bulletin's section 二(三) is
    written from. ``kind`` is ``town`` or ``county``; ``state`` one of the STATES keys."""

    kind: str
    owner: str  # town id or county domain id
    name: str
    state: str
    submitted_on: dt.date | None
    approved_on: dt.date | None
    late: bool
    workbook: str | None
    file: str
    findings: tuple[tuple[str, str, int], ...]  # (code, title, count) of the errors and warnings

    @property
    def state_label(self) -> str:
        return self.label(dt.date.isoformat)

    def label(self, show: Callable[[dt.date], str]) -> str:
        """The state in words, with its date shown by ``show`` (ISO in a console, 年月日 on a page)."""
        label = STATES[self.state]
        if self.state == "submitted" and self.submitted_on is not None:
            label = f"{label}（{show(self.submitted_on)}，{'逾期' if self.late else '按时'}）"
        elif self.state == "approved" and self.approved_on is not None:
            label = f"{label}（{show(self.approved_on)}{'，逾期报送' if self.late else ''}）"
        return label

    @property
    def errors(self) -> int:
        return sum(n for _, _, n in self.findings)


STATES = {"missing": "未报送", "overdue": "逾期未报送", "submitted": "已报送", "approved": "已审定",
          "received": "已报送", "none": "未经表格报送"}


def overview(project: Any, findings: Iterable[Diagnostic], today: dt.date | None = None) -> list[Submission]:
    """Each town's and each county domain's submission state, with its catalogue file's errors and
    warnings counted by rule (info is an honest gap, not a mistake)."""
    today = today or dt.date.today()
    due = project.settings.town_due
    by_file: dict[str, dict[str, int]] = {}
    for d in findings:
        if d.severity in (dg.Severity.ERROR, dg.Severity.WARNING):
            counts = by_file.setdefault(d.file, {})
            counts[d.code] = counts.get(d.code, 0) + 1

    def kinds(file: str) -> tuple[tuple[str, str, int], ...]:
        return tuple((code, dg.rule_of(code).title, n) for code, n in sorted(by_file.get(file, {}).items()))

    out: list[Submission] = []
    names = {u.id: u.name for u in project.registry.units if u.id}
    order = {u.id: i for i, u in enumerate(project.registry.units)}
    for t in sorted(project.towns, key=lambda t: (order.get(t.town_id, len(order)), t.town_id)):
        if t.status == "pending":
            state = "overdue" if due is not None and today > due else "missing"
        else:
            state = t.status
        late = bool(due and t.submitted_on and t.submitted_on > due)
        out.append(Submission("town", t.town_id, names.get(t.town_id, t.town_id), state, t.submitted_on,
                              t.approved_on, late, t.workbook, t.file, kinds(t.file)))
    for c in sorted(project.county, key=lambda c: c.domain.order if c.domain else 0):
        if c.domain is None:
            continue
        state = "received" if c.submitted_on is not None else "none"
        out.append(Submission("county", c.domain_id, c.domain.name, state, c.submitted_on, None, False,
                              c.workbook, c.file, kinds(c.file)))
    return out


def overview_text(rows: list[Submission], due: dt.date | None) -> str:
    """The overview as the office reads it in a console: one line per town and department."""
    lines = [f"报送截止日期：{due.isoformat() if due else '未设定'}", "", "镇街目录："]
    for kind, heading in (("town", None), ("county", "县级目录（部门报送）：")):
        if heading:
            lines += ["", heading]
        for r in (r for r in rows if r.kind == kind):
            found = "；".join(f"{title}（{code}）{n} 处" for code, title, n in r.findings) or "无问题"
            lines.append(f"  {r.name}　{r.state_label}　{found}")
    towns = [r for r in rows if r.kind == "town"]
    counts = {s: sum(1 for r in towns if r.state == s) for s in ("missing", "overdue", "submitted", "approved")}
    lines += ["", f"镇街合计 {len(towns)} 个：已审定 {counts['approved']}，已报送待审定 {counts['submitted']}"
              f"（其中逾期 {sum(1 for r in towns if r.late)}），未报送 {counts['missing'] + counts['overdue']}"
              f"（其中已过截止日期 {counts['overdue']}）"]
    return "\n".join(lines) + "\n"
