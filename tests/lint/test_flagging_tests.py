"""Which dbt tests flag rows and which stop the build (dbt_project.yml, data_tests).

A test on a staging or intermediate model checks a rule row by row: it warns
and keeps its failing rows, which int_dq_failed_test_rows lists in
fct_dq_issue, so that one bad record cannot hold back every report. The tests
that guard what the reports mean stop the build: those on the marts (the
rpt_ keys, the reconciliation), the seeds and the sources, the singular tests,
the completeness tests on the feed (no mark lost between landing and
staging, or between staging and the linked marks), and the labels the project
owes every code it reads (labelled_in_code_list).
"""

from __future__ import annotations

import pytest

FLAGGING_LAYERS = ("staging", "intermediate")
# Not row-level rules: a failure means marks were lost, which every figure would hide, or that the
# project itself lacks something (a label for a register it reads).
COMPLETENESS_TESTS = {"sequential_line_numbers", "row_count_equals", "labelled_in_code_list"}
# Built after every other test: they read the flagged rows, so their own tests cannot flag.
READS_TEST_FAILURES = "reads_test_failures"


def _tests(manifest: dict) -> list[dict]:
    return [node for node in manifest["nodes"].values() if node["resource_type"] == "test"]


def _attached_model(manifest: dict, test: dict) -> dict | None:
    attached = test.get("attached_node") or ""
    return manifest["nodes"].get(attached) if attached.startswith("model.") else None


def _flags_rows(test: dict) -> bool:
    return test["config"]["severity"].lower() == "warn" and bool(test["config"]["store_failures"])


def flagging_problems(manifest: dict) -> list[str]:
    """Tests that stop the build where they should flag, or flag where they should stop it."""
    problems = []
    for test in _tests(manifest):
        model = _attached_model(manifest, test)
        layer = model["fqn"][1] if model else None
        kind = (test.get("test_metadata") or {}).get("name")
        should_flag = (
            layer in FLAGGING_LAYERS
            and kind not in COMPLETENESS_TESTS
            and READS_TEST_FAILURES not in model["tags"]
        )
        if should_flag and not _flags_rows(test):
            problems.append(
                f"{test['name']} on {model['name']} stops the build: a row-level rule should flag"
            )
        if not should_flag and test["config"]["severity"].lower() != "error":
            problems.append(f"{test['name']} ({layer or 'no model'}) does not stop the build")
    return problems


def test_row_level_tests_flag_and_the_reports_tests_stop_the_build(manifest):
    assert flagging_problems(manifest) == []
    by_layer = {}
    for test in _tests(manifest):
        model = _attached_model(manifest, test)
        layer = model["fqn"][1] if model else "none"
        by_layer.setdefault((layer, _flags_rows(test)), []).append(test["name"])
    # Both kinds exist: the rule has something to hold on each side.
    assert by_layer.get(("staging", True)) and by_layer.get(("intermediate", True))
    assert by_layer.get(("marts", False))
    reconciliation = [
        test
        for test in _tests(manifest)
        if (_attached_model(manifest, test) or {}).get("name") == "rpt_extract_reconciliation"
    ]
    assert reconciliation and not any(_flags_rows(test) for test in reconciliation)


@pytest.mark.parametrize(
    ("layer", "kind", "severity", "stores", "problem"),
    [
        ("intermediate", "accepted_values", "ERROR", False, "stops the build"),
        ("staging", "not_null", "warn", False, "stops the build"),
        ("marts", "unique", "warn", True, "does not stop the build"),
        ("staging", "sequential_line_numbers", "warn", True, "does not stop the build"),
    ],
)
def test_a_misconfigured_test_is_found(layer, kind, severity, stores, problem):
    model = {"resource_type": "model", "name": "m", "fqn": ["cmoe", layer, "m"], "tags": []}
    test = {
        "resource_type": "test",
        "name": f"{kind}_m",
        "attached_node": "model.cmoe.m",
        "test_metadata": {"name": kind},
        "config": {"severity": severity, "store_failures": stores},
    }
    manifest = {"nodes": {"model.cmoe.m": model, "test.cmoe.t": test}}
    problems = flagging_problems(manifest)
    assert len(problems) == 1 and problem in problems[0]
