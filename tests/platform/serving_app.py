"""The test modules as a server application: `gunicorn tests.platform.serving_app:app`.

Built exactly like `shopfloor.main:app` (settings from APP_ENV, the env file and the
environment) but with the test modules installed, so a gunicorn test can hold a request in
flight with beta's `pg_sleep` probe without adding such a route to the product.
"""

from shopfloor.core.registry import discover_modules
from shopfloor.main import create_app

app = create_app(modules=list(discover_modules("tests.platform.modules").values()))
