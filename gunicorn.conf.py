"""Gunicorn settings for production: `gunicorn shopfloor.main:app -c gunicorn.conf.py`.

Every value comes from the environment with a sane default. Workers are uvicorn workers from
the `uvicorn-worker` package (uvicorn's own `uvicorn.workers` is deprecated).
"""

from __future__ import annotations

import gc
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


wsgi_app = "shopfloor.main:app"
worker_class = "uvicorn_worker.UvicornWorker"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = _int("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2, 8))
# Seconds a worker may be silent before it is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 60)
# On SIGTERM, seconds in-flight requests get to finish before workers are killed.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Workers are not recycled by default: a recycled worker drops its keep-alive connections
# and its warm caches. Set it only to contain a memory leak (docs/operations.md).
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
# Random spread, so that recycled workers do not all restart together.
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 1_000)
backlog = _int("GUNICORN_BACKLOG", 2048)
# Load the app in each worker: one engine (and connection pool) per process, never shared
# across a fork.
preload_app = False
# The application writes its own structured access log.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "shopfloor")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Gunicorn 27 opens a control socket at a fixed path in the home folder by default, so two
# instances on one machine would fight over it. Off unless a path is given; then each
# instance must get its own path.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if _control_socket:
    control_socket = _control_socket
else:
    control_socket_disable = True

# SO_REUSEPORT lets a new instance bind while an old one drains (blue/green restarts).
reuse_port = _bool("GUNICORN_REUSE_PORT", False)

# Python's cyclic garbage collector runs its youngest generation every 700 new container
# objects, and a request creates thousands (SQLAlchemy sessions, pydantic models, dicts), so
# at the default the collector costs about a tenth of a by-id read's CPU. Each worker raises
# the threshold once the application is loaded, and freezes what loading created (modules,
# routes, schemas: about 150,000 objects that live as long as the process), so the rare full
# collections do not walk them again. `0` keeps Python's default threshold.
gc_threshold = _int("GUNICORN_GC_THRESHOLD", 10_000)


def post_worker_init(worker: object) -> None:
    gc.collect()
    gc.freeze()
    if gc_threshold > 0:
        _, middle, oldest = gc.get_threshold()
        gc.set_threshold(gc_threshold, middle, oldest)
