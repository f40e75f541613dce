"""The public surface of ``reckon`` is deliberate: a change to it is a change to this list."""

import reckon

EXPECTED = [
    "AgeError",
    "BundleError",
    "Case",
    "CaseError",
    "CaseSettings",
    "ConvergenceWarning",
    "DateError",
    "EstimateError",
    "EstimateResult",
    "ImportReport",
    "InputError",
    "IntegrityError",
    "KeyError_",
    "LinkError",
    "LinkEvaluation",
    "LinkResult",
    "MappingError",
    "NormalizeError",
    "ReckonError",
    "ReckonWarning",
    "SettingsError",
    "SparseDataWarning",
    "StratifiedResult",
    "VaultError",
    "VerifyReport",
    "__version__",
]


def test_all_is_sorted_and_as_expected() -> None:
    assert reckon.__all__ == sorted(reckon.__all__)
    assert reckon.__all__ == EXPECTED


def test_importing_reckon_does_not_load_splink() -> None:
    import subprocess
    import sys

    code = "import sys, reckon; print('splink' in sys.modules, 'numba' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert shown.stdout.split() == ["False", "False"]


def test_every_exported_name_exists() -> None:
    for name in reckon.__all__:
        assert hasattr(reckon, name), name
