"""What happened to a person, from the words lists use for it.

Lists write the same fate many ways: «کشته‌شده», «جان باخته», "shot dead";
«جان‌باخته در بازداشت», "death in detention". Words are folded (case, ZWNJ,
Arabic letter forms) and read by their key terms, the more specific first: a
death *in custody* is not a plain killing, an execution is neither.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reckon.store.schema import EVENT_TYPES

_FOLD = str.maketrans({"\u200c": " ", "ي": "ی", "ى": "ی", "ك": "ک", "_": " ", "-": " "})

# (event type, terms any of which names it); the first rule that matches wins
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("died_in_custody", ("custody", "detention", "in prison", "in jail", "در بازداشت",
                         "در زندان", "زیر شکنجه", "under torture")),
    ("executed", ("execut", "hanged", "اعدام")),
    ("disappeared", ("disappear", "missing", "whereabouts", "ناپدید", "مفقود")),
    ("injured", ("injur", "wound", "blinded", "زخمی", "مجروح", "مصدوم")),
    ("detained", ("detain", "arrest", "imprison", "prisoner", "بازداشت", "دستگیر", "زندانی")),
    ("killed", ("kill", "dead", "death", "died", "shot", "murder", "کشته", "جان باخته",
                "جانباخته", "شهید", "فوت", "قتل", "جان سپرده")),
)  # fmt: skip


@lru_cache(maxsize=4096)
def read_event_type(text: str) -> str | None:
    """One of ``EVENT_TYPES``, or None when the words say none of them."""
    folded = re.sub(r"\s+", " ", text.translate(_FOLD).strip().lower())
    if folded.replace(" ", "_") in EVENT_TYPES:
        return folded.replace(" ", "_")
    for event_type, terms in _RULES:
        if any(term in folded for term in terms):
            return event_type
    return None
