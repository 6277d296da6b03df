"""Every string a reader sees, in the edition's language, and numbers written its way.

Strings live in data/i18n/strings/*.csv (key, zh, en; one file per chapter), reviewed in
one place. Narrative
templates use `str.format` fields; values put into them are HTML-escaped, because text
from data files must show as text, never as markup.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

from zonebook.core import paths
from zonebook.core.errors import DataError, Problem, rel
from zonebook.data.readers import read_csv


@dataclass(frozen=True)
class Language:
    """One edition's language, as each tool names it."""

    code: str  # the `lang` parameter, the strings' column, the site's folder
    tag: str  # BCP 47: <html lang>, hreflang, lang="" on a quote
    sphinx: str  # Sphinx's `language`
    name: str  # its own name, the label of a link leading to it


LANGUAGES = {
    lang.code: lang for lang in (Language("zh", "zh-CN", "zh_CN", "中文"), Language("en", "en", "en", "English"))
}
LANGS = tuple(LANGUAGES)  # the editions, in the order the book lists them


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise DataError(
            Problem("parameters", f"unknown language {lang!r}", f"Use one of: {', '.join(LANGS)}", field="lang")
        )
    return lang


def strings_dir(data_root: Path | str | None = None) -> Path:
    """data/i18n/strings/ under the data root (the one in use by default)."""
    return paths.i18n_dir(data_root) / "strings"


def strings(data_root: Path | str | None = None) -> dict[str, dict]:
    """Every key of the strings files: key -> {"zh", "en", "where": (file, row)}. Read once per
    data root (the one in use by default); a key defined twice is a DataError naming both places."""
    return _strings(strings_dir(data_root))


@paths.read_once
def _strings(folder: Path) -> dict[str, dict]:
    entries, problems = read_strings(folder)
    if problems:
        raise DataError(problems)
    return entries


def read_strings(folder: Path) -> tuple[dict[str, dict], list[Problem]]:
    """The strings files of `folder` as they are on disk, and what is wrong with them: a file that
    cannot be read, a column missing, a key defined twice (in one file or in two)."""
    entries: dict[str, dict] = {}
    problems: list[Problem] = []
    for path in sorted(Path(folder).glob("*.csv")):
        try:
            table = read_csv(path)
        except DataError as error:
            problems += error.problems
            continue
        missing = [column for column in ("key", *LANGS) if column not in table.header]
        problems += [
            Problem(rel(path), f"column '{column}' is missing", "Add the column to the header row", 1, column)
            for column in missing
        ]
        if "key" in missing:
            continue
        for row in table.rows:
            key, where = row["key"], (rel(path), row["__row__"])
            if key in entries:
                first = entries[key]["where"]
                problems.append(
                    Problem(
                        where[0],
                        f"key '{key}' is defined twice: here and in {first[0]}, row {first[1]}",
                        "Keep one row per key across data/i18n/strings/: delete or rename one of the two",
                        where[1],
                        "key",
                    )
                )
                continue
            entries[key] = {lang: row.get(lang, "") for lang in LANGS} | {"where": where}
    return entries, problems


def text(key: str, lang: str, **fields) -> str:
    """The string `key` in `lang`, with fields filled in (escaped)."""
    return fill(key, lang, lambda v: html.escape(v, quote=False), fields)


def fill(key: str, lang: str, literal, fields: dict, data_root: Path | str | None = None) -> str:
    """The string `key` in `lang`, each text field passed through `literal` (an escape for the
    markup the result is read as); a bad {field} is a DataError naming the strings file and row."""
    entry = strings(data_root).get(key)
    if entry is None or not entry.get(lang):
        raise DataError(
            Problem(
                rel(strings_dir(data_root)),
                f"no {lang} text for key '{key}'",
                f"Add a row with key '{key}' and both the zh and en texts",
                field=lang,
            )
        )
    safe = {k: literal(v) if isinstance(v, str) else v for k, v in fields.items()}
    try:
        return entry[lang].format(**safe)
    except (KeyError, IndexError, ValueError, AttributeError) as error:
        path, row = entry["where"]
        raise DataError(
            Problem(
                path,
                f"the {lang} text of '{key}' has a field the book does not fill in ({type(error).__name__}: {error})",
                f"Use only the fields {', '.join('{' + f + '}' for f in sorted(fields)) or '(none)'}; "
                "run `zonebook validate`, which checks every text",
                row,
                lang,
            )
        ) from None


