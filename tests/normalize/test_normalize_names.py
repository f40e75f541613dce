"""Names: canonical Persian form, honorifics, affixes, splitting, and the key."""

from __future__ import annotations

import pytest

from reckon.normalize import name_key, read_name, split_full_name

ISSUE_PERSON = [
    "سید محمدرضا حسینی",
    "محمد رضا حسيني",
    "Seyed Mohammadreza Hosseini",
    "Mohammad Reza Husaini",
]


def test_the_issue_person_has_one_key() -> None:
    keys = {name_key(t) for t in ISSUE_PERSON}
    assert keys == {"mhmdrzahsini"}
    # An initial cannot be expanded, but the family name still meets.
    assert read_name("M. Hoseini").family == "Hoseini"
    assert name_key("Hoseini") == name_key("حسینی")


@pytest.mark.parametrize(
    ("group"),
    [
        ["محمد", "Mohammad", "Muhammad", "Mohamad", "Mohammed"],
        ["حسین", "Hossein", "Hosein", "Husayn", "Hussein"],
        ["زهرا", "Zahra"],
        ["قاسم", "Ghasem", "Qasem", "Qassem"],
        ["خدیجه", "Khadijeh", "Khadije", "Xadije"],
        ["مهدی", "Mehdi", "Mahdi"],  # one Persian spelling: a judgement, documented
    ],
)
def test_issue_variants_share_a_key(group: list[str]) -> None:
    assert len({name_key(t) for t in group}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hassan", "Hossein"), ("Hossein", "Hosseini"), ("Hassan", "Hosseini"), ("Ali", "Alavi")],
)
def test_distinct_names_do_not_meet(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_arabic_letters_diacritics_tatweel_digits_are_folded() -> None:
    r = read_name("عَلِيّ كـاظمي ۲")
    assert r.canonical == "علی کاظمی 2"
    assert "Arabic letter forms made Persian" in r.steps
    assert "diacritics and tatweel removed" in r.steps
    assert read_name("فاطمة").canonical == "فاطمه"
    assert read_name("رضائی").canonical == "رضایی"


def test_zwnj_and_spacing() -> None:
    assert read_name("  محمد\u200c\u200cرضا   \u200cحسینی ").canonical == "محمد\u200cرضا حسینی"
    assert read_name("محمدرضا").nospace == read_name("محمد رضا").nospace == "محمدرضا"
    assert read_name("محمد\u200cرضا").key == read_name("محمد رضا").key


def test_honorifics_are_kept_aside_not_lost() -> None:
    r = read_name("شهید حاج سید علی موسوی")
    assert r.canonical == "علی موسوی"
    assert r.honorifics == ("shahid", "haj", "sayyed")
    assert read_name("Dr. Seyyed Ali Mousavi").honorifics == ("dr", "sayyed")
    assert read_name("فاطمه سادات موسوی").honorifics == ("sadat",)
    assert read_name("سیدمحمد حسینی").honorifics == ("sayyed",)
    assert read_name("سیدمحمد حسینی").given == "محمد"
    # «سیدی» is a family name, not a title on a name
    assert read_name("علی سیدی").honorifics == ()
    # «میر» closing a name is the family name Mir
    assert read_name("Ali Mir").honorifics == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("حسین زاده", "حسین‌زاده"),
        ("حسینزاده", "حسین‌زاده"),
        ("Hossein Zadeh", "Hosseinzadeh"),
        ("Hossein-zadeh", "Hosseinzadeh"),
        ("Ali Pour", "Alipoor"),
        ("علی پور", "Alipur"),
        ("نیک نژاد", "Niknejad"),
        ("Niknezhad", "Niknejad"),
        ("خامنه ای", "Khamenei"),
        ("نیک فر", "Nikfar"),
        ("Nik Far", "نیک‌فر"),
        ("Ahmadiyan", "احمدیان"),
        ("Rezaie", "رضائی"),
    ],
)
def test_family_name_affixes_meet(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_persian_affixes_get_a_zwnj() -> None:
    assert read_name("حسین زاده").canonical == "حسین\u200cزاده"
    assert read_name("حسینزاده").canonical == "حسین\u200cزاده"
    assert read_name("Hossein Zadeh").canonical == "Hosseinzadeh"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("محمدرضا حسینی", ("محمدرضا", "حسینی", None)),
        ("Mohammad Reza Husaini", ("Mohammad Reza", "Husaini", None)),
        ("علی اکبر هاشمی رفسنجانی", ("علی اکبر", "هاشمی رفسنجانی", None)),
        ("Hosseini, Mohammad", ("Mohammad", "Hosseini", None)),
        ("علی احمدی فرزند حسن", ("علی", "احمدی", "حسن")),
        ("Zahra Karimi daughter of Abbas", ("Zahra", "Karimi", "Abbas")),
        ("Reza Ahmadi s/o Hassan", ("Reza", "Ahmadi", "Hassan")),
        ("حسینی", (None, "حسینی", None)),
        ("زهرا", ("زهرا", None, None)),
        ("", (None, None, None)),
    ],
)
def test_split_full_name(text: str, expected: tuple[str | None, ...]) -> None:
    assert split_full_name(text) == expected


def test_script_and_steps() -> None:
    assert read_name("علی").script == "persian"
    assert read_name("Ali").script == "latin"
    assert read_name("Ali حسینی").script == "mixed"
    assert read_name("!!!").script == "none"
    r = read_name("علی احمدی فرزند حسن")
    assert any("father" in s for s in r.steps)
    assert r.to_dict()["honorifics"] == []


def test_name_key_is_read_name_key() -> None:
    for t in [*ISSUE_PERSON, "Ali", "", "خامنه‌ای"]:
        assert name_key(t) == read_name(t).key


def test_a_title_alone_is_kept_as_the_name() -> None:
    r = read_name("مشهدی")
    assert (r.canonical, r.honorifics) == ("مشهدی", ())
    assert read_name("Seyed Haji").canonical == "Haji"


def test_mir_is_a_title_only_before_a_given_name() -> None:
    assert read_name("Mir Hossein Mousavi").honorifics == ("mir",)
    assert read_name("Mir Hosseini").honorifics == ()
    assert name_key("Mir Hosseini") == name_key("میر‌حسینی") == name_key("Mirhosseini")
