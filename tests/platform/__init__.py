"""Tests of the platform core: module system, settings, database, HTTP behaviour, serving."""
