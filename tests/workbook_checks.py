"""What every workbook the notebooks write must show, checked the way a reader sees it.

``excel_text`` renders a cell as Excel displays it for the number formats
the workbooks use, written here independently of cmoe.workbooks so that the
checks do not take the writer's word for what a format shows.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

HEADER_ROW = 6
# An academic year written with a hyphen (2020-21), not part of a date (2022-10-06).
HYPHENATED_YEAR = re.compile(r"(?<![\d-])(\d{4})-(\d{2})(?![\d-])")
LONG_DATE = re.compile(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October"
                       r"|November|December) \d{4}")  # fmt: skip


def excel_text(value: object, number_format: str) -> str:
    """The text Excel shows for a value in a cell with this number format."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        assert number_format == "d mmmm yyyy", f"unexpected date format {number_format!r}"
        return f"{day.day} {day:%B %Y}"
    fixed = re.fullmatch(r"(#,##)?0(?:\.(0*)(#*))?", number_format)
    if fixed:
        shown, optional = len(fixed[2] or ""), len(fixed[3] or "")
        places = shown + optional
        # Excel rounds half away from zero on the decimal it displays.
        rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{rounded:{',' if fixed[1] else ''}.{places}f}"
        for _ in range(optional):
            text = text[:-1] if text.endswith("0") else text
        return text.rstrip(".")
    scientific = re.fullmatch(r"0\.(0+)E\+00", number_format)
    if scientific:
        return f"{float(value):.{len(scientific[1])}E}"
    raise AssertionError(f"number {value!r} in a format the workbooks do not use: {number_format!r}")


def reads_as_zero(text: str) -> bool:
    return text.strip() != "" and set(text) <= set("-0.,")


def header_row(sheet: Worksheet) -> int:
    rows = re.findall(r"\d+", sheet.print_title_rows or "")
    assert rows and rows[0] == rows[-1], f"{sheet.title}: no single header row repeated on each page"
    return int(rows[0])


def check_sheet(sheet: Worksheet, la_name: str) -> None:
    """Title, LA, as at, source and produced on; a bold header; formatted numbers; print set-up."""
    where = sheet.title
    title, la, as_at, source = (sheet.cell(row=row, column=1) for row in range(1, 5))
    assert title.value and title.font.bold, f"{where}: no bold title"
    assert la.value == la_name, f"{where}: LA line is {la.value!r}"
    assert LONG_DATE.search(as_at.value or "") or re.search(r"\d{4}/\d{2}", as_at.value or ""), (
        f"{where}: the as-at line names no date or period: {as_at.value!r}"
    )
    assert re.fullmatch(r"Source: .+\. Produced on " + LONG_DATE.pattern + r"\.", source.value or ""), (
        f"{where}: source line {source.value!r}"
    )
    header = header_row(sheet)
    assert header == HEADER_ROW and sheet.freeze_panes == f"A{header + 1}", where
    headers = [cell for cell in sheet[header] if cell.value is not None]
    assert headers and all(cell.font.bold for cell in headers), f"{where}: header not bold"
    for row in sheet.iter_rows(min_row=header + 1):
        for cell in row:
            check_cell(cell, where)
    setup = sheet.page_setup
    assert setup.orientation == "landscape", f"{where}: not landscape"
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), f"{where}: not one page wide"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, f"{where}: fit to page is off"


def check_cell(cell, where: str) -> None:
    value = cell.value
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, str):
        for start, end in HYPHENATED_YEAR.findall(value):
            assert int(end) != (int(start) + 1) % 100, f"{where}!{cell.coordinate}: {value!r}, not 2020/21"
        return
    assert cell.number_format != "General", f"{where}!{cell.coordinate}: {value!r} has no number format"
    text = excel_text(value, cell.number_format)
    assert value == 0 or not reads_as_zero(text), (
        f"{where}!{cell.coordinate}: {value!r} shows as {text!r} ({cell.number_format})"
    )


def check_workbook(path: Path, la_name: str) -> None:
    workbook = load_workbook(path)
    assert workbook.sheetnames[-1] == "Notes" and len(workbook.sheetnames) > 1, path.name
    for sheet in workbook.worksheets:
        check_sheet(sheet, la_name)
