"""Two databases compared table by table, row by row, by primary key.

Used by ``reckon verify`` to name what differs between a case's database and
one replayed from its log: rows missing (deleted by hand), rows added (that no
logged event made), and columns edited (the key and the column named). Both
sides are streamed in key order and merged, so neither table is held in memory;
values are compared in the digest's canonical form, so SQLite and PostgreSQL
compare equal where they hold the same thing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from reckon.store.digest import Key, canonical_rows, table_named

SHOWN = 5  # keys named per kind of difference; the rest are counted


@dataclass
class TableDiff:
    """How one table of ``actual`` differs from the same table of ``expected``."""

    table: str
    missing: list[Key] = field(default_factory=list)  # in expected only
    added: list[Key] = field(default_factory=list)  # in actual only
    edited: list[tuple[Key, str]] = field(default_factory=list)  # (key, column)
    n_missing: int = 0
    n_added: int = 0
    n_edited: int = 0

    @property
    def same(self) -> bool:
        return not (self.n_missing or self.n_added or self.n_edited)

    def describe(self, expected: str = "the log's replay") -> list[str]:
        """One line per kind of difference, naming keys (and columns)."""
        pk = ", ".join(c.name for c in table_named(self.table).primary_key.columns)
        lines = []
        if self.n_missing:
            lines.append(
                f"table {self.table}: {self.n_missing} row(s) that {expected} holds are missing "
                f"({_keys(pk, self.missing, self.n_missing)}): deleted"
            )
        if self.n_added:
            lines.append(
                f"table {self.table}: {self.n_added} row(s) no logged event made "
                f"({_keys(pk, self.added, self.n_added)}): inserted by hand"
            )
        for key, column in self.edited:
            lines.append(
                f"table {self.table}: row {pk} {_key(key)}: column {column} differs from "
                f"{expected}: edited"
            )
        if self.n_edited > len(self.edited):
            lines.append(
                f"table {self.table}: and {self.n_edited - len(self.edited)} more edited column(s)"
            )
        return lines


def _key(key: Key) -> str:
    return "/".join(str(part) for part in key)


def _keys(pk: str, shown: list[Key], total: int) -> str:
    text = f"{pk} " + ", ".join(_key(k) for k in shown)
    return text + (f" and {total - len(shown)} more" if total > len(shown) else "")


_END = object()


def _next(rows: Iterator[tuple[Key, list[Any]]]) -> Any:
    return next(rows, _END)


def compare_table(
    expected: Connection, actual: Connection, name: str, ignore: Collection[str] = ()
) -> TableDiff:
    """Merge the two tables' rows in key order; ``ignore`` names columns not compared."""
    table = table_named(name)
    columns = [c.name for c in table.columns]
    compared = [i for i, c in enumerate(columns) if c not in ignore]
    diff = TableDiff(name)
    left, right = canonical_rows(expected, table), canonical_rows(actual, table)
    a, b = _next(left), _next(right)
    while a is not _END or b is not _END:
        if b is _END or (a is not _END and a[0] < b[0]):
            diff.n_missing += 1
            if len(diff.missing) < SHOWN:
                diff.missing.append(a[0])
            a = _next(left)
        elif a is _END or b[0] < a[0]:
            diff.n_added += 1
            if len(diff.added) < SHOWN:
                diff.added.append(b[0])
            b = _next(right)
        else:
            for i in compared:
                if a[1][i] != b[1][i]:
                    diff.n_edited += 1
                    if len(diff.edited) < SHOWN:
                        diff.edited.append((a[0], columns[i]))
            a, b = _next(left), _next(right)
    return diff


def compare_databases(
    expected: Connection,
    actual: Connection,
    tables: Iterable[str],
    ignore: Collection[tuple[str, str]] = (),
) -> list[TableDiff]:
    """The differing tables among ``tables``; ``ignore`` holds (table, column) pairs."""
    out = []
    for name in tables:
        skip = {column for table, column in ignore if table == name}
        diff = compare_table(expected, actual, name, skip)
        if not diff.same:
            out.append(diff)
    return out
