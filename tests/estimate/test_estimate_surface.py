"""The public names of reckon.estimate are deliberate."""

import reckon.estimate


def test_estimate_all_is_sorted_and_as_expected() -> None:
    assert reckon.estimate.__all__ == [
        "DEFAULT_METHOD",
        "METHODS",
        "CaptureTable",
        "EstimateResult",
        "StratifiedResult",
        "estimate_table",
        "method_parameters",
    ]
    assert reckon.estimate.METHODS == ("chapman", "loglinear", "lcmcr", "dga")
    assert reckon.estimate.DEFAULT_METHOD in reckon.estimate.METHODS
