"""Each section of a chapter template says how it is computed.

Right after a section's `##` heading pair (`lang-zh`, `lang-en`) comes one markdown pair that
starts with the lead-in and says, in one sentence without a number, what the section computes and
from which data. The pair belongs to its section: when the year does not cover it, the runner
(`zonebook.engine.run.omit_uncovered`) drops it with the heading.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from zonebook.core.chapters import OMIT_KEY, TEMPLATES
from zonebook.core.paths import NOTEBOOKS
from zonebook.engine.run import omit_uncovered
from zonebook.publish.sphinx_ext import METHOD_LEADS, method_notes
from zonebook.report.style import check_text

LEAD = {"zh": "*计算方法*：", "en": "*How it is computed:* "}  # "*计算方法：*" would not be emphasis in CommonMark
LANGS = ("zh", "en")


def cells(slug: str) -> list:
    return nbformat.read(NOTEBOOKS / f"{slug}.ipynb", as_version=4).cells


def tag(cell) -> str | None:
    langs = [t[len("lang-") :] for t in cell.metadata.get("tags", []) if t.startswith("lang-")]
    return langs[0] if len(langs) == 1 else None


def is_heading(cell) -> bool:
    return cell.cell_type == "markdown" and cell.source.startswith("## ")


def sections(slug: str) -> list[tuple[int, list, list]]:
    """(index of the zh heading, the heading pair, the pair of cells after it) of every `##` section."""
    nb = cells(slug)
    return [(i, nb[i : i + 2], nb[i + 2 : i + 4]) for i, c in enumerate(nb) if is_heading(c) and tag(c) == "zh"]


SLUGS = [t.slug for t in TEMPLATES]
SECTIONS = [(slug, i) for slug in SLUGS for i, _, _ in sections(slug)]


def test_every_template_with_sections_is_seen():
    assert len(SECTIONS) > 40
    assert {slug for slug, _ in SECTIONS} >= set(SLUGS) - {"09_glossary"}  # the glossary is one table


@pytest.mark.parametrize("slug", SLUGS)
def test_every_heading_pair_is_followed_by_a_method_pair(slug):
    for i, headings, method in sections(slug):
        assert [tag(c) for c in headings] == list(LANGS) and all(map(is_heading, headings)), (slug, i)
        assert [c.cell_type for c in method] == ["markdown", "markdown"], (slug, headings[1].source)
        assert [tag(c) for c in method] == list(LANGS), (slug, headings[1].source)
        for lang, cell in zip(LANGS, method, strict=True):
            text = cell.source
            assert text.startswith(LEAD[lang]), (slug, text)
            assert not re.search(r"\d", text), (slug, text)  # numbers come from the data, through code
            assert "\n" not in text.strip(), (slug, text)  # one sentence, one paragraph
            assert text.rstrip().endswith("。" if lang == "zh" else "."), (slug, text)
            ends = text.count("。") if lang == "zh" else len(re.findall(r"\.(\s|$)", text))
            assert ends == 1, (slug, text)
            assert check_text(text, lang) == [], (slug, text)


def marked(cell):
    """An executed code cell that marks its section as not covered (zonebook.report.present.omit)."""
    cell = nbformat.from_dict(dict(cell))
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": ""}, metadata={OMIT_KEY: {"omit": "section"}})
    ]
    return cell


@pytest.mark.parametrize(("slug", "index"), SECTIONS)
def test_a_section_left_out_takes_its_method_sentence_with_it(slug, index):
    nb = cells(slug)
    first_code = next(j for j in range(index, len(nb)) if nb[j].cell_type == "code")
    executed = [marked(c) if j == first_code else c for j, c in enumerate(nb)]
    kept = {c.id for c in omit_uncovered(executed)}
    section = {c.id for c in nb[index:first_code]}
    assert len(section) == 4  # heading pair and method pair, nothing else before the code
    assert not section & kept
    assert {c.id for c in nb[first_code + 1 :]} <= kept  # the next sections stay


def test_a_page_keeps_its_title_when_the_section_under_it_is_left_out():
    """08_methods opens with "## Provenance" right under its "# " title: leaving the section out
    must not take the page's title with it."""
    nb = cells("08_methods")
    first_code = next(
        j
        for j, c in enumerate(nb)
        if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", []) and j > 2
    )
    executed = [marked(c) if j == first_code else c for j, c in enumerate(nb)]
    titles = [c.id for c in nb[:first_code] if c.cell_type == "markdown" and c.source.lstrip().startswith("# ")]
    assert titles and set(titles) <= {c.id for c in omit_uncovered(executed)}


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_sets_the_method_sentence_apart(lang):
    """The lead-in the templates write is the one the site marks as a note."""
    lead = LEAD[lang].strip().strip("*").rstrip("：").strip("*")
    assert lead == METHOD_LEADS[lang]
    body = f"<h2>x</h2><p><em>{lead}</em> the table lists…</p><p><em>Note</em> a finding</p>"
    marked = method_notes(body)
    assert marked.count('class="zb-method"') == 1 and "<p><em>Note</em>" in marked
