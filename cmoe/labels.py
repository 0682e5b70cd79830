"""Plain English for the codes a page would otherwise show (held_back, duplicate_row: 8, scored).

The words are reference seeds, so that dbt's docs and the pages say the same:
the rules' names are in seeds/reference/dq_rules.csv, every other list's in
seeds/reference/code_labels.csv. A code missing from them is shown as its
words (underscores as spaces), never hidden.
"""

from __future__ import annotations

import csv
import re
from functools import cache

from cmoe.paths import REFERENCE_SEEDS_DIR

RULES = "rule_code"
# "duplicate_row: 8; repeated_session_mark: 343", as rpt_extract_reconciliation.held_back_rules lists them.
_COUNTED_CODE = re.compile(r"\b([a-z][a-z0-9_]*): ")


@cache
def labels() -> dict[tuple[str, str], str]:
    """Every known (list, code) and its words; the rules under the list "rule_code"."""
    found: dict[tuple[str, str], str] = {}
    with (REFERENCE_SEEDS_DIR / "dq_rules.csv").open(encoding="utf-8", newline="") as rules:
        found.update({(RULES, row["rule_code"]): row["rule_name"] for row in csv.DictReader(rules)})
    with (REFERENCE_SEEDS_DIR / "code_labels.csv").open(encoding="utf-8", newline="") as codes:
        found.update({(row["code_list"], row["code"]): row["label"] for row in csv.DictReader(codes)})
    return found


def label(code_list: str, code: object) -> str:
    """The words for one code of a list; blank for nothing."""
    if code is None or code != code:  # None or NaN
        return ""
    text = str(code)
    return labels().get((code_list, text)) or text.replace("_", " ").capitalize()


def rules_in_words(text: object) -> str:
    """A list of rules with their counts ('duplicate_row: 8') with each rule's name ('Duplicate row: 8')."""
    if text is None or text != text:
        return ""
    return _COUNTED_CODE.sub(lambda found: f"{label(RULES, found.group(1))}: ", str(text))
