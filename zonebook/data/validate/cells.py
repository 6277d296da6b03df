"""What any cell or text must be, wherever it is: visible text, a template with known {fields}."""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from pathlib import Path

from zonebook.core import paths
from zonebook.core.errors import Problem, rel
from zonebook.data import i18n

# characters a reader cannot see, or that reorder the text around them (bidi), or that end a line
INVISIBLE = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
    "Co": "a private-use character",
    "Cs": "a broken surrogate",
}


def invisible_characters(path: Path, row: dict, column: str) -> list[Problem]:
    """A problem for each character of the cell a reader cannot see or that reorders the text
    (control, zero-width, bidirectional): data is shown as text, exactly as written."""
    text = row.get(column) or ""
    found = []
    for index, char in enumerate(text, start=1):
        kind = INVISIBLE.get(unicodedata.category(char))
        if kind:
            name = unicodedata.name(char, "") or {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "TAB"}.get(char, "")
            found.append(
                Problem(
                    rel(path),
                    f"character {index} of the cell is {kind}, U+{ord(char):04X}{' ' + name if name else ''}",
                    "Delete it: retype the cell, or paste the text as plain text (a line break inside a cell "
                    "becomes a space; an invisible or direction mark has no place in the data)",
                    row.get("__row__"),
                    column,
                )
            )
    return found


def placeholder_problems(path: Path, row: dict) -> list[Problem]:
    """Each text of a string is a valid template whose {fields} are ones the package fills in for
    that key (read from its calls such as `say("economy.tax", lang, tax=...)`)."""
    import string

    given = fields_given().get(row["key"])
    problems = []
    for lang in i18n.LANGS:
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(row.get(lang, "")) if name is not None}
        except ValueError as error:
            problems.append(
                Problem(
                    rel(path),
                    f"the {lang} text of '{row['key']}' is not a valid template ({error})",
                    "Write a field as {name}; a literal brace is written twice ({{ or }})",
                    row["__row__"],
                    lang,
                )
            )
            continue
        unknown = sorted(f for f in used if given is not None and f.split(".")[0].split("[")[0] not in given)
        if unknown:
            problems.append(
                Problem(
                    rel(path),
                    f"the {lang} text of '{row['key']}' uses {', '.join('{' + f + '}' for f in unknown)}, which the book never fills in "
                    f"(it gives {', '.join('{' + f + '}' for f in sorted(given)) or 'no field'})",
                    "Fix the spelling of the field, or write the text without it",
                    row["__row__"],
                    lang,
                )
            )
    return problems


@functools.cache
def fields_given() -> dict[str, set[str]]:
    """key -> the fields the package passes for it, from every call `text(key, ...)` / `say(key, ...)` /
    `paragraph(key, ...)` with a literal key. A key also called with `**fields` (unknown names) is left out: unchecked."""
    import ast

    given: dict[str, set[str]] = defaultdict(set)
    opened: set[str] = set()
    for path in sorted((paths.ROOT / "zonebook").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args or not isinstance(node.args[0], ast.Constant):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            key = node.args[0].value
            if name not in ("text", "say", "paragraph") or not isinstance(key, str):
                continue
            given[key] |= {k.arg for k in node.keywords if k.arg}
            if any(k.arg is None for k in node.keywords):
                opened.add(key)
    return {key: fields for key, fields in given.items() if key not in opened}


def short(text: str, limit: int = 40) -> str:
    """A quote as a message shows it: white space folded, cut after `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def refs(text: str) -> list[str]:
    """The refs of a findings cell (table:id;table:id)."""
    return [ref.strip() for ref in (text or "").split(";") if ref.strip()]
