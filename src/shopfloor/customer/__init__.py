"""The customer module (manifest added with its implementation)."""
