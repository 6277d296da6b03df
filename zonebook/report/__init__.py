"""Chapters, charts and the words and tables of a page. Imports `zonebook.data` and `zonebook.core`."""
