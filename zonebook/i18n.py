"""Every string a reader sees, in the edition's language, and numbers written its way.

Strings live in data/i18n/strings/*.csv (key, zh, en; one file per chapter), reviewed in
one place. Narrative
templates use `str.format` fields; values put into them are HTML-escaped, because text
from data files must show as text, never as markup.
"""
from __future__ import annotations

import html
import math
from functools import lru_cache
from pathlib import Path

from . import paths
from .errors import DataError, Problem, rel
from .readers import read_csv

LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise DataError(Problem("parameters", f"unknown language {lang!r}", f"Use one of: {', '.join(LANGS)}", field="lang"))
    return lang


def strings_dir() -> Path:
    """data/i18n/strings/ under the data root in use."""
    return paths.i18n_dir() / "strings"


def strings() -> dict[str, dict[str, str]]:
    return _strings(strings_dir())


@lru_cache(maxsize=None)
def _strings(folder: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.csv")):
        for row in read_csv(path).rows:
            if row["key"] in out:
                raise DataError(Problem(rel(path), f"key '{row['key']}' is defined twice", "Keep one row per key across data/i18n/strings/", row["__row__"], "key"))
            out[row["key"]] = {lang: row[lang] for lang in LANGS}
    return out


def text(key: str, lang: str, **fields) -> str:
    """The string `key` in `lang`, with fields filled in (escaped)."""
    entry = strings().get(key)
    if entry is None or not entry.get(lang):
        raise DataError(Problem(rel(strings_dir()), f"no {lang} text for key '{key}'",
                                f"Add a row with key '{key}' and both the zh and en texts", field=lang))
    safe = {k: html.escape(v, quote=False) if isinstance(v, str) else v for k, v in fields.items()}
    return entry[lang].format(**safe)


def counted(key: str, n: int, lang: str) -> str:
    """A count with its noun: the string `key` with {n} filled, or `key_one` for exactly one
    where the language has a singular (one measure / 3 measures)."""
    one = f"{key}_one"
    return text(one if n == 1 and one in strings() else key, lang, n=number(n, lang))


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


def lower_first(phrase: str, lang: str) -> str:
    """'The economy' -> 'the economy' inside an English sentence; Chinese unchanged."""
    return phrase[:1].lower() + phrase[1:] if lang == "en" and phrase[1:2].islower() else phrase

