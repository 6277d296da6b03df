"""`zonebook build`: validate, execute what changed, record it, build and publish the site.

Order matters: every year is validated before any kernel starts (bad input never produces a
partial book); a notebook failure stops the build before Jupyter Book runs, so the published
site is never rebuilt from a partly executed book (notebooks that did succeed stay, and are
recorded in the manifest, because they are correct for their inputs).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from zonebook.core import locks, paths
from zonebook.core.errors import DataError, Problem, lasting, rel
from zonebook.engine import leftovers, manifest, validated
from zonebook.engine.inputs import ENV
from zonebook.engine.manifest import Entry, Hasher, Project
from zonebook.engine.run import Job, NotebookError, Result, cell_timeout, execute, kernels_for, parse_cell_timeout
from zonebook.publish import outputs, site, strings


@dataclass
class Summary:
    executed: list[str]
    current: list[str]
    removed: list[str]
    changed_figures: list[str]
    execute_seconds: float
    site_seconds: float | None
    site_dir: Path | None

    def __str__(self) -> str:
        lines = [
            f"executed {len(self.executed)} notebooks in {self.execute_seconds:.1f} s"
            + (": " + ", ".join(self.executed) if self.executed else "")
        ]
        lines.append(f"skipped {len(self.current)} current notebooks")
        if self.removed:
            lines.append(f"removed {len(self.removed)} notebooks with no template or year: {', '.join(self.removed)}")
        if self.changed_figures:
            lines.append("figures that changed (check them by eye): " + ", ".join(self.changed_figures))
        if self.site_dir is not None:
            lines.append(
                f"site current, not rebuilt: {rel(self.site_dir)}/index.html"
                if self.site_seconds == 0.0
                else f"built site in {self.site_seconds:.1f} s: {rel(self.site_dir)}/index.html"
            )
        return "\n".join(lines)


def validate(project: Project, years: list[int]) -> None:
    """Every Problem of every year, as one DataError, before anything runs; skipped when the
    same data were found valid by the same code before (zonebook.engine.validated)."""
    digest = validated.digest(project.data_root, years)
    if validated.is_current(project.data_root, digest):
        return
    from zonebook.data.validate import validate_year

    problems: list[Problem] = []
    for year in years:
        problems += validate_year(year, project.data_root)
    if problems:
        raise DataError(problems)
    validated.remember(project.data_root, digest)


def jobs_for(entries: list[Entry], project: Project, logs: dict[str, Path]) -> list[Job]:
    """One job per notebook; its kernel records what it reads into `logs[key]` (zonebook.engine.inputs)."""
    data_root = "" if project.is_default_data else str(project.data_root)
    return [
        Job(e.template_path, e.year, e.lang, data_root, Path(project.book_dir) / e.key, {ENV: str(logs[e.key])})
        for e in entries
    ]


def record_files(folder: Path, entries: list[Entry]) -> dict[str, Path]:
    """A record file per notebook to execute, in `folder`."""
    return {e.key: folder / f"{n}.jsonl" for n, e in enumerate(entries)}


def record(project: Project, entries: list[Entry], results: list[Result], logs: dict[str, Path]) -> list[str]:
    """Update the manifest for the notebooks just executed (with what each read, hashed now);
    drop notebooks nobody produces.

    Returns the figures whose digest changed, as "<notebook>#<cell id>"."""
    hasher = Hasher()
    records = manifest.read(project.book_dir)
    wanted = {e.key for e in manifest.expected(replace(project, years=None))}
    records = {key: value for key, value in records.items() if key in wanted}
    changed = []
    done = {Path(r.job.output).resolve() for r in results}
    for entry in entries:
        path = Path(project.book_dir) / entry.key
        if path.resolve() not in done:
            continue
        made_from = manifest.inputs_record(entry, project, hasher, logs[entry.key])
        manifest.seal(path, made_from)
        new = {**made_from, **manifest.output_record(path)}
        old_figures = records.get(entry.key, {}).get("figures", {})
        changed += [
            f"{entry.key}#{cell}"
            for cell, digest in sorted(new["figures"].items())
            if cell in old_figures and old_figures[cell] != digest
        ]
        records[entry.key] = new
    manifest.write(project.book_dir, records)
    return changed


def remove_extras(project: Project) -> list[str]:
    every = manifest.expected(replace(project, years=None))
    removed = manifest.extras(project, every)
    for key in removed:
        (Path(project.book_dir) / key).unlink()
    return removed


def build(
    project: Project,
    out_dir: Path,
    *,
    force: bool = False,
    workers: int | None = None,
    check_data: bool = True,
    make_site: bool = True,
    toc_path: Path | None = None,
    pdf: bool = True,
    cell_timeout: float | None = None,
) -> Summary:
    """Validate, execute the notebooks that need it, and (with `make_site`) build the site; return what was done."""
    every_year = _check_before_build(project, out_dir, check_data, make_site)
    to_run, current = manifest.plan(project, force=force)
    # made now, so that the fork server imports while the data are validated; no kernel starts
    # before they are found valid
    with kernels_for(len(to_run)) if to_run else contextlib.nullcontext() as kernels:
        if check_data:
            validate(project, every_year)
        remove_leftovers(project, out_dir if make_site else None)
        if make_site:
            strings.check_strings(project.data_root)
        changed, execute_seconds = _execute_and_record(project, to_run, kernels, workers, cell_timeout)
    removed = remove_extras(project)
    site_seconds = site_dir = None
    if make_site:
        site_seconds, site_dir = _make_site(project, out_dir, toc_path, every_year, pdf)
    return Summary(
        [e.key for e in to_run], [e.key for e in current], removed, changed, execute_seconds, site_seconds, site_dir
    )


def _check_before_build(project: Project, out_dir: Path, check_data: bool, make_site: bool) -> list[int]:
    """Refuse a build into folders it may not use or over a half-made year; return every year present."""
    from zonebook.data import available_years, check_data_root, half_made_years

    check_data_root(project.data_root)
    check_outputs(project, out_dir if make_site else None)
    check_writable(
        [Path(project.book_dir)]
        + ([Path(out_dir).resolve().parent, work_dir_for(Path(out_dir).resolve())] if make_site else [])
    )
    every_year = available_years(project.data_root)
    if check_data:
        half_made = half_made_years(project.data_root)  # validate and new-year say the same
        if half_made:
            raise DataError(half_made)
    return every_year


def _execute_and_record(project: Project, to_run: list, kernels, workers: int | None, cell_timeout: float | None):
    """Execute the notebooks to run and record their inputs; return the changed ones and the seconds it took."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"{leftovers.INPUT_RECORDS}{os.getpid()}-") as folder:
        logs = record_files(Path(folder), to_run)
        try:
            step(f"executing {len(to_run)} notebooks")
            results = execute(jobs_for(to_run, project, logs), workers=workers, timeout=cell_timeout, kernels=kernels)
        except NotebookError as error:
            record(project, to_run, error.succeeded, logs)
            raise
        execute_seconds = time.perf_counter() - started
        changed = record(project, to_run, results, logs)
    return changed, execute_seconds


