"""Who is who in the extracts: id spaces, children held twice, twins, namesakes, notices, rows
sent again in a later state, noise.

The small scenario and the hard one (the small LA's history in much noisier
extracts) are generated once per module (seed 7, as the pipeline tests use;
no dbt). Each row is tied to its child through truth/record_owners.csv, and
the hard scenario's children are simulated again from the same seed to
measure every kind of noise against the child's own details.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from cmoe.contract import load_extracts
from cmoe.generator import generate, names, random_streams
from cmoe.generator import scenario as scenarios
from cmoe.generator.simulation import simulate
from cmoe.paths import REFERENCE_SEEDS_DIR

SEED = 7
# The LA's systems and the schools' forms that key a child's name: table -> (forename, surname, DOB).
NAME_COLUMNS = {
    "ehe_register": ("FORENAME", "SURNAME", "DOB"),
    "cme_referrals": ("Forename", "Surname", "DOB"),
    "medical_cases": ("Forename", "Surname", "DOB"),
    "ap_placements": ("forename", "surname", "dob"),
    "social_care_episodes": ("Forename", "Surname", "DOB"),
    "rep_notifications": ("forename", "surname", "date_of_birth"),
    "exclusion_notifications": ("Forename", "Surname", "DOB"),
}
EDUCATION_PERSON_IDS = {
    "ehe_register": "PERSON_ID",
    "cme_referrals": "PersonID",
    "ap_placements": "person_id",
}
# The UPN as the LA's systems and the schools' forms give it.
UPN_COLUMNS = {
    "ehe_register": "UPN",
    "cme_referrals": "UPN",
    "medical_cases": "UPN",
    "rep_notifications": "upn",
    "exclusion_notifications": "UPN",
}


class Generated:
    def __init__(self, root: Path, scenario: str):
        self.root = root
        self.summary = generate(scenario, SEED, 1.0, root / "extracts", root / "attendance", root / "truth")
        self.owners = pd.read_csv(root / "truth" / "record_owners.csv")
        self.extracts = load_extracts()

    def table(self, name: str) -> pd.DataFrame:
        """A register's rows, each with the child behind it (`child`)."""
        extract = self.extracts[name]
        path = extract.folder(self.root / "extracts", self.root / "attendance") / extract.file_name(
            "20221006"
        )
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        owners = self.owners[self.owners["table"] == name].sort_values("line")
        assert list(owners["line"]) == list(range(2, len(frame) + 2))
        frame["child"] = owners["child_id"].to_numpy()
        return frame

    def keyed(self) -> pd.DataFrame:
        """Every LA system's and school form's row: table, child, forename, surname, DOB."""
        frames = []
        for name, (forename, surname, dob) in NAME_COLUMNS.items():
            frame = self.table(name)[["child", forename, surname, dob]]
            frame.columns = ["child", "forename", "surname", "dob"]
            frames.append(frame.assign(table=name))
        return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Generated:
    return Generated(tmp_path_factory.mktemp("small"), "small")


@pytest.fixture(scope="module")
def hard(tmp_path_factory) -> Generated:
    return Generated(tmp_path_factory.mktemp("hard"), "hard")


def _children(scenario: str) -> pd.DataFrame:
    """The simulated children (as generate makes them from the seed), by child_id."""
    history, _, _ = simulate(scenarios.get(scenario), random_streams(SEED)[0])
    return pd.DataFrame(
        {
            "child": child.child_id,
            "true_forename": child.forename,
            "true_surname": child.surname,
            "true_dob": child.date_of_birth,
            "true_upn": child.upn or "",
            "true_postcode": child.postcode,
        }
        for child in history.children
    ).set_index("child")


@pytest.fixture(scope="module")
def hard_children() -> pd.DataFrame:
    return _children("hard")


@pytest.fixture(scope="module")
def small_children() -> pd.DataFrame:
    return _children("small")


def _uk(text: str) -> date:
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)


def _against_truth(rows: pd.DataFrame, children: pd.DataFrame) -> pd.DataFrame:
    joined = rows.join(children, on="child")
    joined["dob_date"] = joined["dob"].map(_uk)
    return joined


# --- Identifiers -------------------------------------------------------------


