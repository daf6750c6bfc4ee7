"""Shared building blocks: settings, database, errors, envelope, registry and middleware.

Nothing in this package imports a domain module; modules plug in through their manifests.
"""
