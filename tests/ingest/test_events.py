"""Event types as lists write them: folded, and read by the most specific term."""

import pytest

from reckon.ingest.events import read_event_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shot dead", "killed"),
        ("Killed", "killed"),
        ("کشته\u200cشده", "killed"),
        ("جان باخته", "killed"),
        ("death in detention", "died_in_custody"),
        ("جان\u200cباخته در بازداشت", "died_in_custody"),
        ("died_in_custody", "died_in_custody"),
        ("اعدام\u200cشده", "executed"),
        ("hanged", "executed"),
        ("arrested", "detained"),
        ("بازداشت شده", "detained"),
        ("ناپدید شده", "disappeared"),
        ("wounded", "injured"),
        ("مجروح", "injured"),
    ],
)
def test_event_words(text: str, expected: str) -> None:
    assert read_event_type(text) == expected


def test_unknown_words_are_not_guessed() -> None:
    assert read_event_type("blue") is None
    assert read_event_type("") is None
