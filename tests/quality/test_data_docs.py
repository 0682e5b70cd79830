"""The Data Docs drawn from stored validation results: every validation listed, words for the status,
the data asset's own name, the unexpected share of every row, links that work where the folder is copied."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from cmoe.quality.data_docs import render_site, write_extract_dates

RUN_TIME = "20221006T120000.000000Z"


def result(asset: str, suite: str, run: str, items: list[dict]) -> dict:
    """A validation result as GX 1.x stores it (the parts the pages read)."""
    met = sum(item["success"] for item in items)
    return {
        "suite_name": suite,
        "success": met == len(items),
        "meta": {
            "active_batch_definition": {"data_asset_name": asset, "datasource_name": "cmoe"},
            "run_id": {"run_name": run, "run_time": "2022-10-06T12:00:00+00:00"},
        },
        "statistics": {
            "evaluated_expectations": len(items),
            "successful_expectations": met,
            "unsuccessful_expectations": len(items) - met,
        },
        "results": items,
    }


# 200 rows, 100 of them empty, 10 off the list: GX's unexpected_percent is 10% (of the values
# present); the page gives the share of every row, 5%.
OFF_THE_LIST = {
    "success": False,
    "expectation_config": {
        "type": "expect_column_values_to_be_in_set",
        "description": "ReferralReason: each value is on the list",
        "kwargs": {"column": "ReferralReason"},
    },
    "result": {
        "element_count": 200,
        "missing_count": 100,
        "unexpected_count": 10,
        "unexpected_percent": 10.0,
        "unexpected_index_list": [{"source_line": line} for line in range(2, 14)],
    },
}
HAS_ROWS = {
    "success": True,
    "expectation_config": {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
    "result": {"observed_value": 1234},
}


def store(quality: Path, suite: str, run: str, batch: str, stored: dict) -> None:
    folder = quality / "validations" / Path(*suite.split(".")) / run / RUN_TIME
    folder.mkdir(parents=True)
    (folder / f"cmoe-{batch}.json").write_text(json.dumps(stored))


def test_the_data_docs_list_every_validation_in_words_with_relative_links(tmp_path: Path) -> None:
    quality = tmp_path / "quality"
    store(
        quality,
        "cme_referrals",
        "arrival",
        "cme_referrals_20221006",
        result("cme_referrals_20221006", "cme_referrals", "arrival", [HAS_ROWS, OFF_THE_LIST]),
    )
    store(
        quality,
        "cme_referrals.header",
        "arrival",
        "cme_referrals_20221006_header",
        result("cme_referrals_20221006_header", "cme_referrals.header", "arrival", [HAS_ROWS]),
    )
    store(
        quality,
        "rpt_indicator_snapshot",
        "reports",
        "rpt_indicator_snapshot",
        result("rpt_indicator_snapshot", "rpt_indicator_snapshot", "reports", [HAS_ROWS]),
    )
    write_extract_dates(quality, {"cme_referrals": "2022-10-06", "pupil_roll": "2022-10-05"})

    index = render_site(quality)
    # Copied elsewhere, as outputs/ is to a share: the links still reach each page.
    copy = shutil.copytree(index.parent, tmp_path / "share" / "data_docs")
    page = (copy / "index.html").read_text()

    rows = re.findall(
        r"<tr><td>(\w+)</td><td><a href=\"([^\"]+)\">([^<]+)</a>.*?<span class=\"(\w+)\">", page
    )
    assert [(run, asset, status) for run, _, asset, status in rows] == [
        ("arrival", "cme_referrals_20221006", "failed"),
        ("arrival", "cme_referrals_20221006_header", "passed"),
        ("reports", "rpt_indicator_snapshot", "passed"),
    ]
    assert "3 validations: 2 passed, 1 failed" in page
    assert "<title>Data Docs: quality checks of the run</title>" in page
    assert "Extract dates: cme_referrals 2022-10-06; pupil_roll 2022-10-05" in page
    when = "2022-10-06T12:00:00+00:00"
    assert f"Run: <strong>arrival {when}; reports {when}</strong>" in page  # the checks' runs
    detail_link = rows[0][1]
    detail = (copy / detail_link).read_text()
    assert "Data asset: <strong>cme_referrals_20221006</strong>" in detail and "None" not in detail
    assert "10 of 200 rows (5.00%); lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ..." in detail
    assert "1,234" in detail  # the row count, thousands separated
    back = re.search(r'<a href="([^"]+)">All validations of the run</a>', detail).group(1)
    assert (copy / detail_link).parent.joinpath(back).resolve() == (copy / "index.html").resolve()
    for text in (page, detail):
        assert not re.search(r"<script|<link|@import|file:|(src|href)=\"(https?:)?//", text)


def test_an_empty_store_gives_an_index_that_says_so(tmp_path: Path) -> None:
    (tmp_path / "validations").mkdir()
    page = render_site(tmp_path).read_text()
    assert "No validation results were stored." in page and "0 validations" in page
