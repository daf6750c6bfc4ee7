"""Shopfloor: an MES work-order API built as a domain-modular monolith."""

__version__ = "0.1.0"
