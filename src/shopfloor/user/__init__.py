"""The user module (manifest added with its implementation)."""
