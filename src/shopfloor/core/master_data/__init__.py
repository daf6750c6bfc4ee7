"""Master data: one organisation's reference lists (customers, work centers, items).

Every master-data module is the same pattern with its own fields: a table on
`MasterDataModel` (and `CodedMixin` for a code with activation), request models on the
rules in `schemas.py`, a `MasterData` declaration in its service and a router from
`master_data_router`. See docs/master-data.md.
"""
