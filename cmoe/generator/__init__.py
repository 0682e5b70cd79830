"""The extract generator: a simulated LA history, written as each system's extract.

    cmoe generate --scenario default --seed 20221006 --scale 1

writes the registers under seeds/extracts/<system>/, the attendance feed under
landing/attendance/ and the truth under truth/ (all git-ignored), and prints
the attendance mix of the last full academic year beside the published
profile it aims at. The same seed and scale give the same bytes. Scenarios:
scenario.SCENARIOS (default, small, recent, and hard: the small LA with
noisy extracts and namesakes, to try the linking on).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from cmoe.contract import Extract, load_extracts
from cmoe.generator import scenario as scenarios
from cmoe.generator.attendance import write_session_marks
from cmoe.generator.attendance_orders import serve_notices
from cmoe.generator.attendance_summary import total_row
from cmoe.generator.extract_files import RecordOwner, write_rows
from cmoe.generator.extracts import ExtractWriter
from cmoe.generator.simulation import simulate
from cmoe.generator.truth import last_full_year, mix_line, write_summary, write_truth
from cmoe.pseudonyms import record_generated


def generate(
    scenario_name: str,
    seed: int,
    scale: float,
    extracts_root: Path,
    attendance_root: Path,
    truth_root: Path,
    attendance_format: str = "parquet",
) -> dict:
    started = time.perf_counter()
    scenario = scenarios.get(scenario_name, scale)
    extracts = load_extracts()
    _ensure_writers(extracts)
    simulation_rng, noise_rng, attendance_rng, notices_rng = random_streams(seed)
    print(f"  simulating {scenario.name} (about {scenario.pupils_on_roll:,} pupils on roll)", flush=True)
    history, calendar, schools = simulate(scenario, simulation_rng)
    serve_notices(history, scenario.extract_date, notices_rng)
    _remove_earlier_extracts(extracts, extracts_root, attendance_root)
    writer = ExtractWriter(history, schools, scenario, noise_rng)
    counts, owners = _write_registers(extracts, writer, extracts_root, attendance_root, scenario.name)
    feed = extracts["session_marks"]
    feed_path = attendance_root / feed.file_name(writer.date_text, attendance_format)
    attendance = write_session_marks(
        history,
        calendar,
        schools,
        scenario.attendance_start,
        scenario.extract_date,
        feed_path,
        attendance_format,
        attendance_rng,
    )
    counts["session_marks"] = attendance.rows
    print(f"  wrote the attendance feed ({attendance.rows:,} session marks)", flush=True)
    summary = {
        "scenario": scenario.name,
        "seed": seed,
        "scale": scale,
        "extract_date": scenario.extract_date.isoformat(),
        "children": len(history.children),
        "rows": counts,
        "extract_noise": dict(sorted(writer.noise.counts.items())),
        "feed_noise": attendance.noise,
    }
    attendance_summary = write_truth(truth_root, history, scenario, schools, owners, attendance.truth)
    year = last_full_year(scenario)
    if (total := total_row(attendance_summary, year)) is not None:
        print(f"  {mix_line(year, total)}", flush=True)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    write_summary(truth_root, summary)
    return summary


def _ensure_writers(extracts: dict[str, Extract]) -> None:
    """Stop before simulating when the contract declares a register the generator cannot write."""
    for name, extract in extracts.items():
        if not extract.is_feed and not hasattr(ExtractWriter, name):
            raise SystemExit(
                f"error: the contract declares the register {name} ({extract.system}), but the generator "
                f"has no writer for it: add ExtractWriter.{name} in cmoe/generator/extracts.py "
                "(docs/adding-a-register.md, step 6)"
            )


def _write_registers(
    extracts: dict[str, Extract],
    writer: ExtractWriter,
    extracts_root: Path,
    attendance_root: Path,
    scenario_name: str,
) -> tuple[dict[str, int], list[RecordOwner]]:
    """Every register's extract (the feed is written on its own); its rows by register, and the
    child behind each line."""
    owners = []
    counts = {}
    registers = []
    for name, extract in extracts.items():
        if extract.is_feed:
            continue
        folder = extract.folder(extracts_root, attendance_root)
        written = write_rows(extract, folder, writer.date_text, getattr(writer, name)())
        counts[name] = len(written)
        owners.extend(written)
        registers.append(folder / extract.file_name(writer.date_text))
    # So that a build knows these registers hold no real child (cmoe.pseudonyms).
    record_generated(extracts_root, registers, scenario_name)
    print(f"  wrote {len(counts)} registers ({sum(counts.values()):,} rows)", flush=True)
    return counts, owners


def random_streams(seed: int) -> tuple[np.random.Generator, ...]:
    """The simulation's, the extracts' noise's, the attendance feed's and the home education
    notices' streams: one seed, and each stream its own, so that a change to one part leaves the
    others' draws alone (a stream added last leaves the earlier ones as they were)."""
    return tuple(np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(4))


def _remove_earlier_extracts(extracts, extracts_root: Path, attendance_root: Path) -> None:
    """A new set replaces the old: files of an older extract date would be read as well."""
    for extract in extracts.values():
        folder = extract.folder(extracts_root, attendance_root)
        for old in folder.glob(f"{extract.table}_*.*"):
            old.unlink()
