"""One writer for every workbook and chart the reporting notebooks hand to people.

A committee author pastes these straight into a paper, so each sheet opens
with a title, the LA, the as-at date or period, the source and the date it
was produced; a bold header that repeats on every printed page; numbers
formatted for what they are; landscape A4, one page wide; and a "Notes"
sheet with the definitions. Charts get the same title lines and a footer
naming the source and the date (``save_chart``).

Each column of a sheet has a kind (``COUNT``, ``RATE_PER_100``, ``DATE``,
``TEXT``, ``ACADEMIC_YEAR``, ``YES_NO``); a column not given one is inferred
from its type, except decimals, which must say what they are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from numbers import Integral
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cmoe.paths import PROJECT_DIR, REFERENCE_SEEDS_DIR

COUNT, RATE_PER_100, DATE, TEXT, ACADEMIC_YEAR, YES_NO = (
    "count", "rate_per_100", "date", "text", "academic_year", "yes_no",
)  # fmt: skip
KINDS = (COUNT, RATE_PER_100, DATE, TEXT, ACADEMIC_YEAR, YES_NO)
COUNT_FORMAT = "#,##0"
RATE_FORMAT = "#,##0.00"  # DfE publishes rates per 100 to 2 decimal places
DATE_FORMAT = "d mmmm yyyy"  # 31 August 2022, as the committee report writes dates
TEXT_FORMAT = "@"
HEADER_ROW = 6  # title, LA, as at, source and produced, a blank row, then the header
NOTES_SHEET = "Notes"
# Added to the Notes sheet when a workbook has a column of that kind.
STANDARD_NOTES = {
    RATE_PER_100: (
        "Rates per 100 pupils",
        "Shown to 2 decimal places, as DfE publishes them; a rate under 0.01 is shown to 2 "
        "significant figures (e.g. 0.0032) so that no rate above zero reads as 0.00.",
    ),
    ACADEMIC_YEAR: (
        "Academic years",
        "Written as DfE writes them: 2020/21 is the year from 1 September 2020 to 31 August 2021.",
    ),
    COUNT: ("Counts", "Whole numbers with thousands separators; an empty cell has no figure."),
}
FONT = "Calibri"  # the workbook default: a Font without a name prints in another face
_BOLD = Font(name=FONT, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_HEADER_BORDER = Border(bottom=Side(style="thin"))
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_POINTS_PER_LINE = 15


@dataclass(frozen=True)
class Heading:
    """What every sheet and chart says about itself."""

    title: str
    la_name: str
    as_at: str  # e.g. "As at 6 October 2022" or "Academic years 2017/18 to 2021/22, as at ..."
    source: str
    produced: date = field(default_factory=date.today)

    @property
    def source_line(self) -> str:
        return f"Source: {self.source}. Produced on {long_date(self.produced)}."


@dataclass(frozen=True)
class Sheet:
    """A table to write, the kinds of its columns, and a note printed below it."""

    name: str
    table: pd.DataFrame
    kinds: Mapping[str, str] = field(default_factory=dict)
    note: str = ""
    title: str = ""  # defaults to the workbook's title


def long_date(day: date) -> str:
    """31 August 2022."""
    return f"{day.day} {day:%B %Y}"


def academic_year_label(value: Any) -> Any:
    """DfE's form of an academic year, 2020/21, from 2020-21, 2020/21, 202021 or 2020 (its start).

    Anything else (e.g. "Current") comes back unchanged.
    """
    if isinstance(value, int) and 1900 < value < 2100:
        return f"{value}/{(value + 1) % 100:02d}"
    match = re.fullmatch(r"(\d{4})[-/]?(\d{2})", str(value).strip())
    if match and int(match[2]) == (int(match[1]) + 1) % 100:
        return f"{match[1]}/{match[2]}"
    return value


def rate_decimals(value: float) -> int:
    """DfE's 2 decimals; under 0.01, as many as give 2 significant figures (0.0032), never zero.

    A fixed "0.00##" would show 4.2917 to four decimals (more than DfE
    publishes) and still round a rate under 0.00005 to 0.00.
    """
    if value == 0 or abs(value) >= 0.01:
        return 2
    return 1 - math.floor(math.log10(abs(value)))


def rate_format(value: float) -> str:
    """The number format of a rate per 100 (``rate_decimals``); scientific past 10 decimals."""
    decimals = rate_decimals(value)
    if decimals == 2:
        return RATE_FORMAT
    return "0." + "0" * decimals if decimals <= 10 else "0.0E+00"


def rate_text(value: float) -> str:
    """A rate per 100 as the workbooks show it: for a chart's labels."""
    decimals = rate_decimals(value)
    return f"{value:,.{decimals}f}" if decimals <= 10 else f"{value:.1E}"


