"""Write seeds/reference/schools.csv: 240 synthetic schools for LA 865 (Wiltshire-sized).

Reference data for the default scenario. No school in the file is real:
- URNs are 900001..900240, a range no real school uses;
- names are made from real Wiltshire town, village and neighbourhood names, but
  the name, postcode and figures of each school are invented.

Make-up (by phase, in URN order):
- 198 primary (ages 4-11): 108 village schools (capacity 30-120) and 90 town
  schools (capacity 200-630); total capacity about 41,000. LAESTAB 865 2001..
- 30 secondary (11-16 or 11-18, capacity 600-1,900, total about 28,500).
  LAESTAB 865 4001..
- 9 special (2-19 or 4-19, capacity 60-200). LAESTAB 865 7001..
- 2 pupil referral units (11-16, capacity 40-80). LAESTAB 865 1101..
- 1 hospital school (4-16, capacity 15). LAESTAB 865 1150.
Within each phase schools are sorted by name before URNs and LAESTABs are given.

Postcodes are well formed and use only the districts SN8-SN16, SP1-SP5 and
BA12-BA15 (each place sits in the district it really belongs to); the inward
part (e.g. "3QX") is invented and unique within the file.

Deterministic: the only randomness comes from random.Random(SEED). Standard
library only. Run from anywhere:

    python scripts/make_schools_seed.py

It rewrites the CSV and prints a summary (counts and capacity totals).
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path

SEED = 865_2022
LA_CODE = "865"
OUT = Path(__file__).resolve().parent.parent / "seeds" / "reference" / "schools.csv"

# Hand-laid data tables, grouped by postcode district: keep them compact.
# fmt: off
# Village schools: (place, postcode district). 141 candidates; 108 are drawn.
VILLAGES = [
    ("Aldbourne", "SN8"), ("Ramsbury", "SN8"), ("Great Bedwyn", "SN8"), ("Burbage", "SN8"),
    ("Collingbourne Ducis", "SN8"), ("Collingbourne Kingston", "SN8"), ("Baydon", "SN8"),
    ("Ogbourne St George", "SN8"), ("Froxfield", "SN8"), ("Shalbourne", "SN8"), ("Avebury", "SN8"),
    ("Lockeridge", "SN8"), ("Mildenhall", "SN8"),
    ("Upavon", "SN9"), ("Woodborough", "SN9"), ("Manningford", "SN9"), ("Milton Lilbourne", "SN9"),
    ("Wilcot", "SN9"), ("Easton Royal", "SN9"), ("Enford", "SN9"),
    ("Potterne", "SN10"), ("Rowde", "SN10"), ("Urchfont", "SN10"), ("Easterton", "SN10"),
    ("West Lavington", "SN10"), ("Great Cheverell", "SN10"), ("Worton", "SN10"), ("Erlestoke", "SN10"),
    ("Bishops Cannings", "SN10"), ("All Cannings", "SN10"), ("Chirton", "SN10"), ("Stert", "SN10"),
    ("Cherhill", "SN11"), ("Heddington", "SN11"), ("Hilmarton", "SN11"), ("Compton Bassett", "SN11"),
    ("Derry Hill", "SN11"), ("Bremhill", "SN11"),
    ("Shaw", "SN12"), ("Whitley", "SN12"), ("Seend", "SN12"), ("Atworth", "SN12"),
    ("Broughton Gifford", "SN12"), ("Beanacre", "SN12"),
    ("Box", "SN13"), ("Neston", "SN13"), ("Gastard", "SN13"),
    ("Biddestone", "SN14"), ("Yatton Keynell", "SN14"), ("Castle Combe", "SN14"), ("Grittleton", "SN14"),
    ("Hullavington", "SN14"), ("Colerne", "SN14"), ("Kington St Michael", "SN14"),
    ("Kington Langley", "SN14"), ("Luckington", "SN14"), ("Nettleton", "SN14"),
    ("Lyneham", "SN15"), ("Sutton Benger", "SN15"), ("Christian Malford", "SN15"), ("Seagry", "SN15"),
    ("Lacock", "SN15"), ("Bromham", "SN15"), ("Dauntsey", "SN15"), ("Brinkworth", "SN15"),
    ("Langley Burrell", "SN15"), ("Great Somerford", "SN15"), ("Little Somerford", "SN15"),
    ("Crudwell", "SN16"), ("Oaksey", "SN16"), ("Minety", "SN16"), ("Lea", "SN16"), ("Charlton", "SN16"),
    ("Sherston", "SN16"), ("Brokenborough", "SN16"), ("Hankerton", "SN16"),
    ("Netherhampton", "SP2"), ("Great Wishford", "SP2"),
    ("Shrewton", "SP3"), ("Fovant", "SP3"), ("Dinton", "SP3"), ("Chilmark", "SP3"), ("Hindon", "SP3"),
    ("Wylye", "SP3"), ("Tilshead", "SP3"), ("Stapleford", "SP3"), ("Barford St Martin", "SP3"),
    ("Semley", "SP3"), ("Donhead St Andrew", "SP3"),
    ("Porton", "SP4"), ("Idmiston", "SP4"), ("Winterbourne Earls", "SP4"), ("Netheravon", "SP4"),
    ("Figheldean", "SP4"), ("Boscombe", "SP4"), ("Newton Tony", "SP4"), ("Cholderton", "SP4"),
    ("Great Durnford", "SP4"), ("Woodford", "SP4"),
    ("Alderbury", "SP5"), ("Whiteparish", "SP5"), ("Winterslow", "SP5"), ("West Dean", "SP5"),
    ("Pitton", "SP5"), ("Farley", "SP5"), ("Broad Chalke", "SP5"), ("Bowerchalke", "SP5"),
    ("Redlynch", "SP5"), ("Woodfalls", "SP5"), ("Coombe Bissett", "SP5"),
    ("Zeals", "BA12"), ("Kilmington", "BA12"), ("Maiden Bradley", "BA12"), ("Longbridge Deverill", "BA12"),
    ("Horningsham", "BA12"), ("Crockerton", "BA12"), ("Sutton Veny", "BA12"), ("Heytesbury", "BA12"),
    ("Codford", "BA12"), ("Corsley", "BA12"), ("Chitterne", "BA12"), ("Upton Scudamore", "BA12"),
    ("Dilton Marsh", "BA13"), ("Bratton", "BA13"), ("Edington", "BA13"), ("Chapmanslade", "BA13"),
    ("Heywood", "BA13"),
    ("Hilperton", "BA14"), ("North Bradley", "BA14"), ("Southwick", "BA14"), ("Steeple Ashton", "BA14"),
    ("Keevil", "BA14"), ("Semington", "BA14"), ("Holt", "BA14"), ("Staverton", "BA14"),
    ("West Ashton", "BA14"),
    ("Winsley", "BA15"), ("Westwood", "BA15"), ("Monkton Farleigh", "BA15"), ("South Wraxall", "BA15"),
    ("Limpley Stoke", "BA15"),
]
N_VILLAGE_PRIMARIES = 108

# Town primaries: town -> [(neighbourhood, postcode district)]. 83 + 7 small towns = 90.
TOWNS = {
    "Salisbury": [
        ("Harnham", "SP2"), ("Bemerton Heath", "SP2"), ("Old Sarum", "SP1"), ("Stratford-sub-Castle", "SP1"),
        ("Fisherton", "SP2"), ("St Martin's", "SP1"), ("Milford Hill", "SP1"), ("Bishopdown", "SP1"),
        ("Paul's Dene", "SP1"), ("Wyndham Park", "SP1"), ("Churchfields", "SP2"), ("Castle Road", "SP1"),
        ("Hampton Park", "SP1"), ("Petersfinger", "SP1"),
    ],
    "Trowbridge": [
        ("Studley Green", "BA14"), ("Paxcroft", "BA14"), ("Longmead", "BA14"), ("Castle Mead", "BA14"),
        ("Walwayne Court", "BA14"), ("Hilperton Road", "BA14"), ("The Down", "BA14"), ("Seymour", "BA14"),
        ("Lambrok", "BA14"), ("Upper Studley", "BA14"), ("Drynham", "BA14"), ("Broadmead", "BA14"),
    ],
    "Chippenham": [
        ("Hardenhuish", "SN14"), ("Monkton Park", "SN15"), ("Redland", "SN14"), ("Frogwell", "SN14"),
        ("Lowden", "SN15"), ("Derriads", "SN14"), ("Kings Lodge", "SN15"), ("Cepen Park", "SN14"),
        ("Pewsham", "SN15"), ("Hill Rise", "SN15"), ("Birds Marsh", "SN15"), ("Rowden", "SN15"),
    ],
    "Devizes": [("Southbroom", "SN10"), ("Nursteed", "SN10"), ("Wansdyke", "SN10"), ("Roundway", "SN10"),
                ("Brickley", "SN10"), ("Quakers Walk", "SN10")],
    "Melksham": [("Forest", "SN12"), ("Bowerhill", "SN12"), ("Aloeric", "SN12"), ("Shurnhold", "SN12"),
                 ("Berryfield", "SN12"), ("Snowberry", "SN12")],
    "Warminster": [("Boreham", "BA12"), ("Princecroft", "BA12"), ("Sambourne", "BA12"), ("Minster", "BA12"),
                   ("Copheap", "BA12"), ("Grovelands", "BA12")],
    "Calne": [("Priestley", "SN11"), ("Marden Vale", "SN11"), ("Abberd", "SN11"), ("Castlefields", "SN11"),
              ("Curzon", "SN11")],
    "Corsham": [("Pickwick", "SN13"), ("Rudloe", "SN13"), ("Katherine Park", "SN13"), ("Priory", "SN13")],
    "Westbury": [("Leigh Park", "BA13"), ("Bitham", "BA13"), ("Oldfield", "BA13"), ("Penleigh", "BA13")],
    "Amesbury": [("Kings Gate", "SP4"), ("Archers", "SP4"), ("Countess", "SP4"), ("Solstice", "SP4")],
    "Marlborough": [("Preshute", "SN8"), ("Kennet", "SN8"), ("Savernake", "SN8")],
    "Bradford on Avon": [("Fitzmaurice", "BA15"), ("Trinity", "BA15"), ("Kingston", "BA15")],
    "Malmesbury": [("Abbey", "SN16"), ("Westport", "SN16")],
    "Durrington": [("Avon Valley", "SP4"), ("Larkhill", "SP4")],
}
SMALL_TOWNS = [("Pewsey", "SN9"), ("Market Lavington", "SN10"), ("Wilton", "SP2"), ("Tisbury", "SP3"),
               ("Bulford", "SP4"), ("Downton", "SP5"), ("Mere", "BA12")]

# Primary types (198 in all).
PRIMARY_TYPES = (
    ["community"] * 55 + ["voluntary_controlled"] * 40 + ["voluntary_aided"] * 18
    + ["academy_converter"] * 60 + ["academy_sponsor_led"] * 15 + ["free_school"] * 4 + ["foundation"] * 6
)
SAINTS = ["Joseph", "Patrick", "Edmund", "Mary", "Gregory", "Augustine", "Dominic", "Thomas", "Catherine",
          "Bernadette", "Osmund", "Anne", "Francis", "Peter"]
# fmt: on

# Secondary schools: (name, district, type, high age, capacity). Hand-written; 30 rows.
SECONDARIES = [
    ("Sarum Vale Academy", "SP2", "academy_converter", 18, 1350),
    ("Salisbury Harnham Academy", "SP2", "academy_sponsor_led", 16, 750),
    ("Bishopdown Community School", "SP1", "community", 16, 650),
    ("St Osmund's Catholic School, Salisbury", "SP1", "voluntary_aided", 18, 1000),
    ("Old Sarum Academy", "SP1", "academy_converter", 18, 1200),
    ("Trowbridge Castle Mead Academy", "BA14", "academy_converter", 18, 1500),
    ("Trowbridge Studley Green Academy", "BA14", "academy_sponsor_led", 16, 700),
    ("Paxcroft School", "BA14", "foundation", 16, 750),
    ("Chippenham Cepen Park Academy", "SN14", "academy_converter", 18, 1400),
    ("Monkton Park School", "SN15", "academy_converter", 18, 1300),
    ("Chippenham Pewsham Academy", "SN15", "academy_sponsor_led", 16, 700),
    ("Devizes Wansdyke School", "SN10", "academy_converter", 18, 1250),
    ("Melksham Forest Oak Academy", "SN12", "academy_converter", 18, 1300),
    ("Warminster Copheap Academy", "BA12", "academy_converter", 18, 1150),
    ("Warminster Sambourne School", "BA12", "community", 16, 650),
    ("Calne Marden Vale School", "SN11", "academy_converter", 18, 1000),
    ("Corsham Pickwick Academy", "SN13", "academy_converter", 18, 1150),
    ("Westbury Leigh Park Academy", "BA13", "academy_converter", 16, 700),
    ("Amesbury Countess Academy", "SP4", "academy_converter", 18, 1000),
    ("Marlborough Kennet Academy", "SN8", "academy_converter", 18, 1900),
    ("Bradford on Avon Fitzmaurice Academy", "BA15", "academy_converter", 18, 900),
    ("Malmesbury Abbey School", "SN16", "academy_converter", 18, 1100),
    ("Pewsey Vale Academy", "SN9", "academy_converter", 16, 600),
    ("Durrington Larkhill Academy", "SP4", "academy_converter", 16, 750),
    ("Lavington Vale School", "SN10", "academy_converter", 16, 650),
    ("Downton Avon Meadows Academy", "SP5", "academy_converter", 16, 650),
    ("Tisbury Vale of Wardour Academy", "SP3", "academy_converter", 16, 650),
    ("Mere Castle Hill School", "BA12", "community", 16, 600),
    ("Lyneham Clack Hill Academy", "SN15", "free_school", 16, 600),
    ("Wilton Wylye Valley CE School", "SP2", "voluntary_aided", 16, 650),
]

# Special schools: (name, district, type, low age, capacity).
SPECIALS = [
    ("Harnham Meadows School", "SP2", "community", 2, 150),
    ("Trowbridge Larkspur School", "BA14", "academy_converter", 2, 200),
    ("Chippenham Birch Grove School", "SN15", "academy_converter", 2, 160),
    ("Devizes Roundway Park School", "SN10", "community", 4, 120),
    ("Calne Abberd Brook School", "SN11", "academy_sponsor_led", 4, 90),
    ("Melksham Riverside School", "SN12", "foundation", 4, 80),
    ("Warminster Cley Hill School", "BA12", "free_school", 4, 60),
    ("Amesbury Woodhenge School", "SP4", "community", 4, 100),
    ("Marlborough Downs School", "SN8", "academy_converter", 2, 70),
]

PRUS = [("Chippenham Pupil Referral Unit", "SN15", 64), ("Salisbury Pupil Referral Unit", "SP1", 48)]
HOSPITAL = ("Odstock Hospital School", "SP2", 15)

OLD_OPENED = [
    "1948-04-01",
    "1960-09-01",
    "1968-09-01",
    "1974-04-01",
    "1985-09-01",
    "1995-09-01",
    "2000-01-01",
]
FREE_SCHOOL_OPENED = ["2013-09-01", "2014-09-01", "2015-09-01", "2016-09-01"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in the inward code (no C I K M O V)


def primary_name(
    place: str, town: str | None, school_type: str, rng: random.Random, used_saints: set[tuple[str, str]]
) -> str:
    """A name in the style of the school's type (the caller adds ", Town" for town schools)."""
    if school_type == "voluntary_aided" and town is not None:
        for saint in SAINTS:
            if (town, saint) not in used_saints:
                used_saints.add((town, saint))
                return f"St {saint}'s Catholic Primary School, {town}"
    if school_type == "voluntary_aided":
        return f"{place} CE VA Primary School"
    if school_type == "voluntary_controlled":
        return f"{place} CE Primary School"
    if school_type == "academy_converter":
        return rng.choice(
            [f"{place} Primary School", f"{place} CE Primary School", f"{place} Primary Academy"]
        )
    if school_type == "academy_sponsor_led":
        return f"{place} Primary Academy"
    if school_type == "free_school":
        return f"{place} Primary Free School"
    if school_type == "foundation":
        return f"{place} Primary School"
    return rng.choice([f"{place} Primary School", f"{place} Community Primary School"])