# Punctuation that Markdown or MyST read as markup anywhere in a line (emphasis, code, links and
# images, raw HTML and entities, roles and substitutions, math, strikethrough, table cells)
INLINE_SYNTAX = re.compile(r"([\\`*_\[\]<>&!{}$~|])")
# ... and what is markup only where a line starts (headings, lists, quotes, fences): the field
# may open the paragraph
LINE_START = re.compile(r"^([#+\-=:>]|\d+(?=[.)](\s|$)))")


def markdown_literal(value: str) -> str:
    """Text that Markdown and MyST show exactly as written: the punctuation they read as markup
    backslash-escaped (CommonMark allows it for every ASCII punctuation), line breaks as spaces.
    Other punctuation stays as it is, so that 1,504.7, 38.8% and (note: x) read plainly."""
    escaped = INLINE_SYNTAX.sub(r"\\\1", " ".join(value.split()))
    return LINE_START.sub(
        lambda m: "\\" + m.group(0) if not m.group(0)[0].isdigit() else m.group(0) + "\\", escaped, count=1
    )


def counted(key: str, n: int, lang: str, **fields) -> str:
    """A count with its noun: the string `key` with {n} (and `fields`) filled, or `key_one` for
    exactly one where the language has a singular (one measure / 3 measures)."""
    one = f"{key}_one"
    return text(one if n == 1 and one in strings() else key, lang, n=number(n, lang), **fields)


def number(value: float, lang: str, decimals: int | None = None) -> str:
    """134 -> '134'; 1504.7 -> '1504.7' (zh) or '1,504.7' (en); never '134.0'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("no value to format")
    if decimals is None:
        decimals = 0 if float(value).is_integer() else min(4, len(f"{value:.4f}".rstrip("0").split(".")[1]))
    body = f"{value:,.{decimals}f}" if lang == "en" else f"{value:.{decimals}f}"
    return body


def percent(value: float, lang: str, decimals: int = 1) -> str:
    """A percentage; a whole number shows no decimals."""
    decimals = 0 if round(value, decimals).is_integer() else decimals
    return f"{number(value, lang, decimals)}%"


def significant(value: float, digits: int = 3) -> float:
    """Rounded to `digits` significant figures, for chart labels (0.3224 -> 0.322)."""
    if value == 0:
        return 0.0
    return float(f"{value:.{digits}g}")


def listing(items: list[str], lang: str) -> str:
    """Items as a sentence lists them: 甲、乙和丙 / a, b and c; one item alone; none is an error."""
    items = [str(i) for i in items]
    if not items:
        raise ValueError("nothing to list")
    if len(items) == 1:
        return items[0]
    joiner, last = ("、", "和") if lang == "zh" else (", ", " and ")
    return joiner.join(items[:-1]) + last + items[-1]


def labelled(label: str, value: str, lang: str) -> str:
    """A label and its value in a list: 道路建设1504.7万元 / Road construction 15.047 million yuan."""
    return f"{label}{value}" if lang == "zh" else f"{label} {value}"


def clauses(items: list[str], lang: str) -> str:
    """Clauses of a list, as in alt text: 甲；乙 / a; b."""
    return ("；" if lang == "zh" else "; ").join(items)


def lower_first(phrase: str, lang: str) -> str:
    """'The economy' -> 'the economy' inside an English sentence; Chinese unchanged."""
    return phrase[:1].lower() + phrase[1:] if lang == "en" and phrase[1:2].islower() else phrase
