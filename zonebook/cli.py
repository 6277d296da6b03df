"""The `zonebook` command: validate, build, check, new-year, review-apply, add-indicator, diff."""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
from pathlib import Path

from zonebook.core import paths
from zonebook.core.errors import DataError


def main(argv: list[str] | None = None) -> int:
    """Run the command `argv` names (default: the process's arguments); return its exit status."""
    args = _parser().parse_args(argv)
    from zonebook.core import locks

    locks.COMMAND[:] = ["zonebook", *(sys.argv[1:] if argv is None else argv)]
    data = getattr(args, "data", None)
    # every table, string and reference read by the command comes from --data
    with paths.using(Path(data).resolve() if data else None):
        return _run(args)


def _parser() -> argparse.ArgumentParser:
    """The command line's parser: one table of every command and option, kept whole so the interface reads at a glance."""
    parser = argparse.ArgumentParser(prog="zonebook", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check the data packages; exit 1 on any problem")
    p.add_argument("--year", help="one year (default: every year present)")
    p.add_argument("--data", help="data folder (default: the bundled data/)")

    p = sub.add_parser("build", help="validate, execute changed chapters with papermill, build the HTML book")
    p.add_argument("--year", help="only this year's editions (default: every year present)")
    p.add_argument("--data", help="data folder (default: the bundled data/)")
    p.add_argument("--book", help="folder for executed notebooks (default: book/)")
    p.add_argument("--out", help="folder for the site (default: _build/html)")
    p.add_argument("--force", action="store_true", help="re-execute every notebook")
    p.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default: cores + 1)")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF downloads (needs Chromium)")
    p.add_argument(
        "--cell-timeout",
        default=None,
        metavar="SECONDS",
        help="stop a notebook whose cell runs longer, in whole seconds (default: 120, or ZONEBOOK_CELL_TIMEOUT)",
    )

    p = sub.add_parser("check", help="fail if an executed notebook or figure is stale, naming the file that changed")
    p.add_argument("--data", help="data folder (default: the bundled data/)")
    p.add_argument("--book", help="folder for executed notebooks (default: book/)")

    p = sub.add_parser("new-year", help="scaffold data/<YEAR>/ for staff to fill")
    p.add_argument("year", help="the new year, e.g. 2018")
    p.add_argument(
        "--source", help="the new report (.txt, .docx or .pdf): keep its text and pre-fill the tables from it"
    )
    p.add_argument("--data", help="data folder (default: the bundled data/)")

    p = sub.add_parser("add-indicator", help="add an indicator no earlier year had, and its row to fill")
    p.add_argument("id", help="the new indicator's id, snake_case, e.g. enterprises_year_end")
    p.add_argument("--year", required=True, help="the year whose table gets the row")
    p.add_argument("--table", required=True, help="the fact table, e.g. economy")
    p.add_argument(
        "--chapter", required=True, help="economy, integration, supply_side, environment, governance, safety or plan"
    )
    p.add_argument("--unit", required=True, help="a unit of data/units.csv, e.g. 家 or 亿元")
    p.add_argument("--name-zh", required=True, help="its name in Chinese")
    p.add_argument("--name-en", required=True, help="its name in English")
    p.add_argument("--definition-zh", default="", help="what it counts, in Chinese")
    p.add_argument("--definition-en", default="", help="what it counts, in English")
    p.add_argument("--data", help="data folder (default: the bundled data/)")

    p = sub.add_parser(
        "review-apply", help="write the decisions of data/<YEAR>/REVIEW.csv into the year's tables, all at once"
    )
    p.add_argument("year", help="the year pre-filled by `new-year --source`, e.g. 2018")
    p.add_argument("--data", help="data folder (default: the bundled data/)")

    p = sub.add_parser("diff", help="what a change does to the book: a report in _build/diff/index.html")
    p.add_argument("base", nargs="?", help="revision to compare against (default: the merge-base with main)")
    p.add_argument("head", nargs="?", help="revision to compare (default: the working tree)")
    p.add_argument("--out", help="folder for the report (default: _build/diff)")
    p.add_argument("--repo", help="git repository (default: this project)")
    return parser


def _run(args) -> int:
    """Run the parsed command; turn bad input, an interrupt, a locked file or a full disk into a message and a status."""
    missing = _missing_temporary_folder()
    if missing:
        print(f"zonebook {args.command}: {missing}", file=sys.stderr)
        return 1
    # SIGTERM ends the command as Ctrl-C does: kernels, Jupyter Book and Chromium are ended and
    # staging folders removed on the way out, and nothing published is half-written
    previous = signal.signal(signal.SIGTERM, _interrupt) if _main_thread() else None
    try:
        return _command(args.command)(args)
    except DataError as error:
        print(f"zonebook {args.command}: bad input", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"zonebook {args.command}: interrupted; what was already published is unchanged", file=sys.stderr)
        return 130
    except PermissionError as error:
        print(_permission_denied(args.command, error), file=sys.stderr)
        return 1
    except OSError as error:
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        print(_no_space(args.command, error), file=sys.stderr)
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _command(name: str):
    """The `main` of the module that runs command `name`, imported only when it runs."""
    if name == "validate":
        from zonebook.data.validate import main as run
    elif name == "build":
        from zonebook.build import main as run
    elif name == "check":
        from zonebook.engine.manifest import main as run
    elif name == "add-indicator":
        from zonebook.staff.indicators import main as run
    elif name == "diff":
        from zonebook.review import main as run
    elif name == "review-apply":
        from zonebook.staff.prefill.sheet import main as run
    else:
        from zonebook.staff.newyear import main as run
    return run


def _permission_denied(command: str, error: PermissionError) -> str:
    """What to do when the command may not write a file."""
    from zonebook.core.errors import lasting, rel

    where = rel(lasting(error.filename)) if error.filename else "a file"
    elsewhere = {
        "build": ", or build into another folder with --out / --book",
        "new-year": ", or use another data folder with --data",
    }
    return (
        f"zonebook {command}: cannot write {where} (permission denied). Make it and its folder writable "
        f"(e.g. `chmod -R u+w {where}`){elsewhere.get(command, '')}"
    )


def _no_space(command: str, error: OSError) -> str:
    """What to do when the disk the command writes to is full."""
    from zonebook.core.errors import lasting, rel

    where = rel(lasting(error.filename)) if error.filename else "the disk"
    return (
        f"zonebook {command}: no space left on the disk holding {where}. Free some space there (or "
        "write to another disk: --out / --book / --data), then run the command again; what was already "
        "published is unchanged"
    )


def _missing_temporary_folder() -> str | None:
    given = os.environ.get("TMPDIR")
    if given and not Path(given).is_dir():
        return (
            f"the temporary folder TMPDIR={given} does not exist. Create it (`mkdir -p {given}`) or unset TMPDIR, "
            "then run the command again"
        )
    return None


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


if __name__ == "__main__":
    sys.exit(main())
