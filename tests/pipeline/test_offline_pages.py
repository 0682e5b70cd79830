"""The run's web pages work with no network, from a copy of outputs/ (as on a share).

The small scenario's docs site and notebooks are written as `cmoe run` writes
them; outputs/ is copied to another folder, and each page is rendered there in
headless Chromium with no network. A page fails if it asks for anything
outside the copy (a CDN, a web font, the build machine's own folders) or if
it shows nothing (an index with no validation listed). Chromium is installed
from the Debian packages when missing (as root); where it cannot be, the
rendering tests are skipped, saying why. A screenshot of each page as
rendered is written to the project's outputs/previews/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from offline_browser import Browser, Rendered, install_chromium, outside

from cmoe import cli
from cmoe.paths import OUTPUTS_DIR, PROJECT_DIR
from cmoe.publish import RESTRICTED

PREVIEWS = OUTPUTS_DIR / "previews"
# A count of 1,000 or more, written with its thousands separator.
SEPARATED = re.compile(r"\b\d{1,3}(,\d{3})+\b")


@pytest.fixture(scope="module")
def shared_outputs(small_scenario, tmp_path_factory) -> Path:
    """The small scenario's outputs as `cmoe run` ends (dbt's docs, then the notebooks), copied away."""
    for step in ("docs", "notebooks"):
        assert cli.main(["--root", str(small_scenario.root), step]) == 0, f"cmoe {step} failed"
    return shutil.copytree(small_scenario.workspace.outputs, tmp_path_factory.mktemp("share") / "outputs")


@pytest.fixture(scope="module")
def browser():
    chromium = install_chromium()
    if chromium is None:
        pytest.skip(
            "Chromium is not installed and could not be installed (apt-get install -y chromium needs "
            "root and the Debian package lists): the pages were not rendered offline"
        )
    opened = Browser(chromium)
    yield opened
    opened.close()


def rendered(browser: Browser, shared: Path, page: str, preview: str, settle_seconds: float = 1) -> Rendered:
    """A page of the copy rendered offline, its screenshot kept; fails on any request outside the copy."""
    shown = browser.render(shared / page, settle_seconds)
    PREVIEWS.mkdir(parents=True, exist_ok=True)
    (PREVIEWS / f"{preview}.png").write_bytes(shown.screenshot)
    assert not outside(shown.requested, shared), f"{page} asked for: {outside(shown.requested, shared)}"
    assert "Extract dates: 2022-10-06" in shown.text and "Produced: " in shown.text  # the run's stamp
    return shown


def test_the_data_quality_page_works_offline_with_words_and_separated_counts(browser, shared_outputs):
    shown = rendered(browser, shared_outputs, "data_quality.html", "data_quality")
    assert shown.title == "Data quality of the landed extracts"
    assert re.search(r"Run: release \d{8}T\d+, dbt build [0-9a-f-]{36}", shown.text)
    assert "Every landed row is in the warehouse or held back with its reason." in shown.text
    assert SEPARATED.search(shown.text), "no count of 1,000 or more with its separator"
    source = (shared_outputs / "data_quality.html").read_text(encoding="utf-8")
    assert not re.findall(r"<td>\d{4,}</td>", source), "a count without its thousands separator"
    words = shown.text.split("select source_file")[0]  # the example query names its codes, as SQL must
    for code in ("held_back", "duplicate_row", "repeated_session_mark", "exact_name_and_birth_date"):
        assert code not in words, f"the code {code} on the page"
    assert "Held back (not used)" in words
    link = re.search(r'href="([^"]+)">[^<]*data_docs', source)
    assert link and (shared_outputs / link.group(1)).is_file()  # the Data Docs, beside the page


def test_the_data_docs_list_every_validation_of_the_run_offline(browser, shared_outputs, small_scenario):
    shown = rendered(browser, shared_outputs, "data_docs/index.html", "data_docs_index")
    stored = list((small_scenario.workspace.quality / "validations").rglob("*.json"))
    statuses = re.findall(r"\t(passed|failed)\t", shown.text)
    assert stored and len(statuses) == len(stored), "the index does not list every validation"
    assert f"{len(stored)} validations" in shown.text
    page = next(shared_outputs.glob("data_docs/validations/**/cmoe-*.html")).relative_to(shared_outputs)
    detail = rendered(browser, shared_outputs, page.as_posix(), "data_docs_page", 0.2)
    assert "Data asset: None" not in detail.text and re.search(r"Data asset: \w+", detail.text)


def test_the_dbt_docs_site_works_offline_with_its_landing_page_and_exposures(browser, shared_outputs):
    shown = rendered(browser, shared_outputs, "docs/index.html", "dbt_docs", 3.0)
    assert "models, tests and exposures" in shown.title
    assert "Where to start" in shown.text  # models/overview.md, the landing page
    exposures = shown.text.split("Exposures", 1)[1]
    assert "Dashboard" in exposures and "Notebook" in exposures  # the BI tiers and the notebooks


def test_no_page_names_a_folder_of_the_machine_that_built_it(shared_outputs, small_scenario):
    pages = [shared_outputs / "data_quality.html", *shared_outputs.glob("docs/*.html")]
    pages += shared_outputs.glob("data_docs/**/*.html")
    assert len(pages) > 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for folder in (small_scenario.root, PROJECT_DIR):
            assert str(folder) not in text, f"{page.relative_to(shared_outputs)} names {folder}"


def test_the_example_query_on_the_data_quality_page_lists_rows(shared_outputs, small_scenario):
    page = (shared_outputs / "data_quality.html").read_text(encoding="utf-8")
    query = re.search(r'<code id="example-query">(.*?)</code>', page, re.DOTALL)
    assert query, "the page gives no example query"
    sql = query.group(1).replace("&#x27;", "'").replace("&quot;", '"')
    with duckdb.connect(str(small_scenario.warehouse / RESTRICTED.database), read_only=True) as connection:
        rows = connection.execute(sql).fetchall()
    assert rows, f"the example query lists no rows:\n{sql}"
