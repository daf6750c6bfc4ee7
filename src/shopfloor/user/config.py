"""Settings of the user module: password hashing, the limit on wrong current passwords, and
the cache of callers' identities.

The user module stores and checks password hashes and answers who a caller is, so it owns
these settings. They keep the `AUTH_` prefix because operators tune them together with the
other sign-in settings (docs/auth.md lists them all).

The defaults take about 70 ms per hash on a 2-core server (argon2id, 24 MiB, 3 passes, one
lane). Raising them makes every sign-in slower; lowering them makes stolen hashes cheaper to
crack. Hashes made with other parameters are upgraded on the user's next sign-in.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_TIME_COST = 3
DEFAULT_MEMORY_COST_KIB = 24 * 1024
DEFAULT_PARALLELISM = 1
DEFAULT_HASH_CONCURRENCY = 1
DEFAULT_PASSWORD_CHANGE_MAX_FAILURES = 5
DEFAULT_PASSWORD_CHANGE_WINDOW_S = 900
DEFAULT_IDENTITY_CACHE_SIZE = 10_000
DEFAULT_IDENTITY_CACHE_TTL_S = 60


class UserSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AUTH_", extra="ignore")

    argon2_time_cost: int = Field(
        default=DEFAULT_TIME_COST, ge=1, le=20, description="Argon2id passes over memory."
    )
    argon2_memory_cost: int = Field(
        default=DEFAULT_MEMORY_COST_KIB,
        ge=8 * 1024,
        le=1024 * 1024,
        description="Argon2id memory per hash, in KiB.",
    )
    argon2_parallelism: int = Field(
        default=DEFAULT_PARALLELISM, ge=1, le=16, description="Argon2id lanes (threads) per hash."
    )
    # Hashes run in worker threads; this bounds how many run at once per process so a burst
    # of sign-ins queues instead of taking every core and every thread. The bound is per
    # process: gunicorn's default of two workers per core gives two hashes per core at most.
    password_hash_concurrency: int = Field(default=DEFAULT_HASH_CONCURRENCY, ge=1, le=64)
    # Wrong current passwords on POST /users/me/password, per account: a stolen access token
    # must not become an unlimited oracle for the password it could then replace.
    password_change_max_failures: int = Field(
        default=DEFAULT_PASSWORD_CHANGE_MAX_FAILURES,
        ge=1,
        le=1000,
        description="Wrong current passwords per account within the window before 429.",
    )
    password_change_window_s: int = Field(
        default=DEFAULT_PASSWORD_CHANGE_WINDOW_S,
        ge=1,
        le=86_400,
        description="Length of that window, in seconds.",
    )
    # Identities read requests may take from memory (user/identity_cache.py), forgotten on
    # the notification a change to the account sends; 0 turns the cache off.
    identity_cache_size: int = Field(
        default=DEFAULT_IDENTITY_CACHE_SIZE,
        ge=0,
        le=1_000_000,
        description="Identities kept per process for read requests (0: none).",
    )
    identity_cache_ttl_s: int = Field(
        default=DEFAULT_IDENTITY_CACHE_TTL_S,
        ge=1,
        le=3600,
        description="Seconds an identity is kept at most, notification or not.",
    )

    def production_problems(self) -> list[str]:
        problems: list[str] = []
        if self.argon2_memory_cost < 19 * 1024 or (
            self.argon2_memory_cost < 46 * 1024 and self.argon2_time_cost < 2
        ):
            problems.append(
                "AUTH_ARGON2_MEMORY_COST / AUTH_ARGON2_TIME_COST are below the OWASP minimum "
                "for argon2id (19 MiB with 2 passes, or 46 MiB with 1 pass)"
            )
        return problems
