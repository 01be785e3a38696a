"""A small, fast XLSX writer (SpreadsheetML written directly): what exports.py needs and no more.

openpyxl builds a style object per cell and took most of a build's time at county scale; the
catalogue tables need five styles, merged cells, column widths, a frozen header and print titles.
Output is deterministic (fixed zip dates, fixed document properties), and openpyxl reads it back.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

# style ids (cellXfs order in STYLES below)
PLAIN, TITLE, HEADER, WRAP, CENTER = 0, 1, 2, 3, 4

Cell = str | int | None


@dataclass
class Worksheet:
    name: str
    rows: list[list[tuple[Cell, int]]] = field(default_factory=list)  # (value, style) per cell
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (1-based)
    widths: list[float] = field(default_factory=list)
    freeze_row: int = 0  # rows above this stay visible
    print_title_rows: tuple[int, int] | None = None


def col_letter(c: int) -> str:
    out = ""
    while c:
        c, rem = divmod(c - 1, 26)
        out = chr(65 + rem) + out
    return out


def _attr(s: str) -> str:
    return escape(s, {'"': "&quot;"})


@functools.lru_cache(maxsize=1 << 14)
def _inline(value: str) -> str:
    """A text cell's type and value (the part after its reference); most values repeat across sheets."""
    space = ' xml:space="preserve"' if value != value.strip() or "\n" in value else ""
    return f' t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'


def _sheet_xml(ws: Worksheet) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>']
    if ws.freeze_row:
        parts.append(f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{ws.freeze_row - 1}" '
                     f'topLeftCell="A{ws.freeze_row}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
    if ws.widths:
        parts.append("<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                                        for i, w in enumerate(ws.widths, 1)) + "</cols>")
    parts.append("<sheetData>")
    letters = [col_letter(c) for c in range(1, max(map(len, ws.rows), default=0) + 1)]
    for r, row in enumerate(ws.rows, 1):
        cells = []
        for letter, (value, style) in zip(letters, row, strict=False):
            s = f' s="{style}"' if style else ""
            if value is None or value == "":
                if style:
                    cells.append(f'<c r="{letter}{r}"{s}/>')
            elif isinstance(value, int):
                cells.append(f'<c r="{letter}{r}"{s}><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{letter}{r}"{s}{_inline(value)}')
        parts.append(f'<row r="{r}">{"".join(cells)}</row>')
    parts.append("</sheetData>")
    if ws.merges:
        parts.append(f'<mergeCells count="{len(ws.merges)}">' + "".join(
            f'<mergeCell ref="{col_letter(c1)}{r1}:{col_letter(c2)}{r2}"/>' for r1, c1, r2, c2 in ws.merges)
            + "</mergeCells>")
    parts.append('<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
                 '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>')
    return "".join(parts)


STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="3"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="14"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def workbook(sheets: list[Worksheet], when: dt.date, description: str = "", creator: str = "zwgk") -> bytes:
    """The .xlsx bytes for ``sheets``; the same input always gives the same bytes."""
    stamp = f"{when.isoformat()}T00:00:00Z"
    n = len(sheets)
    files: dict[str, str] = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                  'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                  for i in range(1, n + 1)) + "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        "</Relationships>",
        "docProps/core.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{escape(creator)}</dc:creator><dc:description>{escape(description)}</dc:description>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>',
        "xl/styles.xml": STYLES,
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                  f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
        + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>',
    }
    names = "".join(f'<sheet name="{_attr(ws.name)}" sheetId="{i}" r:id="rId{i}"/>' for i, ws in enumerate(sheets, 1))
    titles = "".join(
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">\'{_attr(ws.name)}\'!${a}:${b}</definedName>'
        for i, ws in enumerate(sheets) if ws.print_title_rows for a, b in [ws.print_title_rows])
    files["xl/workbook.xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                                f"<sheets>{names}</sheets>" + (f"<definedNames>{titles}</definedNames>" if titles else "")
                                + "</workbook>")
    for i, ws in enumerate(sheets, 1):
        files[f"xl/worksheets/sheet{i}.xml"] = _sheet_xml(ws)
    out = io.BytesIO()
    date_time = (when.year, when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))
    return out.getvalue()