def local_authority(project_dir: Path = PROJECT_DIR) -> str:
    """The name of the LA the warehouse serves: dbt var local_authority_code, in the la_codes seed."""
    config = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8"))
    code = str(config["vars"]["local_authority_code"])
    codes = pd.read_csv(REFERENCE_SEEDS_DIR / "la_codes.csv", dtype=str)
    names = codes.loc[codes["la_code"] == code, "la_name"]
    if names.empty:
        raise ValueError(f"LA code {code} (dbt var local_authority_code) is not in the la_codes seed")
    return names.iloc[0]


def definitions(seed: str, term: str, definition: str = "description") -> dict[str, str]:
    """Definitions for a Notes sheet from a reference seed (the ones the models use): term: definition."""
    rows = pd.read_csv(REFERENCE_SEEDS_DIR / f"{seed}.csv", dtype=str)
    return dict(zip(rows[term], rows[definition], strict=True))


def column_kinds(table: pd.DataFrame, kinds: Mapping[str, str]) -> dict[str, str]:
    """Each column's kind: as given, else from its type; a decimal column must be given one."""
    unknown = sorted(set(kinds) - set(table.columns))
    bad = sorted(kind for kind in kinds.values() if kind not in KINDS)
    if unknown or bad:
        raise ValueError(f"Kinds for columns not in the table {unknown}, or unknown kinds {bad}")
    chosen = {column: kinds.get(column) or _inferred_kind(table[column]) for column in table.columns}
    floats = [column for column, kind in chosen.items() if kind is None]
    if floats:
        raise ValueError(f"Say what the decimal columns {floats} hold (a count or a rate per 100)")
    return chosen


def _inferred_kind(values: pd.Series) -> str | None:
    """A column's kind from its values: None for decimals, which could be rates or anything else."""
    present = values.dropna().tolist()
    if not present:
        return TEXT  # nothing to format, whatever the type of the empty or missing values

    def every(kind: type) -> bool:
        return all(isinstance(value, kind) for value in present)

    if pd.api.types.is_bool_dtype(values) or every(bool):
        return YES_NO
    if pd.api.types.is_integer_dtype(values) or every(Integral):
        return COUNT
    if pd.api.types.is_datetime64_any_dtype(values) or every(date):
        return DATE
    return None if pd.api.types.is_float_dtype(values) else TEXT


def cell_value(value: Any, kind: str) -> Any:
    """The value as the cell holds it: a number, a date or text; empty for a missing value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == COUNT:
        return int(value)
    if kind == RATE_PER_100:
        return float(value)
    if kind == DATE:
        day = date.fromisoformat(value) if isinstance(value, str) else value
        return day.date() if isinstance(day, datetime) else day
    if kind == ACADEMIC_YEAR:
        return academic_year_label(value)
    if kind == YES_NO:
        return "Yes" if value else "No"
    return str(value)


def number_format(value: Any, kind: str) -> str:
    if kind == COUNT:
        return COUNT_FORMAT
    if kind == RATE_PER_100:
        return rate_format(value) if value is not None else RATE_FORMAT
    return DATE_FORMAT if kind == DATE else TEXT_FORMAT


def _shown_length(value: Any, kind: str) -> int:
    """About how many characters the cell shows, for its column's width."""
    if value is None:
        return 0
    if kind == DATE:
        return 17  # "30 September 2022"
    if kind == COUNT:
        return len(f"{value:,}")
    if kind == RATE_PER_100:
        return len(f"{value:,.2f}") + number_format(value, kind).count("0") - 3
    return max((len(line) for line in str(value).splitlines()), default=0)


