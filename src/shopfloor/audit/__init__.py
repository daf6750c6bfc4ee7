"""The audit module (manifest added with its implementation)."""
