"""Word-level marks between an old and a new sentence: Chinese segmented with jieba, other text by words."""

from __future__ import annotations

import difflib
import html
import logging
import re

HAN = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"\d[\d,.]*%?|\w+(?:['’-]\w+)*|\s+|.", re.S)
_jieba = None


def _segment(text: str) -> list[str]:
    global _jieba
    if _jieba is None:  # loading its dictionary takes about a second: only when Chinese changed
        import jieba

        jieba.setLogLevel(logging.WARNING)
        _jieba = jieba
    return _jieba.lcut(text)


def words(text: str) -> list[str]:
    return _segment(text) if HAN.search(text) else WORD.findall(text)


def marked(old: str, new: str) -> tuple[str, str]:
    """The two sentences as HTML, removed words in <del> in the old, added words in <ins> in the new."""
    a, b = words(old), words(new)
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = html.escape("".join(a[i1:i2])), html.escape("".join(b[j1:j2]))
        if op == "equal":
            old_html.append(removed)
            new_html.append(added)
            continue
        if removed:
            old_html.append(f"<del>{removed}</del>")
        if added:
            new_html.append(f"<ins>{added}</ins>")
    return "".join(old_html), "".join(new_html)