@pytest.mark.parametrize("name", ["small", "hard"])
def test_education_and_social_care_ids_never_meet(name, request):
    generated = request.getfixturevalue(name)
    education = pd.concat(
        generated.table(table)[["child", column]].set_axis(["child", "person_id"], axis=1)
        for table, column in EDUCATION_PERSON_IDS.items()
    )
    social_care = generated.table("social_care_episodes")
    assert not set(education["person_id"]) & set(social_care["PersonID"])
    assert social_care["PersonID"].str.fullmatch(r"5\d{6}").all()
    # An id is never shared by two children, in either system.
    assert (education.groupby("person_id")["child"].nunique() == 1).all()
    assert (social_care.groupby("PersonID")["child"].nunique() == 1).all()


@pytest.mark.parametrize("name", ["small", "hard"])
def test_some_children_are_held_twice_by_a_case_system(name, request):
    generated = request.getfixturevalue(name)
    education = pd.concat(
        generated.table(table)[["child", column]].set_axis(["child", "person_id"], axis=1)
        for table, column in EDUCATION_PERSON_IDS.items()
    )
    twice = education.groupby("child")["person_id"].nunique()
    assert 0 < (twice == 2).sum() <= 0.1 * len(twice) and twice.max() == 2
    social_care = generated.table("social_care_episodes").groupby("child")["PersonID"].nunique()
    assert 0 < (social_care == 2).sum() <= 0.1 * len(social_care)


def test_the_hard_scenario_holds_more_children_twice(small, hard):
    def held_twice(generated):
        return (generated.table("social_care_episodes").groupby("child")["PersonID"].nunique() > 1).mean()

    assert held_twice(hard) > 2 * held_twice(small)


def test_the_medical_service_knows_no_person_id_and_the_upn_only_sometimes(small):
    medical = small.table("medical_cases")
    assert not {"PersonID", "PERSON_ID", "person_id"} & set(medical.columns)
    assert medical["CaseRef"].is_unique
    assert 0.2 < (medical["UPN"] != "").mean() < 0.8


# --- Twins, namesakes, siblings ----------------------------------------------


def test_twins_share_surname_birthday_and_address_but_not_forename(small, small_children):
    pairs = pd.read_csv(small.root / "truth" / "twins.csv")
    twins = pairs[pairs["kind"] == "twins"]
    assert 0.01 < 2 * len(twins) / len(small_children) < 0.02
    roll = small.table("pupil_roll").groupby("child").first()
    on_roll = twins[twins["child_id_a"].isin(roll.index) & twins["child_id_b"].isin(roll.index)]
    assert len(on_roll) > 0.5 * len(twins)
    a, b = roll.loc[on_roll["child_id_a"]].reset_index(), roll.loc[on_roll["child_id_b"]].reset_index()
    for column in ("Surname", "DOB", "Postcode"):
        assert (a[column] == b[column]).all(), column
    assert (a["Forename"] != b["Forename"]).all()
    assert (a["Gender"] != b["Gender"]).any() and (a["Gender"] == b["Gender"]).any()


def test_full_name_and_birthday_are_one_child_but_for_twins_listed_namesakes(
    small_children, hard, hard_children
):
    key = ["true_forename", "true_surname", "true_dob"]
    assert not small_children.duplicated(subset=key).any()
    pairs = pd.read_csv(hard.root / "truth" / "twins.csv")
    namesakes = pairs[pairs["kind"] == "namesakes"]
    assert 20 <= len(namesakes) <= 80
    a, b = hard_children.loc[namesakes["child_id_a"]], hard_children.loc[namesakes["child_id_b"]]
    assert (a[key].to_numpy() == b[key].to_numpy()).all()
    assert (a["true_postcode"].to_numpy() != b["true_postcode"].to_numpy()).all()
    listed = set(namesakes["child_id_a"]) | set(namesakes["child_id_b"])
    unlisted = hard_children.drop(index=list(listed))
    assert not unlisted.duplicated(subset=key).any()


