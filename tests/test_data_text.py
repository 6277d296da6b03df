"""The data's prose: Chinese typography, and no number typed by hand into a finding.

1. The zh prose columns use full-width punctuation between Chinese characters: no ASCII
   , ; : ( ) next to a CJK character. Quotes (the `quote` columns) are verbatim and are not
   scanned. The data's prose columns and every strings file are scanned.
2. A finding's description states only numbers the source states: a derived figure (an
   implied prior-year value, a sum) is computed by the book, never typed into prose.
"""

from __future__ import annotations

import csv
import re

import pytest

import zonebook
from zonebook.core import paths
from zonebook.core.errors import rel
from zonebook.data.readers import read_csv

pytestmark = pytest.mark.data_years

YEAR_PROSE = (("findings.csv", "description_zh"), ("entities.csv", "detail_zh"))  # in every year that has them
CJK = r"\u3000-\u303f\u3300-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019"
ASCII_NEAR_CJK = re.compile(rf"(?<=[{CJK}])[,;:()]|[,;:()](?=[{CJK}])")
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")

ZH_COLUMNS = {
    **{
        path: [column]
        for year in zonebook.available_years()
        for name, column in YEAR_PROSE
        if (path := paths.year_dir(year) / name).exists()
    },
    paths.CATALOGUE: ["definition_zh"],
    paths.I18N / "glossary.csv": ["explanation_zh"],
    **{path: ["zh"] for path in sorted((paths.I18N / "strings").glob("*.csv"))},
}


def ascii_punctuation_near_cjk(text: str) -> list[str]:
    """Each ASCII , ; : ( ) that touches a CJK character, with a little context."""
    return [text[max(0, m.start() - 3) : m.end() + 3] for m in ASCII_NEAR_CJK.finditer(text)]


def numbers(text: str) -> set[str]:
    """The Arabic numbers of a text, thousands separators removed (1,504.7 -> 1504.7)."""
    return {n.replace(",", "") for n in NUMBER.findall(text)}


def typed_numbers(description: str, quote: str, source: str) -> set[str]:
    """Numbers of a description that are neither in the source nor in the row's quote."""
    return numbers(description) - numbers(source) - numbers(quote)


# ---- the checkers can fail --------------------------------------------------------------


@pytest.mark.parametrize(
    "bad", ["标题称“今年”,正文称", "二(一)称", "工作总纲:抓招商", "党工委;委员", "计划)", "投资1504.7万元,完成"]
)
def test_the_punctuation_check_catches_ascii_next_to_chinese(bad):
    assert ascii_punctuation_near_cjk(bad)


@pytest.mark.parametrize(
    "good",
    [
        "标题称“今年”，正文称",
        "二（一）称",
        "约2,000人",
        "本年值 ÷（1＋增速）",
        "value (1 + g): a, b; c",
        "按 data/units.csv 换算",
    ],
)
def test_the_punctuation_check_passes_full_width_and_non_chinese_text(good):
    assert ascii_punctuation_near_cjk(good) == []


def test_the_number_check_catches_a_derived_figure():
    source = "规模以上企业完成工业总产值134亿元,与去年相比,分别增长了14%"
    assert typed_numbers("推算的2016年数值约117.5亿元", "分别增长了14%", source) == {"2016", "117.5"}
    assert typed_numbers("分项合计2,892.78万元", "", "投入2893万元") == {"2892.78"}
    assert typed_numbers("总产值134亿元，增长14%", "分别增长了14%", source) == set()
    assert typed_numbers("投资1,504.7万元", "", "投资1504.7万元") == set()


# ---- the data ---------------------------------------------------------------------------


def zh_cells():
    for path, columns in ZH_COLUMNS.items():
        if not path.exists():
            continue
        for row in read_csv(path).rows:
            for column in columns:
                yield f"{rel(path)}:{row['__row__']}:{column}", row.get(column, "")


def test_chinese_prose_uses_full_width_punctuation():
    offending = {where: hits for where, text in zh_cells() if (hits := ascii_punctuation_near_cjk(text))}
    assert offending == {}


def test_the_scan_covers_every_column_it_names():
    for path, columns in ZH_COLUMNS.items():
        assert path.exists(), path
        header = read_csv(path).header
        assert set(columns) <= set(header), (path, columns, header)
    assert sum(1 for _ in zh_cells()) > 200  # findings + entities + catalogue + glossary + strings


def test_quotes_stay_verbatim():
    source = (paths.SOURCES / "2017.txt").read_text(encoding="utf-8")
    for name in ("findings", "entities"):
        for row in read_csv(paths.DATA / "2017" / f"{name}.csv").rows:
            assert row["quote"] in source, (name, row["id"], row["quote"])


def test_findings_type_no_number_the_source_does_not_state():
    source = (paths.SOURCES / "2017.txt").read_text(encoding="utf-8")
    rows = read_csv(paths.DATA / "2017" / "findings.csv").rows
    assert rows
    offending = {}
    for row in rows:
        for column in ("description_zh", "description_en"):
            extra = typed_numbers(row[column], row["quote"], source)
            if extra:
                offending[f"{row['id']}:{column}"] = sorted(extra)
    assert offending == {}


NUMBERISH = re.compile(r"\d|[两三四五六七八九十百千]")


def test_entity_details_state_no_figures():
    """Figures live in fact rows, with their quotes; a description that repeats one would go stale."""
    for year in zonebook.available_years():
        path = paths.year_dir(year) / "entities.csv"
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        # names and terms may hold numerals (三八河, 四板市场, 第三产业): they are words, not figures
        words = sorted(
            {r["name_zh"] for r in rows}
            | {r["term_zh"] for r in csv.DictReader((paths.I18N / "glossary.csv").open(encoding="utf-8", newline=""))}
            | {"第三产业", "三八河", "两岸"},
            key=len,
            reverse=True,
        )

        def figures(text: str, words=words) -> bool:
            for word in words:
                text = text.replace(word, "")
            return bool(NUMBERISH.search(text))

        offending = [(r["id"], col, r[col]) for r in rows for col in ("detail_zh", "detail_en") if figures(r[col])]
        assert offending == [], f"{path}: figures typed into descriptions: {offending}"
    assert NUMBERISH.search("面积115亩") and NUMBERISH.search("分两期实施") and not NUMBERISH.search("新安装一批路灯")
