"""The book's house style (docs/style.md), checked on what a reader sees.

`check_text(text, lang)` lists the breaches of one piece of text; `check_page(html, lang)`
those of a built page's article, its alt texts and its labelled figures; `check_site(site)`
those of every page of every edition. Each rule has a name (`RULES`) and a pattern; a breach
names the rule and quotes the words around it.

Words the book does not write are not its style: text inside an element marked with the
source's language (the report's quotes, the glossary's Chinese terms) is not checked, nor a
“…” span of a Chinese text that the year's source states word for word.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from zonebook.core import paths
from zonebook.data.i18n import read_strings, strings_dir
from zonebook.data.readers import read_csv

CJK = r"[\u3400-\u9fff]"
SOURCE_LANG = "zh-CN"  # the language of every quote of a report


@dataclass(frozen=True)
class Breach:
    rule: str
    where: str
    excerpt: str
    says: str = ""  # what the style asks instead

    def __str__(self) -> str:
        return f"{self.where}: {self.rule}: …{self.excerpt}…" + (f" ({self.says})" if self.says else "")


@dataclass(frozen=True)
class Rule:
    name: str
    lang: str  # "zh", "en" or "both"
    pattern: re.Pattern
    says: str  # what the style asks, for the report of a breach


CHAPTER_KEY = re.compile(r"^chapter\.[a-z_]+$|^intro\.chapter_\d\d_[a-z_]+$")  # the book's names of its pages


@cache
def chapter_names(data_root: Path | str | None = None) -> dict[str, set[str]]:
    """The names the book gives its chapters and pages, per language (strings chapter.<name>, intro.chapter_<slug>)."""
    entries, _ = read_strings(strings_dir(data_root))
    names = [entry for key, entry in entries.items() if CHAPTER_KEY.match(key)]
    return {lang: {entry[lang] for entry in names} for lang in ("zh", "en")}


@cache
def pinyin_words(data_root: Path | str | None = None) -> dict[str, str]:
    """Pinyin the English edition must not print bare: word -> the English term to use
    (data/i18n/pinyin.csv, kept beside the glossary)."""
    table = read_csv(paths.i18n_dir(data_root) / "pinyin.csv")
    return {r["pinyin"]: r["use"] for r in table.rows}


# name, language ("both": either), what breaks it, what the style asks
RULES = tuple(
    Rule(name, lang, re.compile(pattern), says)
    for name, lang, pattern, says in (
        (
            "zh.halfwidth",
            "zh",
            # a bracket pair once; a list's ; or , even with a space, and a bracket after a Chinese word
            rf"\([^()]*{CJK}[^()]*\)|{CJK}\s*[,;(]|[,;]\s*{CJK}|{CJK}[:!?\"']|[:!?\"']{CJK}|{CJK}\.(?!\d)",
            "full-width punctuation and brackets （）“”，。、；： in Chinese text",
        ),
        (
            "zh.yi_below_one",
            "zh",
            r"(?<![\d.])0\.\d+(?:亿元|亿美元|亿)",
            "below 1亿元 in 万元 (4170万元, not 0.417亿元)",
        ),
        ("zh.chapter_name", "zh", r"“([^”]{1,16})”(?:一章|章|部分)", "a chapter named by the book's own chapter name"),
        ("en.straight_quote", "en", r"[\"']", "curly apostrophes and quotes ’ “ ”"),
        ("en.thousands", "en", r"(?<![\w.,/#:-])\d{5,}(?![\w/])", "10,000 or more with thousands separators"),
        ("en.below_one_billion", "en", r"(?<![\d.])0\.\d+ billion\b", "below one billion in million (322 million)"),
        # a gloss of 今年, “this year” or (this year), is a quote
        ("en.this_year", "en", r"(?<![(“])\b[Tt]his year\b", "the year by its number (“in 2017”), not “this year”"),
        ("en.chapter_name", "en", r"(?:the|see) “([^”]{1,40})” (?:chapter|part)", "a chapter named by its own name"),
        (
            "en.numeral_start",
            "en",
            r"(?:^|[.!?]\s+)\d{1,2} (?=[A-Za-z][^.!?]*[.!?])",
            "a sentence opens with a word, not a numeral",
        ),
        ("both.digits", "both", r"(?<![\d.])\d+\.\d{4,}(?!\d)", "no more digits than the inputs justify"),
    )
)
RULES_BY_NAME = {rule.name: rule for rule in RULES}
RULE_NAMES = tuple(r.name for r in RULES) + ("en.pinyin",)

QUOTED = re.compile(r"“([^“”]*)”")


def _unquoted(text: str, source: str) -> str:
    """The text without its “…” spans that the source states word for word (the report's words)."""
    if not source:
        return text
    return QUOTED.sub(lambda m: "“…”" if m.group(1) and m.group(1) in source else m.group(0), text)


def check_text(
    text: str,
    lang: str,
    where: str = "",
    source: str = "",
    pinyin: dict[str, str] | None = None,
    stated: frozenset[str] = frozenset(),
) -> list[Breach]:
    """The breaches of one text written in `lang`. `source`: the year's report, whose words are
    quoted as they are; `pinyin`: the words of data/i18n/pinyin.csv; `stated`: numbers a reference
    source states with their digits (an exchange rate), which are not derived."""
    own = _unquoted(text, source) if lang == "zh" else text
    found = []
    for rule in RULES:
        if rule.lang not in (lang, "both"):
            continue
        chapter_rule = rule.name.endswith("chapter_name")
        for m in rule.pattern.finditer(text if chapter_rule else own):
            if chapter_rule and (m.group(1) in chapter_names()[lang] or not _names_a_chapter(text, m)):
                continue
            if rule.name == "both.digits" and m.group(0) in stated:
                continue
            excerpt = _around(text if chapter_rule else own, m.start(), m.end())
            found.append(Breach(rule.name, where, excerpt, rule.says))
    if lang == "en":
        words = pinyin_words() if pinyin is None else pinyin
        for word, use in words.items():
            for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.I):
                found.append(Breach("en.pinyin", where, _around(text, m.start(), m.end()), f"write: {use}"))
    return found


