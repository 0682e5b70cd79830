"""The shared workbook writer (cmoe.workbooks), and every workbook the notebooks write with it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from workbook_checks import check_workbook, excel_text, header_row, reads_as_zero

from cmoe import workbooks
from cmoe.notebooks import run_notebooks
from cmoe.paths import PROJECT_DIR
from cmoe.workbooks import Heading, Sheet

PRODUCED = dt.date(2022, 10, 7)
HEADING = Heading(
    title="Permanent exclusions and suspensions",
    la_name="Wiltshire",
    as_at="As at 6 October 2022; complete academic years 2019/20 to 2021/22",
    source="rpt_exclusion_history",
    produced=PRODUCED,
)
# Two permanent exclusions among 62,000 pupils: 0.0032 per 100, which 2 decimals would show as 0.00.
HISTORY = pd.DataFrame(
    {
        "Academic year": ["2019-20", "2020/21", "2021/22"],
        "Permanent exclusions": [23, 2, 0],
        "January headcount": [67410, 62100, 68214],
        "Permanent exclusions per 100 pupils": [0.0341, 0.0032, 0.0],
        "Suspensions per 100 pupils": [1.7831, 1.6275, None],
        "Census date": [dt.date(2020, 1, 16), dt.date(2021, 1, 21), dt.date(2022, 1, 20)],
    }
)
KINDS = {
    "Academic year": workbooks.ACADEMIC_YEAR,
    "Permanent exclusions per 100 pupils": workbooks.RATE_PER_100,
    "Suspensions per 100 pupils": workbooks.RATE_PER_100,
}
PREVIEWS = PROJECT_DIR / "outputs" / "previews"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("workbook") / "history.xlsx"
    sheet = Sheet("Exclusion history", HISTORY, KINDS, note="Rates on the January census headcount.")
    return workbooks.write_workbook(path, [sheet], HEADING, {"Suspension": "A fixed-period exclusion."})


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (0.0032, "#,##0.00", "0.00"),  # what the old workbooks did
        (0.0032, "0.0000", "0.0032"),
        (4.2917, "#,##0.00", "4.29"),
        (0.125, "#,##0.00", "0.13"),  # Excel rounds half away from zero
        (12345, "#,##0", "12,345"),
        (0.0032, "0.00##", "0.0032"),
        (0.5, "0.00##", "0.50"),
        (dt.date(2022, 8, 31), "d mmmm yyyy", "31 August 2022"),
    ],
)
def test_excel_text_renders_as_excel_does(value, number_format: str, shown: str) -> None:
    assert excel_text(value, number_format) == shown


@pytest.mark.parametrize("value", [0.0032, 0.0031, 0.0099, 0.00004, 0.01, 0.005, 3.2e-9, 7.654321])
def test_no_non_zero_rate_is_shown_as_zero(value: float) -> None:
    shown = excel_text(value, workbooks.rate_format(value))
    assert not reads_as_zero(shown)
    # At least DfE's two decimals, and two significant figures under 0.01.
    assert float(shown.replace(",", "")) == pytest.approx(value, rel=0.05)


def test_rates_from_001_up_keep_dfes_two_decimals() -> None:
    assert {workbooks.rate_format(value) for value in (0.01, 0.5, 4.2917, 123.4)} == {"#,##0.00"}
    assert workbooks.rate_format(0.0032) == "0.0000"


def test_title_la_as_at_and_source_above_a_bold_header(written: Path) -> None:
    sheet = load_workbook(written)["Exclusion history"]
    assert [sheet.cell(row=row, column=1).value for row in range(1, 5)] == [
        "Permanent exclusions and suspensions",
        "Wiltshire",
        "As at 6 October 2022; complete academic years 2019/20 to 2021/22",
        "Source: rpt_exclusion_history. Produced on 7 October 2022.",
    ]
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 14
    assert header_row(sheet) == 6 and sheet.freeze_panes == "A7"
    assert [cell.value for cell in sheet[6]] == list(HISTORY.columns)
    assert all(cell.font.bold for cell in sheet[6])


def test_the_header_row_is_tall_enough_for_its_longest_header(written: Path) -> None:
    """ "Permanent exclusions per 100 pupils" wraps to three lines in its column: a row of two would
    print its first line hidden (as it did), so the header row is set to the lines it needs."""
    sheet = load_workbook(written)["Exclusion history"]
    column = list(HISTORY.columns).index("Permanent exclusions per 100 pupils") + 1
    width = sheet.column_dimensions[sheet.cell(row=6, column=column).column_letter].width
    assert workbooks._header_lines("Permanent exclusions per 100 pupils", width) == 3
    assert sheet.row_dimensions[6].height >= 3 * workbooks._POINTS_PER_LINE


@pytest.mark.parametrize(
    ("header", "width", "lines"),
    [("Academic year", 18, 1), ("Academic year", 12, 2), ("Permanent exclusions per 100 pupils", 21, 3)],
)
def test_a_header_wraps_word_by_word(header: str, width: float, lines: int) -> None:
    assert workbooks._header_lines(header, width) == lines


def test_each_kind_has_its_format_and_no_non_zero_value_shows_as_zero(written: Path) -> None:
    sheet = load_workbook(written)["Exclusion history"]
    rows = list(sheet.iter_rows(min_row=7, max_row=9))
    shown = [[excel_text(cell.value, cell.number_format) for cell in row] for row in rows]
    assert shown == [
        ["2019/20", "23", "67,410", "0.03", "1.78", "16 January 2020"],
        ["2020/21", "2", "62,100", "0.0032", "1.63", "21 January 2021"],
        ["2021/22", "0", "68,214", "0.00", "", "20 January 2022"],
    ]
    assert sheet["E9"].value is None  # a missing rate is an empty cell, not 0 or "nan"


def test_printed_landscape_one_page_wide_with_the_header_on_each_page(written: Path) -> None:
    sheet = load_workbook(written)["Exclusion history"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$6:$6"
    # The note under the table is printed, across the table's width.
    assert sheet["A11"].value == "Rates on the January census headcount."
    assert "A11:F11" in {str(cells) for cells in sheet.merged_cells.ranges}
    assert sheet.print_area == "'Exclusion history'!$A$1:$F$11"
    assert "Produced on 7 October 2022" in sheet.oddFooter.left.text


def test_notes_sheet_has_the_definitions_and_the_formats(written: Path) -> None:
    workbook = load_workbook(written)
    assert workbook.sheetnames == ["Exclusion history", "Notes"]
    notes = {row[0]: row[1] for row in workbook["Notes"].iter_rows(min_row=7, values_only=True)}
    assert notes["Suspension"] == "A fixed-period exclusion."
    assert notes["Local authority"] == "Wiltshire" and notes["Produced on"] == "7 October 2022"
    assert "2020/21" in notes["Academic years"] and "0.0032" in notes["Rates per 100 pupils"]


def test_the_shared_checks_pass_the_writers_workbook(written: Path) -> None:
    check_workbook(written, "Wiltshire")


def test_the_shared_checks_catch_a_rate_shown_as_zero(written: Path, tmp_path: Path) -> None:
    workbook = load_workbook(written)
    workbook["Exclusion history"]["D8"].number_format = "0.00"
    workbook.save(tmp_path / "broken.xlsx")
    with pytest.raises(AssertionError, match=r"D8: 0\.0032 shows as '0\.00'"):
        check_workbook(tmp_path / "broken.xlsx", "Wiltshire")


def test_a_decimal_column_must_say_what_it_holds(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Suspensions per 100 pupils"):
        workbooks.write_workbook(tmp_path / "x.xlsx", [Sheet("x", HISTORY)], HEADING)


@pytest.mark.parametrize(
    ("given", "label"),
    [("2020-21", "2020/21"), ("2020/21", "2020/21"), ("202021", "2020/21"), (2020, "2020/21"),
     ("1999-00", "1999/00"), ("Current", "Current"), ("2020-22", "2020-22")],
)  # fmt: skip
def test_academic_years_are_written_as_dfe_writes_them(given, label: str) -> None:
    assert workbooks.academic_year_label(given) == label


def test_the_la_is_the_one_the_warehouse_serves() -> None:
    assert workbooks.local_authority() == "Wiltshire"  # dbt var local_authority_code 865


def test_a_chart_is_titled_sourced_and_dated(tmp_path: Path) -> None:
    figure, axes = plt.subplots()
    axes.bar(["2020/21"], [2])
    path = workbooks.save_chart(figure, tmp_path / "chart.png", HEADING, title="Exclusions")
    text = Image.open(path).text
    assert text["Title"] == f"Exclusions. Wiltshire. {HEADING.as_at}"
    assert text["Source"] == "Source: rpt_exclusion_history. Produced on 7 October 2022."
    assert text["Creation Time"] == "2022-10-07"


# The small scenario's notebooks: every workbook and chart they write.


@pytest.fixture(scope="module")
def small_outputs(small_scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = small_scenario.warehouse
    outputs = tmp_path_factory.mktemp("outputs")
    run_notebooks({"public": warehouse / "exports", "restricted": warehouse / "restricted_exports"}, outputs)
    return outputs


def test_every_workbook_the_notebooks_write_is_fit_for_a_paper(small_outputs: Path) -> None:
    written = sorted(small_outputs.glob("*.xlsx"))
    stems = {path.stem.split("_2")[0] for path in written}
    assert stems == {
        "attendance_triggers_day", "attendance_triggers_week", "cmoe_case_review", "exclusion_history",
        "indicator_table", "termly_return",
    }  # fmt: skip
    for path in written:
        check_workbook(path, "Wiltshire")


def test_every_chart_the_notebooks_draw_is_titled_sourced_and_dated(small_outputs: Path) -> None:
    charts = sorted(small_outputs.glob("*.png"))
    assert len(charts) == 5
    for path in charts:
        text = Image.open(path).text
        assert "Wiltshire" in text.get("Title", ""), path.name
        signed = rf"Source: .*rpt_\w+.*\. Produced on {workbooks.long_date(dt.date.today())}\."
        assert re.fullmatch(signed, text.get("Source", "")), path.name
        assert text.get("Creation Time") == dt.date.today().isoformat(), path.name


def libreoffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (libreoffice-calc-nogui) and pdftotext (poppler-utils) are not installed")
    return found


def test_every_workbook_prints_one_page_wide(small_outputs: Path, tmp_path: Path) -> None:
    """Printed by LibreOffice: each page shows the first and the last column's header, so no
    column went to a page of its own. The PDFs and a PNG of each first page go to outputs/previews."""
    soffice = libreoffice()
    PREVIEWS.mkdir(parents=True, exist_ok=True)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for path in sorted(small_outputs.glob("*.xlsx")):
        subprocess.run(
            [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(PREVIEWS), str(path)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pdf = PREVIEWS / f"{path.stem}.pdf"
        pages = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout.split("\f")[:-1]
        check_each_page_is_one_sheet_wide(path, pages)
        if shutil.which("pdftoppm"):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                 str(PREVIEWS / path.stem)],
                check=True,
            )  # fmt: skip


def check_each_page_is_one_sheet_wide(path: Path, pages: list[str]) -> None:
    """Every page names its sheet (page header "Sheet: <name>") and shows every word of every
    column header of that sheet (the header row repeats on each page): had a column gone to a page
    of its own, a page would lack its header. Every sheet is printed."""
    workbook = load_workbook(path)
    printed = set()
    for number, page in enumerate(pages, start=1):
        named = re.search(r"Sheet: (.*?)(?: {2,}|\n|$)", page)
        assert named and named[1] in workbook.sheetnames, (path.name, number, page[:200])
        sheet = workbook[named[1]]
        printed.add(sheet.title)
        text = "".join(page.split())  # pdftotext may run a header into its neighbour's
        for cell in sheet[header_row(sheet)]:
            missing = [word for word in str(cell.value or "").split() if word not in text]
            assert not missing, (path.name, sheet.title, number, cell.value, missing)
        assert "Produced on" in page, (path.name, number)
    assert printed == set(workbook.sheetnames), (path.name, printed)
