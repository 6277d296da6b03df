"""The book's templates, in reading order.

Which files each one reads is not kept here: `zonebook build` records it as each notebook
runs (zonebook.engine.inputs, zonebook.engine.manifest).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    slug: str  # file stem in notebooks/ and book/<lang>/<year>/
    kind: str = "chapter"  # "chapter" or "page"


TEMPLATES = (
    Template("00_intro", "page"),
    Template("01_economy"),
    Template("02_integration"),
    Template("03_supply_side"),
    Template("04_environment"),
    Template("05_governance"),
    Template("06_safety"),
    Template("07_plan"),
    Template("08_methods", "page"),
    Template("09_glossary", "page"),
)

OMIT_KEY = "zonebook"  # output metadata: what the published notebook leaves out (zonebook.report.present.omit)


def template(slug: str) -> Template:
    for t in TEMPLATES:
        if t.slug == slug:
            return t
    raise KeyError(slug)


def chapter_name(slug: str) -> str:
    """A template's name without its number ("01_economy" -> "economy"): the `chapter` column of
    catalogue.csv and of the outline tables, the keys chapter.<name> of the strings."""
    return slug.split("_", 1)[1]


CHAPTERS = tuple(chapter_name(t.slug) for t in TEMPLATES if t.kind == "chapter")
