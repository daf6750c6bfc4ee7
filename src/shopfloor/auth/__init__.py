"""The auth module (manifest added with its implementation)."""
