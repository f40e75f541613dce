"""The comparisons of the Persian-aware model, on the columns of ``features``.

Each name part (given, family, father's) is compared on its canonical Persian
form and its transliteration key (so a Persian-script record and a Latin one can
agree), then on the consonant skeleton, then by Jaro-Winkler on the key; the
exact key level carries a term-frequency adjustment, because «محمد» agreeing says far
less than a rare name agreeing. Given and family names written the other way round
have their own level. Sex, birth year (with tolerance), the event date (windows in
days) and the place hierarchy (city, county, province) complete the model.

Custom SQL is written once in DuckDB's dialect; Splink translates it for Spark.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl

_DIALECT = "duckdb"

Comparison = Any  # splink's ComparisonCreator; splink ships no stubs we can rely on


def _custom(sql: str, label: str) -> Any:
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str=_DIALECT)


def _neutral(level: Any) -> Any:
    """A level that carries no weight (m = u, fixed): its evidence is counted elsewhere."""
    return level.configure(
        m_probability=0.5, u_probability=0.5, fix_m_probability=True, fix_u_probability=True
    )


def name_comparison(
    part: str, *, swapped_with: str | None = None, weigh_swaps: bool = True
) -> Comparison:
    """Levels for one name part, most to least specific.

    With ``swapped_with``, names written the other way round or split in another
    place have their own levels; a swap shows in both name comparisons, so only one
    of them (``weigh_swaps``) gives it weight, the other holds it at zero instead of
    counting the same evidence twice.
    """
    levels: list[Any] = [
        cll.NullLevel(f"{part}_key"),
        # The key first, whatever the script: a level for the Persian form alone
        # would make agreement depend on script, which EM then mistakes for
        # evidence (Latin records have no Persian form at all). The Persian form
        # still counts where two readings gave different keys for one spelling.
        cll.ExactMatchLevel(f"{part}_key", term_frequency_adjustments=True).configure(
            label_for_charts="same transliteration key"
        ),
        cll.ExactMatchLevel(f"{part}_canon").configure(
            label_for_charts="same canonical Persian form"
        ),
        cll.ExactMatchLevel(f"{part}_skel").configure(label_for_charts="same consonant skeleton"),
    ]
    if part == "family":
        levels.append(
            cll.ExactMatchLevel("family_core").configure(
                label_for_charts="same family name without Mir-/Seyyed-"
            )
        )
    if swapped_with is not None:
        swapped = _custom(
            f'"{part}_key_l" = "{swapped_with}_key_r" AND "{swapped_with}_key_l" = "{part}_key_r"',
            f"{part} and {swapped_with} names swapped",
        )
        split = cll.ExactMatchLevel("whole_key").configure(
            label_for_charts="same whole name, split differently"
        )
        # A swap and a typo on one record: without this level the pair meets both
        # names' lowest levels, the strongest evidence against a match there is.
        swapped_misspelt = _custom(
            f'("{part}_skel_l" = "{swapped_with}_skel_r" '
            f'AND levenshtein("{swapped_with}_key_l", "{part}_key_r") <= 2) '
            f'OR ("{swapped_with}_skel_l" = "{part}_skel_r" '
            f'AND levenshtein("{part}_key_l", "{swapped_with}_key_r") <= 2)',
            f"{part} and {swapped_with} names swapped, one misspelt",
        )
        found = [swapped, split, swapped_misspelt]
        levels += found if weigh_swaps else [_neutral(level) for level in found]
    levels += [
        # A misspelt rare name is still strong evidence, a misspelt «محمد» is not.
        cll.JaroWinklerLevel(f"{part}_key", 0.92).configure(
            tf_adjustment_column=f"{part}_key", tf_adjustment_weight=0.5
        ),
        # one letter wrong, missing or two swapped (Kazem/Kamez), which
        # Jaro-Winkler scores low on short names
        cll.DamerauLevenshteinLevel(f"{part}_key", 1),
        cll.JaroWinklerLevel(f"{part}_key", 0.80),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(
        levels, output_column_name=f"{part}_name", comparison_description=f"{part} name"
    )


def sex_comparison() -> Comparison:
    return cl.CustomComparison(
        [cll.NullLevel("sex"), cll.ExactMatchLevel("sex"), cll.ElseLevel()],
        output_column_name="sex",
    )


def birth_year_comparison() -> Comparison:
    """Ages are often a year or two off, and an age is a birth year up to a year."""
    return cl.CustomComparison(
        [
            cll.NullLevel("birth_year"),
            # most of the dead were young: agreeing on 1960 says more than on 2005
            cll.ExactMatchLevel("birth_year", term_frequency_adjustments=True).configure(
                label_for_charts="same birth year"
            ),
            cll.AbsoluteDifferenceLevel("birth_year", 1),
            cll.AbsoluteDifferenceLevel("birth_year", 2),
            cll.AbsoluteDifferenceLevel("birth_year", 5),
            cll.ElseLevel(),
        ],
        output_column_name="birth_year",
    )


def _precise_within(days: int) -> Any:
    return _custom(
        '"date_hi_l" - "date_lo_l" <= 1 AND "date_hi_r" - "date_lo_r" <= 1 '
        f'AND ABS("date_lo_l" - "date_lo_r") <= {days}',
        f"dates within {days} days",
    )


def date_comparison() -> Comparison:
    """Event dates as windows: exact days first, then overlap of imprecise windows."""
    return cl.CustomComparison(
        [
            cll.NullLevel("date_lo"),
            # Most deaths fall on a few days; agreeing on another day says much more.
            cll.ExactMatchLevel("date_day", term_frequency_adjustments=True).configure(
                label_for_charts="same day"
            ),
            _precise_within(3),
            _precise_within(10),
            _custom(
                '"date_lo_l" <= "date_hi_r" + 3 AND "date_lo_r" <= "date_hi_l" + 3',
                "date windows overlap",
            ),
            _custom(
                '"date_lo_l" <= "date_hi_r" + 60 AND "date_lo_r" <= "date_hi_l" + 60',
                "date windows within 60 days",
            ),
            cll.ElseLevel(),
        ],
        output_column_name="event_date",
    )


def place_comparison() -> Comparison:
    """City, else county, else province; a record with a city agrees at province
    level with one that gives the province only."""
    return cl.CustomComparison(
        [
            cll.NullLevel("province"),
            cll.ExactMatchLevel("city", term_frequency_adjustments=True),
            cll.ExactMatchLevel("county"),
            _custom(
                '"province_l" = "province_r" AND ("city_l" IS NULL OR "city_r" IS NULL)',
                "same province, city unknown on one side",
            ),
            cll.ExactMatchLevel("province"),
            cll.ElseLevel(),
        ],
        output_column_name="place",
    )


def source_comparison() -> Comparison:
    """Same list or not. Lists repeat a person far less often than two lists
    share one, so a pair inside one list needs more evidence: this level carries
    that difference in the prior instead of one prior for every pair."""
    return cl.CustomComparison(
        [
            cll.NullLevel("source"),
            cll.ExactMatchLevel("source").configure(label_for_charts="same list"),
            cll.ElseLevel().configure(label_for_charts="different lists"),
        ],
        output_column_name="source_list",
    )


# Per comparison (by output column): the column whose value a record needs for
# the comparison to say anything (without it a pair falls in the null level,
# which weighs nothing), and the field in a documenter's words, for notes.
FIELDS: dict[str, tuple[str, str]] = {
    "given_name": ("given_key", "given names"),
    "family_name": ("family_key", "family names"),
    "father_name": ("father_key", "fathers' names"),
    "sex": ("sex", "sex"),
    "birth_year": ("birth_year", "ages or birth years"),
    "event_date": ("date_lo", "dates"),
    "place": ("province", "places"),
    "source_list": ("source", "list names"),
}


def persian_comparisons() -> list[Comparison]:
    """All comparisons of the model, in the order of the settings."""
    return [
        name_comparison("given", swapped_with="family"),
        name_comparison("family", swapped_with="given", weigh_swaps=False),
        name_comparison("father"),
        sex_comparison(),
        birth_year_comparison(),
        date_comparison(),
        place_comparison(),
        source_comparison(),
    ]
