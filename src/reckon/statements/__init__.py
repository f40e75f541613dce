"""The archive of officials' statements and its Persian-aware search.

``archive`` reads and checks a statement (command line or CSV), ``text`` is how
the search reads Persian and English, ``search`` finds statements on SQLite or
PostgreSQL alike. Recording them is ``reckon.events.statements``.
"""
