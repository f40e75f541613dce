"""reckon.ingest: the lists documenters have, read without losing a victim.

``readers`` turns CSV (any delimiter; UTF-8 with or without BOM, UTF-16,
Windows-1256), XLSX and JSON into a header and rows; ``mapping`` says which
column holds which field (Persian and English headers recognised, or a TOML
file); ``fields`` reads one row into a record's fields, listing what it could
not read; ``importer`` writes a whole list as one logged transaction, with a
rejects file for the rows that cannot form a record.
"""
