"""Beta has no settings of its own."""