def test_the_hard_scenario_has_families_of_siblings(small_children, hard_children):
    def families(children):
        birthdays = children.groupby(["true_surname", "true_postcode"])["true_dob"].nunique()
        return (birthdays > 1).sum()

    assert families(hard_children) > 0.1 * len(hard_children)
    assert families(hard_children) > 20 * max(1, families(small_children))


# --- Exclusion notices -------------------------------------------------------


def _categories() -> set[str]:
    seed = pd.read_csv(REFERENCE_SEEDS_DIR / "exclusion_categories.csv", dtype=str)
    return set(seed["exclusion_category_code"])


@pytest.mark.parametrize("name", ["small", "hard"])
def test_exclusion_notices_overlap_the_census(name, request):
    generated = request.getfixturevalue(name)
    notices, census = generated.table("exclusion_notifications"), generated.table("exclusions")
    assert (
        notices["NotificationRef"].str.fullmatch(r"EXN\d{6}").all() and notices["NotificationRef"].is_unique
    )
    assert set(notices["Category"]) == {"PERM", "SUSP"} and set(notices["Category"]) <= _categories()
    suspensions = notices[notices["Category"] == "SUSP"]
    assert (suspensions["Sessions"].astype(int) >= 5).all()
    assert (notices.loc[notices["Category"] == "PERM", "Sessions"] == "").all()
    delay = notices["NotifiedDate"].map(_uk) - notices["StartDate"].map(_uk)
    assert delay.between(timedelta(0), timedelta(days=45)).all()
    # Every permanent exclusion in the census is notified by the same school, same day, same child.
    keys = ["child", "URN", "StartDate"]
    permanent = census[census["Category"] == "PERM"].drop_duplicates(subset=keys)
    notified = notices.rename(columns={"SchoolURN": "URN"})[keys].drop_duplicates()
    assert len(permanent) > 0 and len(permanent.merge(notified, on=keys)) == len(permanent)
    # ...with the UPN the school held (where the notice gives one; hard mistypes a few).
    held = census.drop_duplicates(subset=keys)[[*keys, "UPN"]]
    joined = notices.rename(columns={"SchoolURN": "URN"}).merge(held, on=keys, suffixes=("", "_census"))
    assert len(joined) == len(notices)
    given = joined[joined["UPN"] != ""]
    assert (given["UPN"] == given["UPN_census"]).mean() >= (1.0 if name == "small" else 0.9)
    # Longer suspensions are notified too: the notices are far more than the permanent exclusions.
    sessions = pd.to_numeric(census["Sessions"], errors="coerce")
    long_suspensions = census[census["Category"].isin(["FIXD", "SUSP"]) & (sessions >= 5)]
    assert len(suspensions.drop_duplicates(subset=["child", "SchoolURN", "StartDate"])) == len(
        long_suspensions.drop_duplicates(subset=keys)
    )


def test_some_notices_are_sent_again_with_the_review_outcome(small, hard):
    keys = ["child", "SchoolURN", "StartDate"]
    for generated in (small, hard):
        notices = generated.table("exclusion_notifications")
        notices["notified"] = notices["NotifiedDate"].map(_uk)
        census = generated.table("exclusions").rename(columns={"URN": "SchoolURN"})
        # The census's last copy of each exclusion holds its outcome (an earlier one may not).
        outcomes = census.drop_duplicates(subset=keys, keep="last").set_index(keys)["ReviewOutcome"]
        groups = notices.sort_values(["notified", "NotificationRef"]).groupby(keys)
        again = [(key, group) for key, group in groups if len(group) > 1]
        assert 0 < len(again) <= 0.06 * groups.ngroups
        for key, group in again:
            assert len(group) == 2 and group["NotificationRef"].is_unique
            first, second = group.iloc[0], group.iloc[1]
            assert first["Outcome"] == "" and second["Outcome"] == outcomes[key]
            assert first["notified"] <= second["notified"]


# --- Rows sent again in a later state ---------------------------------------


def _earlier_and_later(frame: pd.DataFrame, keys: list[str], column: str) -> list[pd.DataFrame]:
    """Groups of rows with the same keys where some rows have `column` empty and others not."""
    frame = frame.assign(line=range(len(frame)))
    return [
        group
        for _, group in frame.groupby(keys)
        if (group[column] == "").any() and (group[column] != "").any()
    ]


