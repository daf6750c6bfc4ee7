"""Alpha's error codes, messages and constraint mapping."""

from __future__ import annotations

from shopfloor.core.i18n import Catalogue

ORGANIZATION_HEADER = "X-Organization-ID"
CODE_PATTERN = r"^[A-Z][A-Z0-9-]{0,31}$"

MESSAGES: Catalogue = {
    "ALPHA_NOTE_NOT_FOUND": {"zh-TW": "找不到指定的筆記。", "en": "The note was not found."},
    "ALPHA_NOTE_CODE_TAKEN": {
        "zh-TW": "此筆記代碼已被使用。",
        "en": "The note code is already taken.",
    },
    "ALPHA_NOTE_REFUSED": {
        "zh-TW": "筆記已寫入但操作被拒絕。",
        "en": "The note was written but the operation was refused.",
    },
}

CONSTRAINT_ERRORS = {"uq_platform_note_organization_id_code": "ALPHA_NOTE_CODE_TAKEN"}

# The table is created by the tests with this statement (inside the test's transaction, or in
# a scratch database); constraint names follow the naming convention of the models.
NOTE_TABLE_DDL = """
CREATE TABLE platform_note (
    id UUID NOT NULL,
    organization_id UUID NOT NULL,
    code VARCHAR(32) NOT NULL,
    title VARCHAR(200) NOT NULL,
    quantity INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    deleted_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_platform_note PRIMARY KEY (id),
    CONSTRAINT uq_platform_note_organization_id_code UNIQUE (organization_id, code),
    CONSTRAINT uq_platform_note_organization_id_title UNIQUE (organization_id, title),
    CONSTRAINT ck_platform_note_quantity_non_negative CHECK (quantity >= 0)
)
"""
