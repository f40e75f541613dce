"""reckon: count and document the victims of mass state violence.

The public surface is small and guarded by ``tests/test_exported_members.py``:
the case, its settings, the results types and the error tree. The heavier
parts (Splink, numba, the web app) load only when they are used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
    SettingsError,
    SparseDataWarning,
    VaultError,
)

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.estimate.results import EstimateResult, StratifiedResult
    from reckon.ingest.importer import ImportReport
    from reckon.link.evaluation import LinkEvaluation
    from reckon.link.run import LinkResult
    from reckon.settings import CaseSettings
    from reckon.vault.verify import VerifyReport

__version__ = "0.1.0"

_LAZY = {
    "Case": "reckon.case",
    "CaseSettings": "reckon.settings",
    "EstimateResult": "reckon.estimate.results",
    "ImportReport": "reckon.ingest.importer",
    "LinkEvaluation": "reckon.link.evaluation",
    "LinkResult": "reckon.link.run",
    "StratifiedResult": "reckon.estimate.results",
    "VerifyReport": "reckon.vault.verify",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'reckon' has no attribute {name!r}")


__all__ = [
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