@pytest.mark.parametrize("name", ["small", "hard"])
def test_the_ehe_register_keeps_some_rows_from_before_the_assessment(name, request):
    generated = request.getfixturevalue(name)
    ehe = generated.table("ehe_register")
    pairs = _earlier_and_later(ehe, ["PERSON_ID", "EHE_START_DATE"], "SUITABILITY")
    before = ehe[ehe["SUITABILITY"] == ""]
    assert len(pairs) == len(before) > 0  # every row without a suitability is one such
    assert generated.summary["extract_noise"]["ehe_resent_before_assessment"] == len(before)
    # The notice and order dates follow the assessment too.
    later_state = ("SUITABILITY", "SUITABILITY_DATE", "EHE_END_DATE", "END_REASON")
    later_state += ("S437_NOTICE_DATE", "SAO_ISSUED_DATE", "SAO_REVOKED_DATE")
    same = [column for column in ehe.columns if column not in later_state]
    for group in pairs:
        assert len(group) == 2 and group["child"].nunique() == 1
        earlier, later = group.sort_values("line").iloc[0], group.sort_values("line").iloc[1]
        assert earlier["SUITABILITY"] == earlier["SUITABILITY_DATE"] == ""
        assert earlier["EHE_END_DATE"] == earlier["END_REASON"] == ""  # still open then
        assert later["SUITABILITY"] in ("Suitable", "Unsuitable") and later["SUITABILITY_DATE"] != ""
        assert (earlier[same] == later[same]).all()


@pytest.mark.parametrize("name", ["small", "hard"])
def test_the_census_sends_some_exclusions_before_and_after_the_review(name, request):
    generated = request.getfixturevalue(name)
    census = generated.table("exclusions")
    pairs = _earlier_and_later(census, ["UPN", "URN", "StartDate", "Category"], "ReviewOutcome")
    assert len(pairs) > 0
    assert generated.summary["extract_noise"]["exclusion_resent_with_outcome"] == len(pairs)
    same = [column for column in census.columns if column != "ReviewOutcome"]
    for group in pairs:
        assert group["child"].nunique() == 1
        group = group.sort_values("line")
        without, given = group[group["ReviewOutcome"] == ""], group[group["ReviewOutcome"] != ""]
        assert len(without) == 1 and without["line"].max() < given["line"].min()
        assert (given[same] == without[same].iloc[0]).all().all()


def test_the_hard_scenario_sends_more_rows_again(small, hard):
    small_noise, hard_noise = small.summary["extract_noise"], hard.summary["extract_noise"]
    assert hard_noise["ehe_resent_before_assessment"] > 2 * small_noise["ehe_resent_before_assessment"]


# --- Noise -------------------------------------------------------------------


def _one_edit_apart(first: str, second: str) -> bool:
    """A letter dropped, doubled or two neighbours swapped."""
    if abs(len(first) - len(second)) == 1:
        shorter, longer = sorted((first, second), key=len)
        return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
    if len(first) == len(second):
        differ = [i for i in range(len(first)) if first[i] != second[i]]
        return len(differ) == 2 and differ[1] == differ[0] + 1 and first[differ[0]] == second[differ[1]]
    return False


