"""The work_center module (manifest added with its implementation)."""
