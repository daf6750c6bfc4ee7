"""CSV files of master data: reading an import, writing an export.

Both sides speak the same file: UTF-8 (a byte order mark is read and written, so that
spreadsheets open Chinese text correctly), a header row of column names, one row per record,
RFC 4180 quoting (a cell may hold commas, quotes and line breaks inside double quotes).

Formula-looking cells: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a
tab or carriage return before one) as a formula. An export puts an apostrophe before any
cell that starts with one of those characters, after any apostrophes it already has; an
import removes exactly that one apostrophe again. Other cells pass as they are, so an
export imports back unchanged. An import takes such cells as plain text: `+886 2 ...` is
a phone number, and nothing here evaluates anything.

Problems are collected as pydantic-style errors (`type`, `loc`, `ctx`) with `loc` =
`("body", line, column)`, so they render like every other field error.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from shopfloor.core.errors import AppError
from shopfloor.core.master_data.errors import (
    ImportInvalidHeaderError,
    ImportMalformedError,
    ImportTooManyRowsError,
)

BOM: Final = "\ufeff"
# A cell a spreadsheet would evaluate, after any apostrophes already in front of it.
_FORMULA: Final = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED: Final = re.compile(r"^'+[=+\-@\t\r]")
# Where an empty file's missing header would be.
HEADER_LINE: Final = 1

Problem = dict[str, Any]


def problem(kind: str, line: int, column: str | None = None, **context: Any) -> Problem:
    loc: tuple[str | int, ...] = ("body", line) if column is None else ("body", line, column)
    where = {} if column is None else {"column": column}
    return {"type": kind, "loc": loc, "msg": kind, "ctx": {**where, **context}}


class FileRefusedError(Exception):
    """The file is refused before any row is read: its problems, and the error to answer."""

    def __init__(self, error: type[AppError], problems: Sequence[Problem]) -> None:
        super().__init__(error.code)
        self.error = error
        self.problems = list(problems)


def neutralise(text: str) -> str:
    """The cell an export writes for `text` (see the module doc)."""
    return "'" + text if _FORMULA.match(text) else text


def restore(cell: str) -> str:
    """The text an import reads from `cell`: the export's apostrophe removed."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


def cell(value: Any) -> str:
    """A JSON value as one cell: null is empty, booleans are `true` and `false`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(str(value))


def encode(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The export file, a line at a time (CRLF line ends, as RFC 4180 says)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(values: Sequence[str]) -> str:
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield BOM + line(columns)
    for row in rows:
        yield line([cell(row.get(name)) for name in columns])


@dataclass(frozen=True)
class CsvRow:
    line: int  # where the row starts in the file (the header is line 1, or the first not blank)
    cells: dict[str, str]  # by column, apostrophes restored; empty cells are absent


@dataclass
class CsvFile:
    columns: tuple[str, ...]
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise FileRefusedError(ImportMalformedError, [problem("invalid_encoding", line)]) from None


def _header(
    names: list[str], line: int, known: Sequence[str], required: Collection[str]
) -> tuple[str, ...]:
    columns = tuple(name.strip().lower() for name in names)
    problems = [
        problem("unknown_column", line, name)
        for name in dict.fromkeys(columns)
        if name not in known
    ]
    problems += [
        problem("duplicate_column", line, name)
        for name in dict.fromkeys(columns)
        if columns.count(name) > 1 and name in known
    ]
    problems += [problem("missing_column", line, name) for name in required if name not in columns]
    if problems:
        raise FileRefusedError(ImportInvalidHeaderError, problems)
    return columns


def read(body: bytes, *, known: Sequence[str], required: Collection[str], max_rows: int) -> CsvFile:
    """The file's rows by column; raises `FileRefusedError` for what makes the file unreadable.

    Blank lines are skipped. A row with more or fewer cells than the header is a problem of
    that row (`WRONG_FIELD_COUNT`), and the other rows are still read and checked.
    """
    text = _text(body)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    read_lines = 0
    try:
        header = next(reader, None)
        while header is not None and not any(part.strip() for part in header):
            header = next(reader, None)
        if header is None:
            raise FileRefusedError(ImportMalformedError, [problem("empty_file", HEADER_LINE)])
        read_lines = reader.line_num
        parsed = CsvFile(_header(header, read_lines, known, required))
        for cells in reader:
            line, read_lines = read_lines + 1, reader.line_num
            if not cells or cells == [""]:
                continue
            if len(parsed.rows) >= max_rows:
                raise ImportTooManyRowsError(params={"limit": max_rows})
            if len(cells) != len(parsed.columns):
                parsed.problems.append(
                    problem(
                        "wrong_field_count",
                        line,
                        expected=len(parsed.columns),
                        actual=len(cells),
                    )
                )
                continue
            given = zip(parsed.columns, cells, strict=True)
            parsed.rows.append(CsvRow(line, {name: restore(text) for name, text in given if text}))
    except csv.Error as exc:
        where = read_lines + 1
        raise FileRefusedError(
            ImportMalformedError, [problem("csv_syntax", where, reason=str(exc))]
        ) from None
    return parsed
