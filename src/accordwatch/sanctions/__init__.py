"""Sanctions: regimes, listed persons and entities with their history, list imports."""