def _width(header: str, values: list, kind: str) -> float:
    """Wide enough for the values and the header on at most two lines, within 8 to 60."""
    words = max((len(word) for word in header.split()), default=0)
    needed = max([words, math.ceil(len(header) / 2)] + [_shown_length(value, kind) for value in values])
    return min(max(needed + 3, 8), 60)  # and room for the indent


def _header_lines(header: str, width: float) -> int:
    """How many lines a bold header wraps to in its column (word by word; the indent and bold
    type take about four characters of the width)."""
    room, lines, used = max(width - 4, 4), 1, 0
    for word in header.split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def _wrapped_row(sheet: Worksheet, row: int, text: str, columns: int, font: Font | None = None) -> None:
    """Text across the table's width, wrapped, with a row tall enough for it (merged cells do not grow)."""
    cell = sheet.cell(row=row, column=1, value=text)
    cell.alignment = _WRAP_TOP
    if font is not None:
        cell.font = font
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    width = sum(sheet.column_dimensions[get_column_letter(n)].width or 8.43 for n in range(1, columns + 1))
    scale = (font.size or 11) / 11 if font is not None else 1
    lines = math.ceil(len(text) * scale * 1.1 / width) or 1
    sheet.row_dimensions[row].height = lines * _POINTS_PER_LINE * max(scale, 1)