def _names_a_chapter(text: str, m: re.Match) -> bool:
    """“X”部分 speaks of a chapter only after 见 or 参见 (see); “X”一章 and “X”章 always do."""
    if not m.group(0).endswith("部分"):
        return True
    return text[max(0, m.start() - 3) : m.start()].endswith(("见", "参见"))


def _around(text: str, start: int, end: int, width: int = 20) -> str:
    return " ".join(text[max(0, start - width) : end + width].split())


# ---- pages -------------------------------------------------------------------------------------


def page_texts(html: str, lang: str) -> list[tuple[str, str]]:
    """(language, text) of what a reader of a built page reads: the article's text by block, its
    images' alt texts and its labelled elements' labels. Text marked as the source's language is left out."""
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one("article.bd-article") or soup.body or soup
    for element in body.select("script, style, noscript, template, .zb-lang-switch, .headerlink"):
        element.decompose()
    texts: list[tuple[str, str]] = []
    for element in body.find_all(True):
        for attribute in ("alt", "aria-label", "title"):
            if element.get(attribute):
                texts.append((_lang_of(element, lang), element[attribute]))
    blocks: dict[int, tuple[str, list[str]]] = {}
    for node in body.descendants:
        if not isinstance(node, NavigableString) or not node.strip():
            continue
        parent = node.parent
        marked = _lang_of(parent, lang)
        if marked == "source":
            continue
        block = parent.find_parent(["p", "li", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt"])
        key = id(block) if block is not None else id(parent)
        blocks.setdefault(key, (marked, []))[1].append(str(node))
    texts += [(marked, " ".join("".join(parts).split())) for marked, parts in blocks.values()]
    return [(code, text) for code, text in texts if code != "source" and text]


def _lang_of(element, page_lang: str) -> str:
    """The language an element is written in: its nearest lang attribute inside the article, or the page's;
    "source" for the report's language on a page of another edition's language or in a quote cell."""
    node = element
    while node is not None and getattr(node, "name", None) not in (None, "article", "[document]"):
        tag = node.get("lang") if hasattr(node, "get") else None
        if tag:
            return "source" if tag == SOURCE_LANG else tag.split("-")[0]
        node = node.parent
    return page_lang


def check_page(html: str, lang: str, where: str = "", **context) -> list[Breach]:
    """The breaches of a built page (`context`: check_text's source, pinyin and stated)."""
    found = []
    for code, text in page_texts(html, lang):
        found += check_text(text, code, where, **context)
    return found


@cache
def stated_numbers(data_root: Path | str | None = None) -> frozenset[str]:
    """Every number with four decimals or more that the reference tables state (data/reference/*.csv)."""
    digits = RULES_BY_NAME["both.digits"].pattern
    return frozenset(
        m.group(0)
        for path in sorted(paths.reference_dir(data_root).glob("*.csv"))
        for row in read_csv(path).rows
        for cell in row.values()
        if isinstance(cell, str)
        for m in digits.finditer(cell)
    )


def check_site(site: Path, data_root: Path | str | None = None, years: Iterable[int] | None = None) -> list[Breach]:
    """The breaches of every page of every edition of a built site (site/<lang>/<year>/*.html)."""
    site = Path(site)
    found = []
    for page in sorted(site.glob("*/*/*.html")):
        lang, year = page.parent.parent.name, page.parent.name
        if not year.isdigit() or (years is not None and int(year) not in set(years)):
            continue
        source_file = paths.sources_dir(data_root) / f"{year}.txt"
        source = source_file.read_text(encoding="utf-8") if source_file.exists() else ""
        found += check_page(
            page.read_text(encoding="utf-8"),
            lang,
            page.relative_to(site).as_posix(),
            source=source,
            pinyin=pinyin_words(data_root),
            stated=stated_numbers(data_root),
        )
    return found


def main(argv: list[str]) -> int:
    """`python -m zonebook.report.style [site]`: every breach, and a count per rule; exit 1 on any."""
    site = Path(argv[0]) if argv else paths.ROOT / "_build" / "html"
    found = check_site(site)
    for breach in found:
        print(breach)
    counts = {name: sum(b.rule == name for b in found) for name in RULE_NAMES}
    print(", ".join(f"{name} {n}" for name, n in counts.items()), f"— {len(found)} in all")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
