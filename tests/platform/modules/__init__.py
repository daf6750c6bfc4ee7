"""Small modules built exactly like product modules, used to exercise the core.

They are discovered with `discover_modules("tests.platform.modules")` and passed to
`create_app(settings, modules=[...])`; the product never sees them.
"""