def _page_setup(sheet: Worksheet, heading: Heading, last_row: int, columns: int) -> None:
    """Landscape A4, one page wide and as many tall as needed, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_area = f"A1:{get_column_letter(columns)}{last_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddHeader.left.text = heading.title
    sheet.oddHeader.center.text = "Sheet: &A"
    sheet.oddHeader.right.text = heading.la_name
    sheet.oddFooter.left.text = heading.source_line
    sheet.oddFooter.right.text = "Page &P of &N"
    header, footer = sheet.oddHeader, sheet.oddFooter
    for part in (header.left, header.center, header.right, footer.left, footer.right):
        part.size = 8


def _aligned(kind: str, vertical: str, wrap: bool) -> Alignment:
    """Numbers and dates right-aligned, their headers over them; an indent keeps neighbours apart."""
    side = "right" if kind in (COUNT, RATE_PER_100, DATE) else "left"
    return Alignment(horizontal=side, vertical=vertical, wrap_text=wrap, indent=1)


def write_sheet(sheet: Worksheet, spec: Sheet, heading: Heading) -> set[str]:
    """One styled sheet; returns the kinds of its columns."""
    kinds = column_kinds(spec.table, spec.kinds)
    headers = [str(column) for column in spec.table.columns]
    columns = max(len(headers), 1)
    rows = [
        [cell_value(value, kinds[column]) for column, value in zip(spec.table.columns, row, strict=True)]
        for row in spec.table.itertuples(index=False, name=None)
    ]
    for number, (header, column) in enumerate(zip(headers, spec.table.columns, strict=True), start=1):
        values = [row[number - 1] for row in rows]
        sheet.column_dimensions[get_column_letter(number)].width = _width(header, values, kinds[column])
    title = f"{heading.title}: {spec.title}" if spec.title else heading.title
    _wrapped_row(sheet, 1, title, columns, Font(name=FONT, bold=True, size=14))
    for row, text in enumerate((heading.la_name, heading.as_at, heading.source_line), start=2):
        _wrapped_row(sheet, row, text, columns, Font(name=FONT, bold=row == 2))
    for number, (header, column) in enumerate(zip(headers, spec.table.columns, strict=True), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=number, value=header)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _HEADER_BORDER
        cell.alignment = _aligned(kinds[column], "bottom", wrap=True)
    # Spreadsheets do not always grow a row for wrapped text: tall enough for the longest header.
    widths = [sheet.column_dimensions[get_column_letter(n)].width for n in range(1, columns + 1)]
    wrapped = [_header_lines(header, width) for header, width in zip(headers, widths, strict=True)]
    lines = max(wrapped, default=1)
    sheet.row_dimensions[HEADER_ROW].height = lines * _POINTS_PER_LINE
    for offset, values in enumerate(rows, start=1):
        for number, (column, value) in enumerate(zip(spec.table.columns, values, strict=True), start=1):
            cell = sheet.cell(row=HEADER_ROW + offset, column=number, value=value)
            cell.number_format = number_format(value, kinds[column])
            wrap = kinds[column] == TEXT and _shown_length(value, TEXT) > 58
            cell.alignment = _aligned(kinds[column], "top", wrap)
    last_row = HEADER_ROW + max(len(rows), 1)
    if not rows:
        sheet.cell(row=last_row, column=1, value="None.").font = Font(name=FONT, italic=True)
    if spec.note:
        last_row += 2
        _wrapped_row(sheet, last_row, spec.note, columns)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    _page_setup(sheet, heading, last_row, columns)
    return set(kinds.values())


def notes_table(heading: Heading, notes: Mapping[str, str], kinds: set[str]) -> pd.DataFrame:
    """The Notes sheet: where the figures come from, then the notebook's definitions and the formats'."""
    items = [("Local authority", heading.la_name), ("As at", heading.as_at), ("Source", heading.source)]
    items.append(("Produced on", long_date(heading.produced)))
    items += list(notes.items())
    items += [STANDARD_NOTES[kind] for kind in KINDS if kind in kinds and kind in STANDARD_NOTES]
    return pd.DataFrame(items, columns=["Item", "Note"])


def write_workbook(
    path: str | Path, sheets: Sequence[Sheet], heading: Heading, notes: Mapping[str, str] | None = None
) -> Path:
    """Write the sheets, styled for print, and a Notes sheet with ``notes`` (term: definition)."""
    if not sheets:
        raise ValueError("A workbook needs at least one sheet")
    if not heading.as_at.strip() or not heading.la_name.strip():
        raise ValueError("Every workbook says which LA it is for and its as-at date or period")
    workbook = Workbook()
    workbook.remove(workbook.active)
    kinds: set[str] = set()
    for spec in sheets:
        kinds |= write_sheet(workbook.create_sheet(spec.name), spec, heading)
    notes_spec = Sheet(NOTES_SHEET, notes_table(heading, notes or {}, kinds), title="notes and definitions")
    write_sheet(workbook.create_sheet(NOTES_SHEET), notes_spec, heading)
    workbook.properties.title = heading.title
    workbook.properties.creator = heading.la_name
    path = Path(path)
    workbook.save(path)
    return path


def save_chart(figure: Any, path: str | Path, heading: Heading, title: str = "") -> Path:
    """Title a matplotlib figure (title, LA, as at), sign it (source, produced on), save it as PNG.

    The same lines go in the PNG's metadata (Title, Source, Creation Time) so
    that a program can tell what the chart is without reading its pixels.
    """
    import matplotlib.pyplot as plt

    title = title or heading.title
    figure.suptitle(f"{title}\n{heading.la_name}. {heading.as_at}", fontsize=12)
    figure.text(0.01, 0.01, heading.source_line, fontsize=8, ha="left", va="bottom")
    figure.tight_layout(rect=(0, 0.3 / figure.get_figheight(), 1, 1))  # the suptitle is laid out too
    metadata = {
        "Title": f"{title}. {heading.la_name}. {heading.as_at}",
        "Source": heading.source_line,
        "Creation Time": heading.produced.isoformat(),
    }
    path = Path(path)
    figure.savefig(path, dpi=150, metadata=metadata)
    plt.close(figure)
    return path
