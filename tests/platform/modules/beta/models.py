"""Beta owns no table."""
