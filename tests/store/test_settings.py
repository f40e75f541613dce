"""reckon.toml is read strictly: a setting of the wrong kind is refused by name, never coerced."""

import pytest

from reckon.errors import CaseError, SettingsError
from reckon.settings import CaseSettings


def _toml(line: str) -> str:
    return f"[case]\n{line}\n"


def test_defaults_round_trip() -> None:
    settings = CaseSettings()
    assert CaseSettings.from_toml(settings.to_toml()) == settings


def test_valid_values_are_read_as_typed() -> None:
    settings = CaseSettings.from_toml(
        _toml('languages = ["fa"]\nlink_threshold = 1e-1\ndefault_calendar = "jalali"')
    )
    assert settings.languages == ("fa",)
    assert settings.link_threshold == pytest.approx(0.1)
    assert settings.default_calendar == "jalali"


@pytest.mark.parametrize(
    ("line", "setting", "reason"),
    [
        ('languages = "fa"', "languages", "must be a list of texts"),  # not ('f', 'a')
        ("languages = [1, 2]", "languages", "must be a list of texts"),
        ('link_threshold = "high"', "link_threshold", "must be a number"),
        ("link_threshold = true", "link_threshold", "must be a number"),
        ("link_threshold = 1.5", "link_threshold", "strictly between 0.0 and 1.0"),
        ("link_threshold = 0", "link_threshold", "strictly between 0.0 and 1.0"),
        ('default_calendar = "julian"', "default_calendar", "one of auto, jalali, gregorian"),
        ("name = 3", "name", "must be a text"),
        ('key_ids = "abc"', "key_ids", "must be a list of texts"),
    ],
)
def test_a_wrong_value_is_named(line: str, setting: str, reason: str) -> None:
    with pytest.raises(SettingsError) as caught:
        CaseSettings.from_toml(_toml(line), path="case/reckon.toml")
    error = caught.value
    assert error.setting == setting
    assert error.file == "case/reckon.toml"
    assert reason in str(error)
    assert str(error).startswith(f"case/reckon.toml, setting {setting}, value ")
    assert isinstance(error, CaseError)  # the CLI's one-line handling still applies


def test_unknown_settings_are_named_with_the_known_ones() -> None:
    with pytest.raises(SettingsError, match=r"unknown setting\(s\) threshold .*link_threshold"):
        CaseSettings.from_toml(_toml("threshold = 0.5"))


def test_broken_toml_names_the_file() -> None:
    with pytest.raises(SettingsError, match=r"^x\.toml: not valid TOML"):
        CaseSettings.from_toml("[case\n", path="x.toml")
