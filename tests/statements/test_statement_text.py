"""How the search reads Persian: every spelling variant reads as one word."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reckon.statements.text import find, in_context, read_query, terms, words

VARIANTS = [
    # Arabic and Persian ye and kaf
    ("نيروهاي امنيتي", "نیروهای امنیتی"),
    ("كشور", "کشور"),
    # diacritics and tatweel
    ("اَغتِشاش", "اغتشاش"),
    ("اغـــتشاش", "اغتشاش"),
    # ZWNJ joined, split by a space, or dropped
    ("می‌خواهند", "میخواهند"),
    ("می خواهند", "میخواهند"),
    ("نمی‌گذاریم", "نمی گذاریم"),
    ("اغتشاش‌ها", "اغتشاشها"),
    ("اغتشاش ها", "اغتشاشها"),
    ("سخت‌ترین", "سخت ترین"),
    # Persian, Arabic-Indic and Latin digits
    ("۱۸ دی", "18 دی"),
    ("١٨ دی", "18 دی"),
    # Latin case
    ("CHAOS", "chaos"),
]


@pytest.mark.parametrize(("written", "same_as"), VARIANTS)
def test_each_spelling_variant_reads_alike(written: str, same_as: str) -> None:
    assert terms(written) == terms(same_as)
    assert find(read_query(written), f"پیش از {same_as} پس از") is not None


def test_a_phrase_must_occur_as_a_run_of_words() -> None:
    text = "با اغتشاشگران توسط پلیس، بسیج یا نهادهای اطلاعاتی برخورد می‌شود"
    assert find(read_query('"پلیس بسیج"'), text) is not None
    assert find(read_query('"بسیج پلیس"'), text) is None
    assert find(read_query("بسیج پلیس"), text) is not None  # words, in any order
    assert find(read_query("«نهادهای اطلاعاتی»"), text) is not None


def test_a_prefix_matches_the_words_it_begins() -> None:
    text = "اغتشاشگران و اغتشاش‌ها"
    assert find(read_query("اغتشاش"), text) is None
    spans = find(read_query("اغتشاش*"), text)
    assert spans is not None and [text[a:b] for a, b in spans] == ["اغتشاشگران", "اغتشاش‌ها"]


def test_matched_words_are_shown_in_context_on_the_original_text() -> None:
    text = "گفت: نباید همه چیز در فضای مجازی منتشر شود و مي‌خواهند کشور را ناامن کنند."
    spans = find(read_query("میخواهند"), text)
    assert spans is not None
    shown = in_context(text, spans, width=12)
    assert "[مي‌خواهند]" in shown and shown.startswith("…") and shown.endswith("…")


@given(st.text(max_size=80))
def test_reading_any_text_never_fails_and_is_idempotent(text: str) -> None:
    once = terms(text)
    assert terms(once) == once
    for w in words(text):
        assert 0 <= w.start < w.end <= len(text)