def _noise_counts(generated: Generated, children: pd.DataFrame) -> dict[str, int]:
    """Rows of the LA systems and schools' forms showing each kind of difference."""
    rows = _against_truth(generated.keyed(), children)
    name_differs = (rows["forename"] != rows["true_forename"]) | (rows["surname"] != rows["true_surname"])
    true_dob, dob = rows["true_dob"], rows["dob_date"]
    with_upn = pd.concat(
        generated.table(table)[["child", column]].set_axis(["child", "UPN"], axis=1)
        for table, column in UPN_COLUMNS.items()
    ).join(children, on="child")
    with_upn = with_upn[with_upn["UPN"] != ""]
    ehe = generated.table("ehe_register").join(children, on="child")
    roll = _against_truth(
        generated.table("pupil_roll")[["child", "Forename", "Surname", "DOB"]].set_axis(
            ["child", "forename", "surname", "dob"], axis=1
        ),
        children,
    )
    return {
        "rows": len(rows),
        "name_differs": int(name_differs.sum()),
        "typo": int(
            sum(
                _one_edit_apart(row.forename, row.true_forename)
                or _one_edit_apart(row.surname, row.true_surname)
                for row in rows.itertuples()
            )
        ),
        "names_swapped": int(
            (
                (rows["forename"] == rows["true_surname"])
                & (rows["surname"] == rows["true_forename"])
                & (rows["forename"] != rows["surname"])  # not George George
            ).sum()
        ),
        "short_forename": int(
            sum(row.forename in names.PREFERRED_NAMES.get(row.true_forename, ()) for row in rows.itertuples())
        ),
        "surname_part": int(
            sum(
                "-" in row.true_surname and row.surname in row.true_surname.split("-")
                for row in rows.itertuples()
            )
        ),
        "dob_transposed": int(
            sum(
                d.day != t.day and (d.day, d.month, d.year) == (t.month, t.day, t.year)
                for d, t in zip(dob, true_dob, strict=True)
            )
        ),
        "dob_digit": int(
            sum(
                abs((d - t).days) == 1
                or (d.year - t.year in (-1, 1) and (d.month, d.day) == (t.month, t.day))
                for d, t in zip(dob, true_dob, strict=True)
            )
        ),
        "upn_mistyped": int(
            sum(
                len(row.UPN) == len(row.true_upn)
                and sum(a != b for a, b in zip(row.UPN, row.true_upn, strict=True)) == 1
                for row in with_upn.itertuples()
            )
        ),
        "upn_known_ehe_percent": round(100 * (ehe["UPN"] != "").mean()),
        "postcode_moved": int(((ehe["POSTCODE"] != "") & (ehe["POSTCODE"] != ehe["true_postcode"])).sum()),
        "roll_rows": len(roll),
        "roll_differs": int(
            (
                (roll["forename"] != roll["true_forename"])
                | (roll["surname"] != roll["true_surname"])
                | (roll["dob_date"] != roll["true_dob"])
            ).sum()
        ),
    }


@pytest.fixture(scope="module")
def noise(small, small_children, hard, hard_children) -> dict[str, dict[str, int]]:
    return {"small": _noise_counts(small, small_children), "hard": _noise_counts(hard, hard_children)}


def test_usual_noise_is_light_and_the_roll_is_clean(noise):
    small = noise["small"]
    assert 0.02 < small["name_differs"] / small["rows"] < 0.15
    assert small["roll_differs"] == 0
    for kind in ("names_swapped", "surname_part", "dob_digit", "postcode_moved"):
        assert small[kind] == 0, kind
    assert small["upn_mistyped"] <= 2  # only where a school's own UPN was mistyped


@pytest.mark.parametrize(
    "kind, at_least",
    [
        ("typo", 30),
        ("names_swapped", 10),
        ("short_forename", 10),
        ("surname_part", 3),
        ("dob_transposed", 5),
        ("dob_digit", 10),
        ("upn_mistyped", 10),
        ("postcode_moved", 5),
    ],
)
def test_the_hard_scenario_has_every_kind_of_noise(noise, kind, at_least):
    assert noise["hard"][kind] >= at_least
    assert noise["hard"][kind] > 2 * noise["small"][kind]


def test_the_hard_scenario_is_much_noisier_and_knows_fewer_upns(noise):
    small, hard = noise["small"], noise["hard"]
    assert hard["name_differs"] / hard["rows"] > max(0.25, 2.5 * small["name_differs"] / small["rows"])
    assert hard["upn_known_ehe_percent"] < small["upn_known_ehe_percent"] - 10
    # The schools key their own pupils' details with care: some noise on the roll, far less.
    assert 0.005 < hard["roll_differs"] / hard["roll_rows"] < hard["name_differs"] / hard["rows"] / 3


def test_the_summary_counts_the_noise(small, hard):
    assert set(hard.summary["extract_noise"]) >= {
        "typo",
        "names_swapped",
        "short_forename",
        "surname_part",
        "dob_transposed",
        "dob_digit",
        "upn_mistyped",
        "postcode_moved",
    }
    assert "names_swapped" not in small.summary["extract_noise"]
