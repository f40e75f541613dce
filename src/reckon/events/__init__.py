"""Typed, versioned events: the unit of change of a case.

``kinds`` holds one dataclass per kind of change, ``registry`` the one table
kind -> (payload type, applier, version), and ``Case.record`` the one write
path: apply in a transaction, append to the log, commit. Replay, bundle
merging into a case and evidence recording live here, above the vault.
"""
