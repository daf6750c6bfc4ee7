"""Shared test helpers (database, clients, identities)."""
