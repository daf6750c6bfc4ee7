"""The work_order module (manifest added with its implementation)."""
