"""A set of file changes, shown as a dry run or applied all-or-nothing.

Applying writes each file atomically (a temporary file renamed over the target) and keeps
what it needs to undo every step; if anything fails, the steps already taken are undone in
reverse order, so the project is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path


class ChangeKind(StrEnum):
    CREATE = "create"
    MODIFY = "modify"
    DELETE = "delete"


@dataclass(frozen=True)
class FileChange:
    path: str  # relative to the project root, with forward slashes
    kind: ChangeKind
    old: str | None = None
    new: str | None = None

    def diff(self) -> str:
        before = (self.old or "").splitlines(keepends=True)
        after = (self.new or "").splitlines(keepends=True)
        return "".join(
            difflib.unified_diff(before, after, fromfile=f"a/{self.path}", tofile=f"b/{self.path}")
        )


@dataclass
class ChangeSet:
    changes: list[FileChange] = field(default_factory=list)
    # Folders to delete once they hold nothing but caches (module removal).
    prune_dirs: list[str] = field(default_factory=list)
    # Folders to delete only if the changes left them empty.
    drop_if_empty: list[str] = field(default_factory=list)

    def create(self, path: str, content: str) -> None:
        self.changes.append(FileChange(path, ChangeKind.CREATE, new=content))

    def write(self, root: Path, path: str, content: str) -> None:
        """Create the file, or modify it when it exists; unchanged content is not a change."""
        target = root / path
        if target.is_file():
            old = target.read_text(encoding="utf-8")
            if old != content:
                self.changes.append(FileChange(path, ChangeKind.MODIFY, old=old, new=content))
        else:
            self.create(path, content)

    def delete(self, root: Path, path: str) -> None:
        old = (root / path).read_text(encoding="utf-8")
        self.changes.append(FileChange(path, ChangeKind.DELETE, old=old))

    def replace_content(self, path: str, content: str) -> None:
        """Use `content` for the file (the formatted one); drop the change if it is none now."""
        for index, change in enumerate(self.changes):
            if change.path == path:
                if change.kind is ChangeKind.MODIFY and content == change.old:
                    del self.changes[index]
                else:
                    self.changes[index] = replace(change, new=content)
                return
        raise KeyError(path)

    def python_files(self) -> list[FileChange]:
        return [
            change
            for change in self.changes
            if change.kind is not ChangeKind.DELETE and change.path.endswith(".py")
        ]

    def describe(self, *, with_diffs: bool = True) -> Iterable[str]:
        """One line per file (and the diff of each modified file)."""
        for change in self.changes:
            yield f"{change.kind.value:<6} {change.path}"
            if with_diffs and change.kind is ChangeKind.MODIFY:
                yield change.diff().rstrip("\n")
        for folder in self.prune_dirs:
            yield f"{'delete':<6} {folder}/"

    def apply(self, root: Path) -> None:
        undo: list[Callable[[], None]] = []
        try:
            for change in self.changes:
                _apply_one(root, change, undo)
        except BaseException:
            for step in reversed(undo):
                with contextlib.suppress(OSError):
                    step()
            raise
        for folder in self.prune_dirs:
            _prune(root / folder)
        for folder in self.drop_if_empty:
            with contextlib.suppress(OSError):
                (root / folder).rmdir()


def _apply_one(root: Path, change: FileChange, undo: list[Callable[[], None]]) -> None:
    target = root / change.path
    if change.kind is ChangeKind.DELETE:
        backup = target.read_bytes()
        target.unlink()
        undo.append(lambda: _write_bytes(target, backup))
        return
    assert change.new is not None
    for folder in _missing_parents(target):
        folder.mkdir()
        undo.append(folder.rmdir)
    previous = target.read_bytes() if target.exists() else None
    _write_bytes(target, change.new.encode("utf-8"))
    if previous is None:
        undo.append(target.unlink)
    else:
        undo.append(lambda: _write_bytes(target, previous))


def _missing_parents(target: Path) -> list[Path]:
    missing: list[Path] = []
    folder = target.parent
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    return list(reversed(missing))


def _write_bytes(target: Path, content: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        if target.exists():
            shutil.copymode(target, temporary)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _prune(folder: Path) -> None:
    """Delete a folder left with only bytecode caches; keep it if anything else remains."""
    if not folder.is_dir():
        return
    for cache in sorted(folder.rglob("__pycache__"), reverse=True):
        shutil.rmtree(cache, ignore_errors=True)
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            sub.rmdir()
    with contextlib.suppress(OSError):
        folder.rmdir()
