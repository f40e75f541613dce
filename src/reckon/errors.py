"""The one error tree of reckon, and its warnings.

Every error a person can cause carries what that person needs to fix it. The
CLI turns a ``ReckonError`` into one line and exit status 1; nothing else in
the package catches them.

::

    ReckonError
    ├── CaseError            no case here, a case already there
    │   └── SettingsError    a reckon.toml setting that is unknown or of the wrong kind
    ├── InputError           a file, row, column or value that cannot be read
    │   └── MappingError     columns that cannot be mapped to record fields
    ├── NormalizeError       a name, date, age, sex or place that cannot be read
    │   ├── DateError        an impossible or unreadable date
    │   └── AgeError         an impossible or unreadable age
    ├── LinkError            linkage cannot run (no records, bad model, bad review file)
    ├── EstimateError        the data cannot carry the estimate asked for
    └── VaultError           the evidence vault
        ├── IntegrityError   an object, event, signature or checkpoint does not verify
        ├── KeyError_        a missing key or a wrong passphrase
        └── BundleError      a bundle that cannot be read or merged

    ReckonWarning (UserWarning)
    ├── SparseDataWarning    too little data for the method to be trusted
    └── ConvergenceWarning   a sampler that has not mixed, a fit that did not converge
"""

from __future__ import annotations

from dataclasses import dataclass


class ReckonError(Exception):
    """Base of every error reckon raises on purpose."""


class CaseError(ReckonError):
    """The case folder is missing, already exists, or its settings are invalid."""


@dataclass(eq=False)
class SettingsError(CaseError):
    """A case setting that cannot be used: which file, which setting, what value, why."""

    reason: str
    file: str | None = None
    setting: str | None = None
    value: str | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.file,
                f"setting {self.setting}" if self.setting else None,
                f"value {self.value}" if self.value is not None else None,
            )
            if part
        )
        text = f"{where}: {self.reason}" if where else self.reason
        return f"{text} ({self.hint})" if self.hint else text


@dataclass(eq=False)
class InputError(ReckonError):
    """A problem in an input file, located as precisely as it can be.

    ``row`` is 1-based as a spreadsheet shows it (the header is row 1 in a CSV
    with a header); ``column`` is the header as written in the file; ``hint``
    what to do about it.
    """

    reason: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            where.append(f"value {shown!r}")
        prefix = ", ".join(where)
        text = f"{prefix}: {self.reason}" if prefix else self.reason
        return f"{text} ({self.hint})" if self.hint else text


@dataclass(frozen=True)
class Where:
    """Where an input was given: a CSV's file and row, or the command line (whose
    columns are its options: ``--speaker``)."""

    file: str | None = None
    row: int | None = None

    def fail(self, column: str, value: str | None, reason: str) -> InputError:
        name = column if self.file else f"--{column}"
        return InputError(reason, file=self.file, row=self.row, column=name, value=value)


class MappingError(InputError):
    """The columns of a file cannot be mapped to record fields."""


@dataclass(eq=False)
class BadRows(InputError):
    """Every bad row of a file at once (a review file, say), so one pass mends them all."""

    errors: tuple[InputError, ...] = ()

    def __str__(self) -> str:
        lines = [f"{self.file}: {self.reason}"] if self.file else [self.reason]
        lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)


@dataclass(eq=False)
class NormalizeError(ReckonError):
    """A value that cannot be read; ``text`` is the input exactly as given."""

    text: str
    reason: str

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.text!r}: {self.reason}"


class DateError(NormalizeError):
    """An impossible or unreadable date."""


class AgeError(NormalizeError):
    """An impossible or unreadable age."""


class LinkError(ReckonError):
    """Linkage cannot run as asked."""


class EstimateError(ReckonError):
    """The data cannot carry the estimate asked for."""


class VaultError(ReckonError):
    """A problem with the evidence vault."""


class IntegrityError(VaultError):
    """Something in the vault does not verify; the message names what."""


class KeyError_(VaultError):  # named apart from the builtin KeyError
    """A missing key or a wrong passphrase."""


class BundleError(VaultError):
    """A bundle that cannot be read or merged."""


class ReckonWarning(UserWarning):
    """Base of reckon's warnings: doubts, not failures."""


class SparseDataWarning(ReckonWarning):
    """Too little data for the method to be trusted."""


class ConvergenceWarning(ReckonWarning):
    """A sampler that has not mixed, or a fit that did not converge."""


# Characters that can make a terminal show what is not there: C0 and C1 controls
# (newline, carriage return, ESC of colour and cursor codes, DEL), line and paragraph
# separators, and the bidi embeddings, overrides and isolates that reorder a line.
# The joiners Persian writing needs (ZWNJ U+200C, ZWJ U+200D) and its marks pass.
_UNSAFE = frozenset(
    (
        *range(0x20),
        *range(0x7F, 0xA0),
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
)
_UNSAFE_IN_LINES = _UNSAFE - {0x0A, 0x09}
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\x1b"}


def printable(text: object, *, lines: bool = False) -> str:
    """``text`` safe to print to a terminal: control characters shown as escapes.

    A name or file name carrying a newline or an escape sequence cannot forge an
    "OK:" line or repaint the screen; everything else, Persian included, is unchanged.
    ``lines=True`` keeps newlines and tabs: for text reckon itself laid out in lines."""
    value = str(text)
    unsafe = _UNSAFE_IN_LINES if lines else _UNSAFE
    if not any(ord(ch) in unsafe for ch in value):
        return value
    return "".join(
        (_NAMED.get(ch) or f"\\u{ord(ch):04x}") if ord(ch) in unsafe else ch for ch in value
    )
