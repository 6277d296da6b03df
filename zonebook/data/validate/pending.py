"""Work new-year left for people: pre-filled rows to confirm, texts to translate."""

from __future__ import annotations

from collections.abc import Iterator

from zonebook.core.errors import Problem
from zonebook.data import status, translations
from zonebook.data.validate.context import Year


def check_unconfirmed(ctx: Year) -> Iterator[Problem]:
    """Rows pre-filled from the report wait for a person's confirmation: unchecked figures are not published."""
    waiting = status.unconfirmed(ctx.tables, ctx.files, ctx.proposed)
    if waiting:
        ctx.report.notes.append(
            f"{sum(p.count for p in waiting)} row(s) pre-filled from the report wait for confirmation (see REVIEW.md)"
        )
    yield from waiting


def note_untranslated(ctx: Year) -> Iterator[Problem]:
    """A note (not a problem) on texts not yet translated: the English edition shows them in Chinese."""
    untranslated = translations.left(ctx.tables)
    if untranslated:
        first = untranslated[0]
        ctx.report.notes.append(
            f"{len(untranslated)} text(s) not yet translated (the first: {first['table']}.csv '{first['id']}' "
            f"{first['column']}): the English edition shows them in Chinese, marked as not yet translated; "
            f"{translations.SHEET} lists what new-year left"
        )
    return iter(())
