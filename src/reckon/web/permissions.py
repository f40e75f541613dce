"""Who may do what: one table of rights per role, and the one check every view asks.

A view never decides by itself what to show: it asks ``allowed(actor, right)``
and takes the record columns ``columns_for(actor)`` gives, which the query then
selects (``store.browse``), so a field an actor may not see never leaves the
database for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reckon.store.browse import PUBLIC_COLUMNS, RESTRICTED_COLUMNS

ROLES = ("admin", "documenter", "reviewer", "analyst", "viewer")

# Rights, in words a team lead would use.
READ = "read"  # the records list, persons, the dashboard
SEE_RESTRICTED = "see_restricted"  # raw rows and notes, where informants are named
ENTER = "enter"  # enter records, edit one's own
EDIT_ANY = "edit_any"  # edit anyone's record without review
REVIEW = "review"  # decide pairs, accept or refuse proposed edits
IMPORT = "import"  # upload lists
EVIDENCE = "evidence"  # add evidence files with their custody
ESTIMATE = "estimate"  # run estimates
VERIFY = "verify"  # check the case
AUDIT = "audit"  # read the log: who did what, when
USERS = "users"  # accounts

RIGHTS: dict[str, frozenset[str]] = {
    "admin": frozenset(
        {READ, SEE_RESTRICTED, ENTER, EDIT_ANY, REVIEW, IMPORT, EVIDENCE, ESTIMATE, VERIFY}
        | {AUDIT, USERS}
    ),
    "documenter": frozenset({READ, SEE_RESTRICTED, ENTER, IMPORT, EVIDENCE}),
    "reviewer": frozenset({READ, SEE_RESTRICTED, REVIEW, VERIFY, AUDIT}),
    "analyst": frozenset({READ, ESTIMATE, VERIFY}),
    "viewer": frozenset({READ}),
}


@dataclass(frozen=True)
class Actor:
    """The person behind a request: resolved once per request from the session."""

    username: str
    role: str
    key_id: str
    lang: str = "en"


def allowed(actor: Actor | None, right: str) -> bool:
    return actor is not None and right in RIGHTS.get(actor.role, frozenset())


def columns_for(actor: Actor | None) -> tuple[str, ...]:
    """The record columns this actor may receive."""
    if allowed(actor, SEE_RESTRICTED):
        return (*PUBLIC_COLUMNS, *RESTRICTED_COLUMNS)
    return PUBLIC_COLUMNS


def may_see_raw(actor: Actor | None) -> bool:
    return allowed(actor, SEE_RESTRICTED)
