"""Property tests (hypothesis): idempotence, no crash on any Unicode, nothing lost."""

from __future__ import annotations

import contextlib
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reckon.errors import AgeError, DateError
from reckon.normalize import read_age, read_date, read_name, read_place
from reckon.normalize.persian import _honorific, fold

PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآءئيكةىأإؤ"
MARKS = "\u064b\u064e\u064f\u0650\u0651\u0652\u0640"
name_like = st.text(
    alphabet=st.sampled_from(
        list(PERSIAN + MARKS) + list("abcdefghijklmnopqrstuvwxyzAEIOU") + list(" \u200c-.,'")
        + list("۰۱۲۳٤٥0123")
    ),
    max_size=40,
)  # fmt: skip
words = st.lists(
    st.sampled_from(
        ["سید", "سیده", "حاج", "دکتر", "Seyed", "Dr.", "Haj", "sadat", "mir", "Mir", "فرزند",
         "son of", "زاده", "pour", "محمد", "رضا", "حسینی", "Ali", "Hosseini", "خامنه", "ای",
         ",", "علی", "Mohammad", "Reza"]
    ),
    max_size=6,
).map(" ".join)  # fmt: skip
FATHER_WORDS = {"فرزند", "ولد", "نام", "پدر", "son", "of", "daughter", "child", "s", "o", "d"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(name_like, words))
def test_reading_a_canonical_name_gives_itself(text: str) -> None:
    r = read_name(text)
    again = read_name(r.canonical)
    assert again.canonical == r.canonical
    assert again.key == read_name(again.canonical).key


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_name_and_place_never_raise_on_any_unicode(text: str) -> None:
    read_name(text)
    read_place(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=40), st.from_regex(r"\d{1,4}[/\-. ]\d{1,2}[/\-. ]\d{1,4}")))
def test_dates_and_ages_raise_only_their_own_errors(text: str) -> None:
    with contextlib.suppress(DateError):
        read_date(text)
    with contextlib.suppress(AgeError):
        read_age(text, event_year=1404)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(name_like, words))
def test_every_word_is_kept_in_the_name_or_a_side_field(text: str) -> None:
    r = read_name(text)
    kept = (r.canonical + " " + (r.father or "")).lower().replace("\u200c", "")
    for word in re.findall(r"[^\W\d_]+", fold(text)):
        w = word.lower()
        if w in kept or w in FATHER_WORDS or _honorific(word) is not None:
            continue
        # «سیدمحمد»: a title written onto a name is split and kept aside
        stripped = re.sub(r"^(سیده|سید|seyyed|seyed|sayyed|sayed)", "", w)
        assert r.honorifics and stripped in kept, (text, word, r)
