"""The files of a Shopfloor source checkout that the CLI reads and writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shopfloor.cli.errors import fail

# Sub-packages of `shopfloor` that are never domain modules (mirrors the registry's list,
# which the CLI must not import just to print `--help`).
NON_MODULE_PACKAGES = frozenset({"core", "cli"})


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def package_dir(self) -> Path:
        return self.root / "src" / "shopfloor"

    @property
    def tests_dir(self) -> Path:
        return self.root / "tests"

    @property
    def versions_dir(self) -> Path:
        return self.root / "alembic" / "versions"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def pyproject(self) -> Path:
        return self.root / "pyproject.toml"

    @property
    def dev_env_file(self) -> Path:
        return self.root / ".env.dev"

    @property
    def template_overrides(self) -> Path:
        return self.root / ".scaffold" / "templates" / "module"

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def module_packages(self) -> list[str]:
        """Every domain module folder under src/shopfloor, with or without a manifest."""
        if not self.package_dir.is_dir():
            return []
        return sorted(
            entry.name
            for entry in self.package_dir.iterdir()
            if entry.is_dir()
            and (entry / "__init__.py").is_file()
            and entry.name not in NON_MODULE_PACKAGES
            and not entry.name.startswith("_")
        )


def current_project() -> Project:
    from shopfloor.core.paths import project_root

    return Project(project_root())


def source_checkout() -> Project:
    """The project, which must be a source checkout (commands that write code need one)."""
    import typer

    from shopfloor.core.paths import package_checkout

    project = current_project()
    missing = [
        project.relative(path)
        for path in (project.package_dir, project.pyproject, project.versions_dir)
        if not path.exists()
    ]
    if missing:
        fail(
            f"{project.root} is not a Shopfloor source checkout (missing {', '.join(missing)}); "
            "run the command from the checkout or set SHOPFLOOR_ROOT"
        )
    installed = package_checkout()
    if installed is not None and installed != project.root:
        # Writing here while the code that runs comes from elsewhere is allowed (one
        # environment for several checkouts), but should not go unnoticed.
        typer.secho(
            f"note: writing to {project.root}; the shopfloor package running this command "
            f"is the one in {installed}",
            fg=typer.colors.YELLOW,
            err=True,
        )
    return project