def village_capacity(rng: random.Random) -> int:
    # Skewed to small: many schools of 30-90 pupils, fewer up to 120.
    return round(rng.triangular(30, 120, 55) / 5.0) * 5


def town_capacity(rng: random.Random, small_town: bool) -> int:
    if small_town:
        return rng.choice([210, 210, 240, 315])
    return rng.choices([210, 240, 315, 360, 420, 630], weights=[3, 1, 3, 1, 5, 2])[0]


def postcode(district: str, rng: random.Random, used: set[str]) -> str:
    while True:
        code = f"{district} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        if code not in used:
            used.add(code)
            return code


def build() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    used_postcodes: set[str] = set()
    used_saints: set[tuple[str, str]] = set()

    # Primary sites: 108 villages (kept in list order) + 90 town neighbourhoods / small towns.
    village_idx = sorted(rng.sample(range(len(VILLAGES)), N_VILLAGE_PRIMARIES))
    sites = [(VILLAGES[i][0], None, VILLAGES[i][1], "village") for i in village_idx]
    for town, areas in TOWNS.items():
        sites += [(area, town, district, "town") for area, district in areas]
    sites += [(town, None, district, "small_town") for town, district in SMALL_TOWNS]
    assert len(sites) == 198, len(sites)

    types = PRIMARY_TYPES[:]
    assert len(types) == 198
    rng.shuffle(types)

    schools: list[dict[str, object]] = []
    for (place, town, district, kind), school_type in zip(sites, types, strict=True):
        name = primary_name(place, town, school_type, rng, used_saints)
        if town is not None and not name.endswith(f", {town}"):
            name = f"{name}, {town}"  # e.g. "Studley Green Primary School, Trowbridge"
        capacity = village_capacity(rng) if kind == "village" else town_capacity(rng, kind == "small_town")
        if school_type == "free_school":
            opened = rng.choice(FREE_SCHOOL_OPENED)
        elif place in ("Castle Mead", "Old Sarum", "Kings Gate", "Katherine Park", "Paxcroft"):
            opened = "2009-09-01"  # built for new housing estates
        else:
            opened = rng.choice(OLD_OPENED)
        schools.append(
            {
                "phase": "primary",
                "school_type": school_type,
                "school_name": name,
                "low": 4,
                "high": 11,
                "capacity": capacity,
                "district": district,
                "opened": opened,
            }
        )

    for name, district, school_type, high, capacity in SECONDARIES:
        opened = "2015-09-01" if school_type == "free_school" else rng.choice(OLD_OPENED)
        schools.append(
            {
                "phase": "secondary",
                "school_type": school_type,
                "school_name": name,
                "low": 11,
                "high": high,
                "capacity": capacity,
                "district": district,
                "opened": opened,
            }
        )
    for name, district, school_type, low, capacity in SPECIALS:
        opened = "2016-09-01" if school_type == "free_school" else rng.choice(OLD_OPENED)
        schools.append(
            {
                "phase": "special",
                "school_type": school_type,
                "school_name": name,
                "low": low,
                "high": 19,
                "capacity": capacity,
                "district": district,
                "opened": opened,
            }
        )
    for name, district, capacity in PRUS:
        schools.append(
            {
                "phase": "alternative_provision",
                "school_type": "pupil_referral_unit",
                "school_name": name,
                "low": 11,
                "high": 16,
                "capacity": capacity,
                "district": district,
                "opened": "1995-09-01",
            }
        )
    name, district, capacity = HOSPITAL
    schools.append(
        {
            "phase": "hospital",
            "school_type": "hospital_school",
            "school_name": name,
            "low": 4,
            "high": 16,
            "capacity": capacity,
            "district": district,
            "opened": "2000-01-01",
        }
    )

    # URN / LAESTAB in phase order, by name within phase.
    phase_order = ["primary", "secondary", "special", "alternative_provision", "hospital"]
    first_estab = {
        "primary": 2001,
        "secondary": 4001,
        "special": 7001,
        "alternative_provision": 1101,
        "hospital": 1150,
    }
    schools.sort(key=lambda s: (phase_order.index(str(s["phase"])), str(s["school_name"])))
    rows = []
    seen_in_phase: Counter[str] = Counter()
    for i, s in enumerate(schools):
        phase = str(s["phase"])
        estab = first_estab[phase] + seen_in_phase[phase]
        seen_in_phase[phase] += 1
        rows.append(
            {
                "school_urn": str(900001 + i),
                "laestab": f"{LA_CODE}{estab:04d}",
                "la_code": LA_CODE,
                "school_name": s["school_name"],
                "phase": phase,
                "school_type": s["school_type"],
                "statutory_low_age": s["low"],
                "statutory_high_age": s["high"],
                "capacity": s["capacity"],
                "postcode": postcode(str(s["district"]), rng, used_postcodes),
                "opened_date": s["opened"],
                "closed_date": "",
                "is_state_funded": "true",
            }
        )
    return rows


