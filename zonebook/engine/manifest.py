"""What each executed notebook was made from, and whether it is still current.

`book/manifest.json` holds, per executed notebook (key `"<lang>/<year>/<slug>.ipynb"`):

- `template`: the template's path and sha256; `parameters`: what papermill injected;
- `inputs`: what the execution actually read, recorded inside its kernel (zonebook.engine.inputs)
  and hashed right after it ran, plus `constraints.txt` (the pinned libraries):
  - `data/<path>`: a data file it opened (a table, the descriptor, the source text, strings,
    glossary, catalogue, units, reference), as sha256; "absent" for a file it looked for that
    did not exist (an optional table), so adding it later counts as a change;
  - `data/<folder>/`: a folder it listed (which tables a year has, which years there are), as
    the sorted names in it, so a file added or removed there counts as a change. Hidden files
    and Excel's `~$` lock files are left out, and so are the years after the notebook's own
    in the data folder: an edition never reads a later year (its record would show it);
  - `zonebook/<path>`: a module of the package it imported (so a chapter's module counts for
    the notebooks that import it, the runner and the build for none);
- `notebook`: the sha256 of the executed notebook (catches hand edits);
- the notebook itself carries, in `metadata.zonebook.inputs_sha256`, the digest of its record's
  `template`, `parameters` and `inputs` as they were when it ran (`seal`): a manifest whose
  hashes were edited to match changed files no longer matches the notebook it certifies;
- `figures`: sha256 of the decoded PNG bytes of every figure, keyed by cell id. Figures are
  `text/html` outputs holding `<img src="data:image/png;base64,...">` (the convention in
  `zonebook.engine.run`); a bare `image/png` output is digested too.

A notebook is current when its template, parameters, output and figures match and every
recorded input hashes as recorded; nothing else is looked at. A record without inputs (a
manifest of an older format, whose inputs were a hand-kept list) makes its notebook stale.

Paths are relative (data files as `data/...` whatever folder they were read from) and the
file is written with sorted keys, so the same inputs give the same bytes.

`plan()` picks the notebooks to execute (inputs changed, output missing or edited, or
`force`); `stale()` explains the same to a person, naming each changed file; `main()` is
`zonebook check`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from zonebook.core import paths
from zonebook.core.chapters import TEMPLATES, Template
from zonebook.core.errors import rel
from zonebook.data.i18n import LANGS

MANIFEST = "manifest.json"
FORMAT_VERSION = 2  # 2: inputs recorded in the kernel (1: a hand-kept list of tables and every package file)
ABSENT = "absent"
CONSTRAINTS = "constraints.txt"
IMG_DATA = re.compile(r"""<(?:img|source)\b[^>]*?\b(?:src|srcset)=["']data:image/png;base64,([A-Za-z0-9+/=\s]+)["']""")


@dataclass(frozen=True)
class Project:
    """Where the inputs and outputs of a build live. Tests point these at temporary folders."""

    book_dir: Path = paths.BOOK
    data_root: Path = field(default_factory=paths.data_root)  # every table, string and reference
    templates_dir: Path = paths.NOTEBOOKS
    templates: tuple[Template, ...] = TEMPLATES
    package_dir: Path = paths.ROOT / "zonebook"
    constraints: Path = paths.ROOT / "constraints.txt"
    years: tuple[int, ...] | None = None  # None: every year with data

    @classmethod
    def of(cls, book_dir=None, data_root=None, **overrides) -> Project:
        project = cls(**overrides)
        if book_dir:
            project = replace(project, book_dir=Path(book_dir).resolve())
        if data_root:
            project = replace(project, data_root=Path(data_root).resolve())
        return project

    @property
    def is_default_data(self) -> bool:
        return Path(self.data_root).resolve() == paths.DATA

    def command(self) -> str:
        """The command a person runs to bring this book up to date."""
        words = ["zonebook", "build"]
        if not self.is_default_data:
            words += ["--data", rel(self.data_root)]
        if Path(self.book_dir).resolve() != paths.BOOK:
            words += ["--book", rel(self.book_dir)]
        return " ".join(words)


@dataclass(frozen=True)
class Entry:
    """One notebook the book should have."""

    template: Template
    template_path: Path
    year: int
    lang: str

    @property
    def key(self) -> str:
        return f"{self.lang}/{self.year}/{self.template.slug}.ipynb"


@dataclass
class Staleness:
    notebook: str  # manifest key, e.g. "zh/2017/01_economy.ipynb"
    reasons: list[str]
    command: str

    def __str__(self) -> str:
        return f"{self.notebook}: {'; '.join(self.reasons)}. Run `{self.command}`"


# ---------------------------------------------------------------- hashing


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Hasher:
    """sha256 of files, each read once per build."""

    def __init__(self):
        self._cache: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        path = Path(path)
        if path not in self._cache:
            self._cache[path] = sha256_bytes(path.read_bytes()) if path.is_file() else ABSENT
        return self._cache[path]


def expected(project: Project) -> list[Entry]:
    """Every notebook the book should hold: years with data x languages x templates."""
    from zonebook.data import available_years

    years = project.years if project.years is not None else available_years(project.data_root)
    return [
        Entry(t, Path(project.templates_dir) / f"{t.slug}.ipynb", year, lang)
        for year in years
        for lang in LANGS
        for t in project.templates
    ]


def recorded_keys(log: Path, project: Project) -> list[str] | None:
    """The manifest keys of what an execution read, from its record (zonebook.engine.inputs); None
    when its kernel never imported zonebook, so nothing was recorded."""
    from zonebook.engine.inputs import read_log

    package, items = read_log(log)
    if package is None:
        return None
    root, code = Path(project.data_root).resolve(), Path(package)
    keys = set()
    for kind, value in items:
        if kind == "module":
            keys.add(value)
            continue
        path = Path(os.path.realpath(value))
        if path == root or root in path.parents:
            name = path.relative_to(root).as_posix()
            keys.add("data/" + ("" if name == "." else name) + ("/" if kind == "listed" and name != "." else ""))
        elif kind == "read" and code in path.parents:
            keys.add("zonebook/" + path.relative_to(code).as_posix())
    return sorted(keys)


def locate(key: str, project: Project) -> Path:
    """The file or folder a manifest key names, in this project."""
    if key == CONSTRAINTS:
        return Path(project.constraints)
    top, _, rest = key.partition("/")
    return (Path(project.data_root) if top == "data" else Path(project.package_dir)) / rest


def listing(folder: Path, key: str, year: int) -> list[str] | str:
    """The names in a folder a notebook listed, as compared for freshness (see the docstring)."""
    if not folder.is_dir():
        return ABSENT
    names = sorted(n for n in os.listdir(folder) if not n.startswith((".", "~$")))
    if key == "data/":  # the years: none after the edition's own
        names = [n for n in names if not (len(n) == 4 and n.isdigit() and int(n) > year)]
    return names


def state(key: str, entry: Entry, project: Project, hasher: Hasher):
    """What a recorded input is now: a file's sha256 (or "absent"), a folder's names."""
    path = locate(key, project)
    return listing(path, key, entry.year) if key.endswith("/") else hasher(path)


def parameters(entry: Entry, project: Project) -> dict:
    from zonebook.engine.run import portable_data_root

    # what papermill injects: a data folder outside the project stays absolute (tests only)
    return {
        "year": entry.year,
        "lang": entry.lang,
        "data_root": "" if project.is_default_data else portable_data_root(project.data_root),
    }


def portable(path) -> str:
    from zonebook.engine.run import portable as run_portable

    return run_portable(path)


def inputs_record(entry: Entry, project: Project, hasher: Hasher, log: Path) -> dict:
    """The part of a manifest record about what the notebook was made from, once it has run:
    `log` is its kernel's record of what it read (zonebook.engine.inputs)."""
    keys = recorded_keys(log, project)
    record = {
        "template": {"path": portable(entry.template_path), "sha256": hasher(entry.template_path)},
        "parameters": parameters(entry, project),
        "inputs": {key: state(key, entry, project, hasher) for key in [CONSTRAINTS, *(keys or [])]},
    }
    if keys is None:
        record["unrecorded"] = True
    return record


SEAL = "inputs_sha256"  # metadata.zonebook of an executed notebook: the digest of what it was made from


def seal_digest(record: dict) -> str:
    """sha256 of the part of a manifest record that says what a notebook was made from."""
    made_from = {k: record[k] for k in ("template", "parameters", "inputs", "unrecorded") if k in record}
    return sha256_bytes(json.dumps(made_from, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def seal(notebook_path: Path, record: dict) -> None:
    """Write the digest of the notebook's inputs record into the executed notebook itself."""
    import nbformat

    from zonebook.engine.run import publish

    nb = nbformat.read(notebook_path, as_version=4)
    nb.metadata.setdefault("zonebook", {})[SEAL] = seal_digest(record)
    publish(nb, notebook_path)


def sealed(notebook_path: Path) -> str | None:
    """The digest an executed notebook was sealed with (None: none, or not readable JSON)."""
    try:
        nb = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (nb.get("metadata", {}).get("zonebook") or {}).get(SEAL)


def figure_digests(nb: dict) -> dict[str, str]:
    """sha256 of every figure's PNG bytes, keyed by cell id (`id#2`... for a second one)."""
    digests: dict[str, str] = {}
    for cell in nb.get("cells", []):
        pngs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            pngs += IMG_DATA.findall(html)
            if "image/png" in data:
                png = data["image/png"]
                pngs.append("".join(png) if isinstance(png, list) else png)
        for n, encoded in enumerate(pngs, start=1):
            try:
                raw = base64.b64decode("".join(encoded.split()), validate=True)
            except (binascii.Error, ValueError):
                raw = encoded.encode()  # a broken image still gets a digest, so a change shows
            digests[cell.get("id", "") + ("" if n == 1 else f"#{n}")] = sha256_bytes(raw)
    return digests


def output_record(notebook_path: Path) -> dict:
    """The part of a manifest record read from the executed notebook."""
    data = notebook_path.read_bytes()
    return {"notebook": sha256_bytes(data), "figures": figure_digests(json.loads(data))}


# ---------------------------------------------------------------- the manifest file


def read(book_dir: Path) -> dict[str, dict]:
    """The records, by notebook; {} when the manifest is missing or damaged (nothing is then
    known to be current: every notebook is re-executed and the manifest written anew)."""
    path = Path(book_dir) / MANIFEST
    if damage(book_dir) or not path.is_file():
        return {}
    content = json.loads(path.read_text(encoding="utf-8"))
    # each record carries the file's format, so that one written before inputs were recorded is stale
    return {key: {**record, "format": content.get("format", 1)} for key, record in content["notebooks"].items()}


def damage(book_dir: Path) -> str | None:
    """What is wrong with an existing manifest (None when it is absent or sound)."""
    path = Path(book_dir) / MANIFEST
    if not path.is_file():
        return None
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return f"it is not valid JSON ({error})"
    notebooks = content.get("notebooks") if isinstance(content, dict) else None
    if not isinstance(notebooks, dict) or not all(isinstance(v, dict) for v in notebooks.values()):
        return 'it does not hold {"notebooks": {<notebook>: <record>, ...}}'
    return None


def dumps(records: dict[str, dict]) -> str:
    records = {key: {k: v for k, v in record.items() if k != "format"} for key, record in records.items()}
    return (
        json.dumps({"format": FORMAT_VERSION, "notebooks": records}, indent=1, sort_keys=True, ensure_ascii=False)
        + "\n"
    )


def write(book_dir: Path, records: dict[str, dict]) -> None:
    path = Path(book_dir) / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
    temporary.write_text(dumps(records), encoding="utf-8")
    os.replace(temporary, path)


# ---------------------------------------------------------------- freshness


def reasons(entry: Entry, record: dict | None, project: Project, hasher: Hasher) -> list[str]:
    """Why the executed notebook for `entry` is not current ([] when it is)."""
    notebook = Path(project.book_dir) / entry.key
    if not entry.template_path.is_file():
        return [f"its template {rel(entry.template_path)} is missing"]
    if not notebook.is_file():
        return ["the executed notebook is missing"]
    if not record:
        return ["the notebook is not in the manifest"]
    if record.get("format") != FORMAT_VERSION:
        return [f"its manifest record (format {record.get('format', 1)}) does not say which files its execution read"]
    found: list[str] = []
    template = {"path": portable(entry.template_path), "sha256": hasher(entry.template_path)}
    if template != record.get("template"):
        found.append(f"template {template['path']} changed")
    now = parameters(entry, project)
    if now != record.get("parameters"):
        found.append(
            f"parameters changed ({json.dumps(record.get('parameters'), sort_keys=True)} -> "
            f"{json.dumps(now, sort_keys=True)})"
        )
    if record.get("unrecorded"):
        found.append(
            "its kernel never imported zonebook, so what it read is unknown (import zonebook in its first code cell)"
        )
    for key, old in sorted(record.get("inputs", {}).items()):
        new = state(key, entry, project, hasher)
        if old != new:
            found.append(change(key, old, new))
    if sealed(notebook) != seal_digest(record):
        found.append(
            "its manifest record is not the one it was executed with (the manifest was edited by hand or copied "
            "from elsewhere)"
        )
    current = output_record(notebook)
    if current["notebook"] != record.get("notebook"):
        found.append("the executed notebook was edited after it was built (its sha256 differs from the manifest)")
    old_figures = record.get("figures", {})
    for cell in sorted(set(current["figures"]) | set(old_figures)):
        if current["figures"].get(cell) != old_figures.get(cell):
            found.append(f"figure in cell {cell} differs from the manifest")
    return found


def change(key: str, old, new) -> str:
    """How a recorded input differs now, naming it (and, for a folder, the names that came or went)."""
    if old == ABSENT or new == ABSENT:
        return f"{key} {'added' if old == ABSENT else 'removed'}"
    if isinstance(old, list) and isinstance(new, list):
        came, went = sorted(set(new) - set(old)), sorted(set(old) - set(new))
        return f"{key}: " + "; ".join(
            ([f"{', '.join(came)} added"] if came else []) + ([f"{', '.join(went)} removed"] if went else [])
        )
    return f"{key} changed"


def extras(project: Project, entries: list[Entry]) -> list[str]:
    """Executed notebooks in the book with no template or no data year behind them."""
    wanted = {e.key for e in entries}
    book = Path(project.book_dir)
    found = [p.relative_to(book).as_posix() for lang in LANGS for p in sorted((book / lang).glob("*/*.ipynb"))]
    return [key for key in found if key not in wanted]


def plan(project: Project, force: bool = False) -> tuple[list[Entry], list[Entry]]:
    """(notebooks to execute, notebooks that are current)."""
    records, hasher = read(project.book_dir), Hasher()
    run, current = [], []
    for entry in expected(project):
        (run if force or reasons(entry, records.get(entry.key), project, hasher) else current).append(entry)
    return run, current


def stale(book_dir=None, data_root=None, project: Project | None = None) -> list[Staleness]:
    """Every notebook that is not current, and why; [] when the book is up to date."""
    project = project or Project.of(book_dir, data_root)
    records, hasher, command = read(project.book_dir), Hasher(), project.command()
    entries = expected(project)
    found = [Staleness(e.key, r, command) for e in entries if (r := reasons(e, records.get(e.key), project, hasher))]
    found += [
        Staleness(key, ["no template or no data year produces this notebook (the build removes it)"], command)
        for key in extras(project, entries)
    ]
    return found


def main(args, project: Project | None = None) -> int:
    """`zonebook check`: exit 1 and say what to run when anything is stale."""
    from zonebook.data import check_data_root

    project = project or Project.of(getattr(args, "book", None), getattr(args, "data", None))
    check_data_root(project.data_root)
    damaged = damage(project.book_dir)
    if damaged:
        print(
            f"DAMAGED {rel(Path(project.book_dir) / MANIFEST)}: {damaged}; every notebook counts as stale. "
            f"Run `{project.command()}`, which re-executes them and writes the manifest anew"
        )
    problems = stale(project=project)
    if problems:
        for problem in problems:
            print(f"STALE {problem}")
        return 1
    print(f"OK: {len(expected(project))} notebooks current")
    return 0