def _make_site(project: Project, out_dir: Path, toc_path: Path | None, every_year: list[int], pdf: bool):
    """Generate and build the site (and the PDFs) into `out_dir`; return the seconds it took and the folder."""
    out_dir = Path(out_dir).resolve()
    work_dir = work_dir_for(out_dir)
    if toc_path is None:
        toc_path = site.TOC if Path(project.book_dir).resolve() == paths.BOOK else work_dir / "_toc.yml"
    step("building the site (both languages" + (", then the PDFs)" if pdf else ")"))
    site.generate(project.book_dir, work_dir, toc_path, every_year, project.templates, project.data_root, pdf=pdf)
    site_seconds = site.build_site(
        project.book_dir, out_dir, work_dir, toc_path, project.data_root, every_year, project.templates, pdf=pdf
    )
    return site_seconds, out_dir


def work_dir_for(out_dir: Path) -> Path:
    """Where the site's configs, table of contents and fingerprint go: beside the default site in
    _build/, and for any other --out in a hidden folder of zonebook's own named after it, never in
    the folder the user named (a `config/` of theirs there would be overwritten)."""
    if out_dir == (paths.BUILD / "html").resolve():
        return out_dir.parent
    return out_dir.parent / f".{out_dir.name}.zonebook-work"


def check_outputs(project: Project, out_dir: Path | None) -> None:
    """The book and site folders are zonebook's own (zonebook.publish.outputs), before anything is written."""
    book = outputs.check(project.book_dir, "book", data_root=project.data_root)
    if out_dir is not None:
        outputs.check(out_dir, "site", data_root=project.data_root, book_dir=book)
    if book != paths.BOOK:  # the committed book/ carries no marker: it is the default
        book.mkdir(parents=True, exist_ok=True)
        outputs.mark(book, "book")