def check(rows: list[dict[str, object]]) -> None:
    assert len(rows) == 240
    counts = Counter(r["phase"] for r in rows)
    assert counts == {
        "primary": 198,
        "secondary": 30,
        "special": 9,
        "alternative_provision": 2,
        "hospital": 1,
    }
    for key in ("school_urn", "laestab", "school_name", "postcode"):
        assert len({r[key] for r in rows}) == 240, key
    cap = {p: sum(int(r["capacity"]) for r in rows if r["phase"] == p) for p in counts}
    assert 40_000 <= cap["primary"] <= 42_000, cap
    assert 28_000 <= cap["secondary"] <= 29_000, cap
    for r in rows:
        c = int(r["capacity"])
        assert {
            "primary": 30 <= c <= 630,
            "secondary": 600 <= c <= 1900,
            "special": 60 <= c <= 200,
            "alternative_provision": 40 <= c <= 80,
            "hospital": c == 15,
        }[str(r["phase"])], r
        assert len(str(r["laestab"])) == 7 and str(r["laestab"]).startswith(LA_CODE)
        assert str(r["opened_date"]) < "2017-09-01"


def main() -> None:
    rows = build()
    check(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = Counter(r["phase"] for r in rows)
    for phase, n in counts.items():
        cap = sum(int(r["capacity"]) for r in rows if r["phase"] == phase)
        print(f"{phase:22s} {n:4d} schools, capacity {cap:6d}")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
