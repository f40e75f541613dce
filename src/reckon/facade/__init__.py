"""The namespaces of the library facade, one module per part of the work.

``Case`` (``reckon.case``) carries them as attributes in Splink's manner:
``case.ingest.import_file(...)``, ``case.link.run()``, ``case.review.decide(...)``,
``case.evidence.add(...)``, ``case.records.enter(...)``. Each namespace checks
what it is given and builds the event; ``case.record`` writes it. They take
their keys and passphrases from the case (``Case.open(signer=...)``), never
from the environment or a terminal: that is the command line's business.
"""

# Linkages ``case.estimate`` draws by default: on 100,000 records the whole run stays
# within 10 minutes on the 2-core machine (bench/estimate_linkage_draws.py). Here, not in
# ``facade.estimate``, so that the command line reads it without loading numpy.
LINKAGE_DRAWS = 20
