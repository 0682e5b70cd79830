"""`python -m cmoe.quality build-suites`: regenerate the committed suites under expectations/."""

from __future__ import annotations

import argparse

from cmoe.quality.suites import SUITES_DIR, build_suites


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cmoe.quality", description=__doc__)
    parser.add_argument("command", choices=["build-suites"])
    parser.parse_args(argv)
    written = build_suites()
    print(f"{len(written)} suites written to {SUITES_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
