"""How strong a passphrase must be to guard a key: zxcvbn's estimate, score 4 at least.

A key file can be copied with the case (or the laptop) and guessed offline, at
leisure, by an adversary with many machines. zxcvbn (Dropbox's estimator) scores
a passphrase from 0 to 4 by the guesses an attacker who knows common words,
names, dates and keyboard patterns would need; 4 means at least 10^10, "strong
protection from offline slow-hash attacks" in its authors' words, and Argon2id
makes each of those guesses slow. Anything less is refused with zxcvbn's own
advice. Only the synthetic demo, whose case holds nothing real, is exempt.
"""

from __future__ import annotations

from collections.abc import Iterable

from reckon.errors import KeyError_

MIN_SCORE = 4
# zxcvbn's own limit: beyond it the estimate is slow, and such a phrase is strong
# by its length alone; its first 72 characters are scored.
SCORED_LENGTH = 72


def check_passphrase(passphrase: str, *, about: Iterable[str] = (), what: str = "a key") -> None:
    """Refuse a passphrase weaker than ``MIN_SCORE``; ``about`` are words the person
    is known by (their name), which an attacker would try first."""
    from zxcvbn import zxcvbn

    if not passphrase:
        raise KeyError_(f"an empty passphrase cannot protect {what}")
    found = zxcvbn(passphrase[:SCORED_LENGTH], user_inputs=[w for w in about if w])
    if int(found["score"]) >= MIN_SCORE:
        return
    feedback = found.get("feedback") or {}
    advice = " ".join(
        part for part in (feedback.get("warning"), *feedback.get("suggestions", [])) if part
    )
    raise KeyError_(
        f"the passphrase for {what} is too weak (strength {found['score']} of 4; {MIN_SCORE} "
        f"is needed because a copied key file can be guessed offline): "
        f"{advice or 'use four or more unrelated words'}"
    )
