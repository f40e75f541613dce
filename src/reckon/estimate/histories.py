"""Capture histories: which lists hold each person, counted into a table.

A ``CaptureTable`` is the input of every estimator in ``reckon.estimate``. It
holds one row per *observed* capture pattern (a 0/1 vector, one entry per list)
and how many people show that pattern. The all-zero pattern (people on no
list) is what the estimators infer, so it never appears in a table.

Cell order. ``full_cells()`` and ``all_patterns(k)`` use one fixed order for the
2^k - 1 observable cells: cell ``r`` (1-based, ``r = 1 .. 2^k - 1``) is the
pattern whose list ``j`` (0-based column) bit is ``(r >> j) & 1``, so the first
list varies fastest: for three lists ``100, 010, 110, 001, 101, 011, 111``.
This is the order of LCMCR's ``kosovo_aggregate`` table.

The canonical form of a table keeps only patterns with a positive count, each
pattern once, in that cell order; the constructor merges duplicates and sorts.

Input rules (``from_frame`` / ``from_csv``): one 0/1 column per list and a
``count`` column of non-negative integers. An all-zero row is accepted only
with count 0 (it is then dropped): a positive count on "no list" would claim to
know the number nobody documented, which is exactly what is being estimated,
so it is an ``InputError``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from reckon.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CaptureTable", "all_patterns", "cell_index"]

IntArray = npt.NDArray[np.int64]
PatternArray = npt.NDArray[np.int8]

MAX_LISTS = 20  # 2^20 cells; beyond that a full table is not a sensible object


def all_patterns(k: int) -> PatternArray:
    """The 2^k - 1 observable patterns of ``k`` lists in the fixed cell order."""
    if not 1 <= k <= MAX_LISTS:
        raise ValueError(f"k must be between 1 and {MAX_LISTS}, got {k}")
    r = np.arange(1, 2**k, dtype=np.int64)
    bits = (r[:, None] >> np.arange(k, dtype=np.int64)[None, :]) & 1
    return bits.astype(np.int8)


def cell_index(patterns: npt.ArrayLike) -> IntArray:
    """0-based position of each pattern (rows of 0/1) in the fixed cell order."""
    p = np.asarray(patterns, dtype=np.int64)
    if p.ndim != 2:
        raise ValueError("patterns must be a 2-d array")
    weights = np.left_shift(np.int64(1), np.arange(p.shape[1], dtype=np.int64))
    return np.asarray(p @ weights - 1, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class CaptureTable:
    """Counts of observed capture patterns over ``k`` named lists.

    ``patterns`` is an ``(n_patterns, k)`` int8 array of 0/1 rows, no all-zero
    row; ``counts`` the matching int64 counts. Build it with ``from_frame``,
    ``from_csv`` or ``from_memberships``, or directly (it is validated and put
    in canonical form either way).
    """

    lists: tuple[str, ...]
    patterns: PatternArray
    counts: IntArray

    def __post_init__(self) -> None:
        lists = tuple(str(x) for x in self.lists)
        if not lists:
            raise InputError("a capture table needs at least one list")
        if len(set(lists)) != len(lists):
            raise InputError(f"list names must be distinct, got {list(lists)}")
        if len(lists) > MAX_LISTS:
            raise InputError(f"at most {MAX_LISTS} lists are supported, got {len(lists)}")
        k = len(lists)
        pat = np.asarray(self.patterns)
        cnt = np.asarray(self.counts)
        if pat.size == 0:
            pat = pat.reshape(0, k)
        if pat.ndim != 2 or pat.shape[1] != k:
            raise InputError(f"patterns must have shape (n, {k}), got {pat.shape}")
        if cnt.shape != (pat.shape[0],):
            raise InputError(f"counts must have shape ({pat.shape[0]},), got {cnt.shape}")
        if not np.isin(pat, (0, 1)).all():
            raise InputError("patterns must contain only 0 and 1")
        if not np.all(np.equal(np.mod(cnt, 1), 0)) or (cnt < 0).any():
            raise InputError("counts must be non-negative integers")
        cnt = cnt.astype(np.int64)
        zero = pat.sum(axis=1) == 0
        if (cnt[zero] > 0).any():
            raise InputError(
                "the all-zero pattern (on no list) cannot have a positive count: "
                "it is what the estimate infers"
            )
        full = np.bincount(cell_index(pat[~zero]), weights=cnt[~zero], minlength=2**k - 1)
        full = np.rint(full).astype(np.int64)
        keep = np.flatnonzero(full > 0)
        object.__setattr__(self, "lists", lists)
        object.__setattr__(self, "patterns", all_patterns(k)[keep])
        object.__setattr__(self, "counts", full[keep])
        self.patterns.flags.writeable = False
        self.counts.flags.writeable = False

    # --- constructors ---------------------------------------------------------

    @classmethod
    def from_frame(cls, df: pd.DataFrame, *, count_column: str = "count") -> CaptureTable:
        """One 0/1 column per list (in column order) and a ``count`` column."""
        if count_column not in df.columns:
            raise InputError(
                f"no {count_column!r} column: add one with the number of people per row",
                column=count_column,
            )
        lists = [str(c) for c in df.columns if c != count_column]
        rows = (
            [str(v) for v in rec]
            for rec in df[[*lists, count_column]].itertuples(index=False, name=None)
        )
        return cls._from_rows(lists, rows, file=None, first_row=0)

    @classmethod
    def from_csv(cls, path: str | Path, *, count_column: str = "count") -> CaptureTable:
        """Read a capture-history CSV; errors name the file, row, column and value.

        Rows are numbered as a spreadsheet shows them: the header is row 1.
        """
        p = Path(path)
        try:
            with p.open(newline="", encoding="utf-8-sig") as fh:
                reader = csv.reader(fh)
                header = next(reader, None)
                if header is None:
                    raise InputError("the file is empty", file=str(p))
                header = [h.strip() for h in header]
                if count_column not in header:
                    raise InputError(
                        f"no {count_column!r} column: add one with the number of people "
                        "per capture pattern",
                        file=str(p),
                        row=1,
                    )
                ci = header.index(count_column)
                lists = [h for i, h in enumerate(header) if i != ci]
                if any(not h for h in lists):
                    raise InputError("a list column has no name", file=str(p), row=1)
                order = [i for i in range(len(header)) if i != ci] + [ci]
                width = len(header)
                rows: list[list[str]] = []
                for n, rec in enumerate(reader, start=2):
                    if not any(v.strip() for v in rec):
                        continue
                    if len(rec) != width:
                        raise InputError(
                            f"expected {width} fields, found {len(rec)}", file=str(p), row=n
                        )
                    rows.append([rec[i] for i in order] + [str(n)])
        except OSError as exc:
            raise InputError(f"cannot read the file ({exc.strerror})", file=str(p)) from exc
        except UnicodeDecodeError as exc:
            raise InputError("the file is not UTF-8 text", file=str(p)) from exc
        return cls._from_rows(lists, rows, file=str(p), first_row=None)

    @classmethod
    def _from_rows(
        cls,
        lists: Sequence[str],
        rows: Iterable[Sequence[str]],
        *,
        file: str | None,
        first_row: int | None,
    ) -> CaptureTable:
        """Validate rows of text; when ``first_row`` is None the row number is the last field."""
        names = [*lists, "count"]
        k = len(lists)
        if k == 0:
            raise InputError("no list columns: one 0/1 column per list is needed", file=file)
        pats: list[list[int]] = []
        cnts: list[int] = []
        for i, rec in enumerate(rows):
            rowno = int(rec[-1]) if first_row is None else first_row + i + 1
            pat = [_bit(rec[j], file=file, row=rowno, column=names[j]) for j in range(k)]
            cnt = _count(rec[k], file=file, row=rowno, column=names[k])
            if sum(pat) == 0 and cnt > 0:
                raise InputError(
                    "a positive count on no list: people on no list are what the estimate "
                    "infers, remove this row (or give it count 0)",
                    file=file,
                    row=rowno,
                    column=names[k],
                    value=str(cnt),
                )
            pats.append(pat)
            cnts.append(cnt)
        patterns = np.array(pats, dtype=np.int8).reshape(len(pats), k)
        return cls(tuple(lists), patterns, np.array(cnts, dtype=np.int64))

    @classmethod
    def from_memberships(
        cls, memberships: Iterable[Iterable[str]], lists: Sequence[str] | None = None
    ) -> CaptureTable:
        """One set of list names per person (e.g. the sources of a linked person).

        ``lists`` fixes the columns and their order; by default the names seen,
        sorted. A person on no list is skipped (nothing can be counted for them);
        a name not in ``lists`` is an ``InputError``.
        """
        people = [frozenset(str(x) for x in m) for m in memberships]
        names = tuple(lists) if lists is not None else tuple(sorted(set().union(*people)))
        pos = {name: j for j, name in enumerate(names)}
        k = len(names)
        if k == 0:
            raise InputError("no lists: nobody in the memberships is on any list")
        full = np.zeros(2**k - 1, dtype=np.int64)
        for person in people:
            r = 0
            for name in person:
                if name not in pos:
                    raise InputError(f"list {name!r} is not one of {list(names)}", value=name)
                r |= 1 << pos[name]
            if r:
                full[r - 1] += 1
        keep = np.flatnonzero(full)
        return cls(names, all_patterns(k)[keep], full[keep])

    # --- views ----------------------------------------------------------------

    @property
    def k(self) -> int:
        """The number of lists."""
        return len(self.lists)

    @property
    def observed(self) -> int:
        """The number of people on at least one list."""
        return int(self.counts.sum())

    @property
    def list_sizes(self) -> IntArray:
        """How many people each list holds."""
        return np.asarray(self.counts @ self.patterns.astype(np.int64), dtype=np.int64)

    def full_cells(self) -> IntArray:
        """Counts of all 2^k - 1 observable cells in the fixed cell order (zeros included)."""
        full = np.zeros(2**self.k - 1, dtype=np.int64)
        full[cell_index(self.patterns)] = self.counts
        return full

    def _index(self, which: int | str) -> int:
        if isinstance(which, str):
            if which not in self.lists:
                raise InputError(f"no list named {which!r}; lists are {list(self.lists)}")
            return self.lists.index(which)
        if not 0 <= which < self.k:
            raise InputError(f"list index {which} out of range 0..{self.k - 1}")
        return which

    def overlap(self, i: int | str, j: int | str) -> int:
        """How many people are on both list ``i`` and list ``j`` (index or name)."""
        a, b = self._index(i), self._index(j)
        both = (self.patterns[:, a] == 1) & (self.patterns[:, b] == 1)
        return int(self.counts[both].sum())

    def overlaps(self) -> IntArray:
        """The k x k matrix of pairwise overlaps; the diagonal holds the list sizes."""
        p = self.patterns.astype(np.int64)
        return np.asarray((p * self.counts[:, None]).T @ p, dtype=np.int64)

    def isolated_lists(self) -> tuple[str, ...]:
        """Lists that share nobody with any other list (they carry no overlap information)."""
        ov = self.overlaps()
        np.fill_diagonal(ov, 0)
        return tuple(name for name, row in zip(self.lists, ov, strict=True) if row.sum() == 0)

    def collapse(self, keep: Sequence[int | str]) -> CaptureTable:
        """The table over a subset of lists; people on none of them drop out."""
        idx = [self._index(x) for x in keep]
        if len(set(idx)) != len(idx) or not idx:
            raise InputError("collapse needs at least one list, each named once")
        pat = self.patterns[:, idx]
        on_some = pat.sum(axis=1) > 0
        return CaptureTable(
            tuple(self.lists[i] for i in idx), pat[on_some], self.counts[on_some].copy()
        )

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame: one 0/1 column per list and ``count``."""
        import pandas as pd

        data: dict[str, Any] = {name: self.patterns[:, j] for j, name in enumerate(self.lists)}
        data["count"] = self.counts
        return pd.DataFrame(data)

    def __repr__(self) -> str:
        return (
            f"CaptureTable(lists={list(self.lists)}, observed={self.observed}, "
            f"patterns={len(self.counts)})"
        )


def _bit(text: str, *, file: str | None, row: int, column: str) -> int:
    t = text.strip()
    if t in ("0", "1"):
        return int(t)
    if t in ("0.0", "1.0", "True", "False", "true", "false"):
        return 1 if t in ("1.0", "True", "true") else 0
    raise InputError(
        "a list column must hold 0 or 1", file=file, row=row, column=column, value=text
    )


def _count(text: str, *, file: str | None, row: int, column: str) -> int:
    t = text.strip()
    try:
        value = float(t)
    except ValueError:
        value = float("nan")
    if not np.isfinite(value) or value != int(value) or value < 0:
        raise InputError(
            "the count must be a whole number, 0 or more",
            file=file,
            row=row,
            column=column,
            value=text,
        )
    return int(value)