def check_writable(folders: list[Path]) -> None:
    """Every folder the build writes to can be written, checked before anything runs."""
    import tempfile

    problems = []
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tempfile.TemporaryFile(dir=folder).close()
        except OSError as error:
            failed = Path(error.filename).resolve() if isinstance(error, PermissionError) and error.filename else folder
            # the folder given (made or not), or where making it failed; never the probe's temporary file
            where = failed if failed in (folder.resolve(), *folder.resolve().parents) else lasting(failed)
            problems.append(
                Problem(
                    rel(where),
                    f"the build cannot write here ({error.strerror or error})",
                    f"Make the folder writable (e.g. `chmod -R u+w {rel(where)}`, or give it to your user), "
                    "or build into another folder with --out / --book",
                )
            )
    if problems:
        raise DataError(problems)


def remove_leftovers(project: Project, out_dir: Path | None) -> None:
    """What a killed build left: notebook and manifest temporaries, staging and old-site folders."""
    leftovers.book_temporaries(project.book_dir)
    leftovers.input_records()
    if out_dir is not None:
        leftovers.site_folders(Path(out_dir).resolve())


def step(message: str) -> None:
    """A long step announced on a terminal (a log or a pipe stays quiet)."""
    if sys.stderr.isatty():
        print(f"zonebook build: {message}…", file=sys.stderr, flush=True)


def main(args) -> int:
    from zonebook.data import check_data_root, check_year

    project = Project.of(args.book, args.data)
    check_data_root(project.data_root)
    if args.year is not None:
        project = replace(project, years=(check_year(args.year, project.data_root),))
    out_dir = Path(args.out).resolve() if args.out else paths.BUILD / "html"
    given = getattr(args, "cell_timeout", None)
    timeout = cell_timeout() if given is None else parse_cell_timeout(given)  # before anything runs
    damaged = manifest.damage(project.book_dir)
    if damaged:
        print(
            f"zonebook build: {rel(Path(project.book_dir) / manifest.MANIFEST)} was damaged ({damaged}): "
            "every notebook is re-executed and the manifest written anew",
            file=sys.stderr,
        )
    try:
        with locks.held("build", [project.book_dir, out_dir]):
            summary = build(
                project,
                out_dir,
                force=args.force,
                workers=args.jobs,
                pdf=not args.no_pdf,
                cell_timeout=timeout,
            )
    except NotebookError as error:
        print("zonebook build: notebooks failed; the site was not rebuilt", file=sys.stderr)
        for failure in error.failures:
            print(f"  - {failure}", file=sys.stderr)
        return 1
    except site.SiteError as error:
        print(f"zonebook build: {error}", file=sys.stderr)
        return 1
    print(summary)
    return 0
