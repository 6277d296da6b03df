"""Pre-filling a new year's tables from the new report itself.

`document` reads the report (.txt, .docx, .pdf) into text; `figures` finds every number the
text states with its unit and qualifier; `facts` matches each row of the scaffold to the
sentence stating it, from the words earlier years quoted; `structure` proposes the
qualitative tables (entities, headlines, sections, measures, ledger exclusions); `review`
writes the staff's review sheet; `status` is the `status` column that marks a proposal until
staff confirm it.
"""
