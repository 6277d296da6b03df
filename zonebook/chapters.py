"""The book's templates, in reading order, and the tables each one reads.

The table lists drive incremental builds: a chapter is re-executed only when a table it
reads (or its template, or the package) changed.
"""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import LANGS  # noqa: F401  (the editions' languages, defined with their facts in i18n)

# names, quirks and the report's own words (headlines, sub-headings, measures, structure), read by every chapter
SHARED = ("entities", "findings", "headlines", "sections", "measures", "relations")


@dataclass(frozen=True)
class Template:
    slug: str          # file stem in notebooks/ and book/<lang>/<year>/
    tables: tuple[str, ...]
    kind: str = "chapter"  # "chapter" or "page"


TEMPLATES = (
    # the introduction lists which chapters the year covers, so it reads every chapter's tables
    Template("00_intro", ("economy", "land", "spending", "facilities", "pipeline", "districts", "industry", "stock_assets",
                          "innovation", "services", "governance", "safety", "targets", "milestones"), "page"),
    Template("01_economy", ("economy",)),
    Template("02_integration", ("land", "spending", "facilities", "pipeline", "districts")),
    Template("03_supply_side", ("industry", "stock_assets", "innovation")),
    Template("04_environment", ("services",)),
    Template("05_governance", ("governance",)),
    Template("06_safety", ("safety",)),
    Template("07_plan", ("targets", "milestones", "economy", "land", "spending", "pipeline", "facilities")),
    Template("08_methods", ("economy", "land", "spending", "facilities", "pipeline", "districts", "industry",
                            "stock_assets", "innovation", "services", "governance", "safety", "targets",
                            "milestones", "ledger_exclusions"), "page"),
    Template("09_glossary", (), "page"),
)

OMIT_KEY = "zonebook"  # output metadata: what the published notebook leaves out (zonebook.present.omit)


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
