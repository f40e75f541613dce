"""The public surface of ``reckon`` is deliberate: a change to it is a change to this list."""

import reckon

EXPECTED = [
    "AgeError",
    "BundleError",
    "CaseError",
    "ConvergenceWarning",
    "DateError",
    "EstimateError",
    "InputError",
    "IntegrityError",
    "KeyError_",
    "LinkError",
    "MappingError",
    "NormalizeError",
    "ReckonError",
    "ReckonWarning",
    "SparseDataWarning",
    "VaultError",
    "__version__",
]


def test_all_is_sorted_and_as_expected() -> None:
    assert reckon.__all__ == sorted(reckon.__all__, key=str.lower) or reckon.__all__ == sorted(
        reckon.__all__
    )
    assert reckon.__all__ == EXPECTED


def test_every_exported_name_exists() -> None:
    for name in reckon.__all__:
        assert hasattr(reckon, name), name
