"""Sphinx's Chinese search, with the reader's query split into the words the index holds.

Sphinx indexes Chinese text as jieba splits it (污水处理厂 -> 污水, 处理, 污水处理, 厂 ...),
but takes a query as one word per run of letters: 污水处理厂 is looked for as one word, which
no page has, and nothing is found. Here the query's Chinese runs are split in the browser into
the longest words the index holds (a character where none starts is left out), and every
part is required, as Sphinx requires every word of a query.

jieba splits the same words differently in different sentences (县域调度资金 is one word in
the glossary, 县域 + 调度 + 资金 in a chapter), so a page is indexed under every dictionary
word its text contains, wherever jieba's cut put the boundaries (`split`): whichever word a
query is split into, every page that has it is found. One Chinese character is a word
too (亩, the unit of land): jieba makes it one, and Sphinx's filter would drop it.

`spaced_cells` serves both editions: Sphinx indexes an HTML output by deleting its tags, so
the cells of a table run together (三八河</td><td>Sanba River is indexed as 三八河Sanba and
River); a line break after each closing cell, row, item or block keeps their words apart and
changes nothing a reader sees.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.search.zh import JIEBA, SearchChinese

if JIEBA:
    import jieba

LONGEST_TERM = 12  # characters: longer than any word jieba or the book's dictionary holds

SPLIT_QUERY_JS = """
var splitQuery = (query) => {
  const index = (typeof Search === "undefined" ? null : Search._index) || {};
  const known = (word) => [index.terms, index.titleterms].some(
    (terms) => terms !== undefined && Object.prototype.hasOwnProperty.call(terms, word));
  const words = [];
  for (const run of query.split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu)) {
    for (const part of run.split(/(\\p{Script=Han}+)/u)) {
      if (!/\\p{Script=Han}/u.test(part)) {
        if (part) words.push(part);
        continue;
      }
      if (part.length === 1) {  // a word of one character, as jieba makes 亩
        if (known(part)) words.push(part);
        continue;
      }
      let start = 0;
      while (start < part.length) {
        let end = Math.min(part.length, start + LONGEST_TERM);
        while (end - start > 1 && !known(part.slice(start, end))) end -= 1;
        if (end - start > 1) words.push(part.slice(start, end));  // else no word starts here
        start = end;
      }
    }
  }
  return words;
};
""".replace("LONGEST_TERM", str(LONGEST_TERM))


class SearchChineseQueries(SearchChinese):
    js_splitter_code = SPLIT_QUERY_JS

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's name
        words = super().split(input)
        if JIEBA:
            jieba.dt.check_initialized()
            for run in HAN_RUN.findall(input):
                words += [run[i : j + 1] for i, ends in jieba.dt.get_DAG(run).items() for j in ends if j > i]
        return words

    def word_filter(self, stemmed_word: str) -> bool:
        return super().word_filter(stemmed_word) or bool(HAN.fullmatch(stemmed_word))


HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,}")
BLOCK_END = re.compile(r"(</(?:td|th|tr|li|p|div|caption|figcaption|h[1-6]|dt|dd|summary)>)(?=<)", re.I)


def spaced_cells(app, doctree, docname) -> None:
    """A line break after each closing cell or block of an HTML output (see the module's text)."""
    for raw in list(doctree.findall(nodes.raw)):
        if "html" in raw.get("format", "").split():
            spaced = BLOCK_END.sub("\\1\n", raw.astext())
            if spaced != raw.astext():
                raw.replace_self(nodes.raw(raw.rawsource, spaced, **raw.attributes))
