"""How well the warehouse linked records to children, against the generator's truth.

    cmoe evaluate-linking        (after `cmoe build` on a generated scenario)

Pairwise measures over every record used in the marts: of the pairs of
records the warehouse put in one child, the share that are one real child
(precision); of the pairs that are one real child, the share the warehouse
put together (recall). Printed after each linking stage in turn (a
permanent UPN, then the person ids, a school's own UPN, the same record
re-sent, the exact names and date of birth, the scored matches, the
reviewed ones), then for the children the warehouse gives, ending with one
line `precision P recall R`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

# Link keys by kind (int_identity_link_keys_listed), then the match stages
# (int_identity_key_group_matches), in the order the warehouse applies them.
KEY_STAGES = {
    "permanent_upn": "upn",
    "education_person_id": "education",
    "social_care_person_id": "social_care",
    "school_upn": "school_upn",
    "same_record": "record",
}
MATCH_STAGES = ("exact_name_and_birth_date", "scored", "reviewed")
LINKING_MODELS = (
    "int_identity_records_unioned",
    "int_identity_link_keys_listed",
    "int_identity_key_groups",
    "int_identity_record_pairs_blocked",
    "int_identity_record_pairs_compared",
    "int_identity_key_group_matches",
    "int_identity_records_linked",
    "fct_identity_link",
)


@dataclass(frozen=True)
class PairScore:
    label: str
    precision: float
    recall: float
    children: int

    def line(self) -> str:
        measures = f"precision {self.precision:.6f} recall {self.recall:.6f}"
        return f"{self.label:<34} {measures} ({self.children:,} children)"


def _pairs(sizes) -> int:
    return sum(size * (size - 1) // 2 for size in sizes)


def pairwise(predicted: list, truth: list) -> tuple[float, float]:
    """Pairwise precision and recall of one labelling of records against another (same order)."""
    together = _pairs(Counter(zip(predicted, truth, strict=True)).values())
    predicted_pairs = _pairs(Counter(predicted).values())
    true_pairs = _pairs(Counter(truth).values())
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / true_pairs if true_pairs else 1.0
    return precision, recall


class UnionFind:
    def __init__(self, items):
        self.parent = {item: item for item in items}

    def find(self, item):
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union_all(self, items) -> None:
        items = list(items)
        for other in items[1:]:
            first, second = self.find(items[0]), self.find(other)
            if first != second:
                self.parent[second] = first


def _query(database: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(sql).df()


def evaluate(database: Path, truth: Path) -> list[PairScore]:
    """The pairwise measures after each stage, then for the warehouse's own child ids."""
    owners = pd.read_csv(truth / "record_owners.csv", dtype={"file_name": str, "line": int})
    links = _query(
        database,
        "select record_id, source_file, source_line, child_id, key_group_id from marts.fct_identity_link",
    )
    records = links.merge(
        owners.rename(columns={"file_name": "source_file", "line": "source_line", "child_id": "true_child"}),
        on=["source_file", "source_line"],
        how="inner",
    )
    if len(records) < len(links):
        raise SystemExit(
            f"{len(links) - len(records)} linked records are not in the truth: another scenario?"
        )
    record_ids = records["record_id"].tolist()
    truth_labels = records["true_child"].tolist()
    keys = _query(database, "select record_id, link_key from intermediate.int_identity_link_keys_listed")
    keys["kind"] = keys["link_key"].str.split(":", n=1).str[0]
    matches = _query(
        database,
        "select seeker_key_group_id, matched_key_group_id, link_stage"
        " from intermediate.int_identity_key_group_matches",
    )
    group_records = records.groupby("key_group_id")["record_id"].first()

    found = UnionFind(record_ids)
    scores = []
    for stage, kind in KEY_STAGES.items():
        for _, group in keys[keys["kind"] == kind].groupby("link_key")["record_id"]:
            found.union_all(group)
        scores.append(_score(f"after {stage}", found, record_ids, truth_labels))
    for stage in MATCH_STAGES:
        for match in matches[matches["link_stage"] == stage].itertuples():
            found.union_all(
                [group_records[match.seeker_key_group_id], group_records[match.matched_key_group_id]]
            )
        scores.append(_score(f"after {stage}", found, record_ids, truth_labels))
    child_ids = records["child_id"].tolist()
    precision, recall = pairwise(child_ids, truth_labels)
    scores.append(PairScore("children (dim_child)", precision, recall, len(set(child_ids))))
    return scores


def _score(label: str, found: UnionFind, record_ids: list, truth_labels: list) -> PairScore:
    predicted = [found.find(record_id) for record_id in record_ids]
    precision, recall = pairwise(predicted, truth_labels)
    return PairScore(label, precision, recall, len(set(predicted)))


def linking_seconds(target_path: Path) -> dict[str, float]:
    """Seconds each linking model took in the last dbt build (target/run_results.json)."""
    results = target_path / "run_results.json"
    if not results.is_file():
        return {}
    seconds = {}
    for result in json.loads(results.read_text())["results"]:
        name = result["unique_id"].split(".")[-1]
        if result["unique_id"].startswith("model.") and name in LINKING_MODELS:
            seconds[name] = result["execution_time"]
    return seconds


def report(database: Path, truth: Path, target_path: Path) -> list[str]:
    """The lines `cmoe evaluate-linking` prints, the last one `precision P recall R`."""
    scores = evaluate(database, truth)
    lines = [score.line() for score in scores]
    seconds = linking_seconds(target_path)
    if seconds:
        detail = ", ".join(f"{name} {value:.1f}" for name, value in seconds.items())
        lines.append(f"linking models took {sum(seconds.values()):.1f} s in the last build ({detail})")
    final = scores[-1]
    lines.append(f"precision {final.precision:.6f} recall {final.recall:.6f}")
    return lines
