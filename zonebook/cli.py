"""The `zonebook` command: validate, build, check, new-year."""
from __future__ import annotations

import argparse
import signal
import sys

from .errors import DataError


def main(argv: list[str] | None = None) -> int:
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
    p.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default: cores)")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF downloads (needs Chromium)")
    p.add_argument("--cell-timeout", type=float, default=None, metavar="SECONDS",
                   help="stop a notebook whose cell runs longer (default: 120, or ZONEBOOK_CELL_TIMEOUT)")

    p = sub.add_parser("check", help="fail if an executed notebook or figure is stale")
    p.add_argument("--data", help="data folder (default: the bundled data/)")
    p.add_argument("--book", help="folder for executed notebooks (default: book/)")

    p = sub.add_parser("new-year", help="scaffold data/<YEAR>/ for staff to fill")
    p.add_argument("year", help="the new year, e.g. 2018")
    p.add_argument("--data", help="data folder (default: the bundled data/)")

    args = parser.parse_args(argv)
    # SIGTERM ends the command as Ctrl-C does: kernels, Jupyter Book and Chromium are ended and
    # staging folders removed on the way out, and nothing published is half-written
    previous = signal.signal(signal.SIGTERM, _interrupt) if _main_thread() else None
    try:
        if args.command == "validate":
            from .validate import main as run
        elif args.command == "build":
            from .build import main as run
        elif args.command == "check":
            from .manifest import main as run
        else:
            from .newyear import main as run
        return run(args)
    except DataError as error:
        print(f"zonebook {args.command}: bad input", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"zonebook {args.command}: interrupted; what was already published is unchanged", file=sys.stderr)
        return 130
    except PermissionError as error:
        from .errors import rel

        where = rel(error.filename) if error.filename else "a file"
        elsewhere = {"build": ", or build into another folder with --out / --book", "new-year": ", or use another data folder with --data"}
        print(f"zonebook {args.command}: cannot write {where} (permission denied). Make it and its folder writable "
              f"(e.g. `chmod -R u+w {where}`){elsewhere.get(args.command, '')}", file=sys.stderr)
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


if __name__ == "__main__":
    sys.exit(main())
