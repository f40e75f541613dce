"""Events: the typed changes of a case, how they are applied, and what the log vouches for."""
