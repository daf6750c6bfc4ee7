"""Beta: database probes, and note tallies mounted under alpha's notes (depends on alpha)."""

from shopfloor.core.registry import ExtraMount, ModuleManifest
from tests.platform.modules.beta.constants import MESSAGES

manifest = ModuleManifest(
    name="beta",
    tag="Beta Probes",
    description="Database probes (settings, sleep, disconnect) and tallies of alpha's notes.",
    prefix="/beta",
    router="tests.platform.modules.beta.router:router",
    models="tests.platform.modules.beta.models",
    depends_on=("alpha",),
    extra_mounts=(
        ExtraMount(
            prefix="/alpha/notes/{note_id}/tally",
            router="tests.platform.modules.beta.router:tally_router",
        ),
    ),
    messages=MESSAGES,
)
