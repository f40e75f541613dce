"""reckon: count and document the victims of mass state violence.

The public surface is small and guarded by ``tests/test_exported_members.py``.
"""

from __future__ import annotations

from reckon.errors import (
    AgeError,
    BundleError,
    CaseError,
    ConvergenceWarning,
    DateError,
    EstimateError,
    InputError,
    IntegrityError,
    KeyError_,
    LinkError,
    MappingError,
    NormalizeError,
    ReckonError,
    ReckonWarning,
    SparseDataWarning,
    VaultError,
)

__version__ = "0.1.0"

__all__ = [
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
