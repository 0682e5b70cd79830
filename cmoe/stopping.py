"""Stopping a run cleanly, and finding what holds the build database.

A scheduler stops a run with SIGTERM, a person with Ctrl-C (SIGINT). Either
becomes a `Stopped` exception in the main thread, so that every `finally`
and `with` block runs: dbt and anything else the run started (each child runs
in its own process group) is stopped, scratch folders go, and the release
readers use is left as it was. The command then exits with 128 + the signal's
number, as shells do (130 for Ctrl-C, 143 for SIGTERM).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import psutil

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# How long a stopped child has to end on SIGTERM before the rest of its process group is killed.
GRACE_SECONDS = 10.0
# DuckDB's lock error: '... Conflicting lock is held in /usr/bin/python3.11 (PID 1234) ...'.
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class Stopped(BaseException):
    """A stop signal arrived; like KeyboardInterrupt, not an error a step may catch and go on from."""

    def __init__(self, signal_number: int):
        super().__init__(signal_number)
        self.signal_number = signal_number

    @property
    def exit_code(self) -> int:
        return 128 + self.signal_number

    def __str__(self) -> str:
        return f"stopped by {signal.Signals(self.signal_number).name}"


class DatabaseInUse(Exception):
    """Another process holds the DuckDB lock of a database this run must write."""

    def __init__(self, database: Path, holder: str):
        super().__init__(
            f"{database} is in use by {holder}: another build is running there. "
            "Wait for it to end, or stop that process, then run again"
        )


class _Holding:
    """Whether a block that must not be cut in two is running, and the stop signal it deferred."""

    depth = 0
    pending: int | None = None


def _raise_stopped(signal_number: int, _frame: object) -> None:
    # A second signal while stopping must not cut the clean-up short.
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    if _Holding.depth:
        _Holding.pending = signal_number
        return
    raise Stopped(signal_number)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGINT raise Stopped; the previous handlers come back after."""
    previous = {number: signal.signal(number, _raise_stopped) for number in STOP_SIGNALS}
    try:
        yield
    except Stopped:
        stop_children()  # what a step started in a session of its own (a notebook's kernel)
        raise
    finally:
        _Holding.pending = None
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def signals_held() -> Iterator[None]:
    """A stop arriving within the block takes effect when it ends: for steps that must not be cut in two.

    (Blocking the signals would not do: the process's other threads, DuckDB's, would take them.)
    """
    _Holding.depth += 1
    try:
        yield
    finally:
        _Holding.depth -= 1
    if not _Holding.depth and _Holding.pending is not None:
        raise Stopped(_Holding.pending)


def stop_process_group(process: subprocess.Popen, grace: float = GRACE_SECONDS) -> None:
    """Stop a child started with process_group=0 and everything it started: SIGTERM, then SIGKILL."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
        os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group


def stop_children(grace: float = GRACE_SECONDS) -> None:
    """Stop every process this one started, and theirs, that is still running: SIGTERM, then SIGKILL."""
    children = psutil.Process().children(recursive=True)
    for child in children:
        with suppress(psutil.NoSuchProcess):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with suppress(psutil.NoSuchProcess):
            child.kill()


def _command_line(pid: str) -> str | None:
    """A process's command line, as ps shows it; None where /proc cannot tell."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    return " ".join(word.decode(errors="replace") for word in words if word) or None


def lock_holder(error: duckdb.Error) -> str | None:
    """'PID 1234 (dbt build ...)' from DuckDB's lock error; None for any other error."""
    found = _LOCK_HOLDER.search(str(error))
    if not found:
        return None
    pid = found.group("pid")
    return f"PID {pid} ({_command_line(pid) or found.group('program')})"


def ensure_not_in_use(database: Path) -> None:
    """Raise DatabaseInUse, naming the process, when another process holds database's lock.

    Any other error opening it (a file a stopped build left half-written) is left to the build,
    which starts from an empty database after a stop.
    """
    if not database.exists():
        return
    try:
        duckdb.connect(str(database), read_only=True).close()
    except duckdb.Error as error:
        holder = lock_holder(error)
        if holder is not None:
            raise DatabaseInUse(database, holder) from None
