"""Throwaway manifests for registry tests (each with an empty router)."""

from __future__ import annotations

from fastapi import APIRouter

from shopfloor.core.registry import ExtraMount, ModuleManifest


def manifest(
    name: str,
    *,
    prefix: str | None = None,
    depends_on: tuple[str, ...] = (),
    provides: tuple[str, ...] = (),
    requires: tuple[str, ...] = (),
    extra_mounts: tuple[str, ...] = (),
) -> ModuleManifest:
    return ModuleManifest(
        name=name,
        tag=name.title(),
        description=f"The {name} module.",
        prefix=f"/{name}" if prefix is None else prefix,
        router=APIRouter(),
        depends_on=depends_on,
        provides=provides,
        requires=requires,
        extra_mounts=tuple(ExtraMount(prefix=path, router=APIRouter()) for path in extra_mounts),
    )


def installed(*manifests: ModuleManifest) -> dict[str, ModuleManifest]:
    return {item.name: item for item in manifests}
