"""The load benchmark behind `scripts/bench`: seed, serve with gunicorn, measure with wrk.

Run through `scripts/bench`, which installs the locked environment and wrk first; see
docs/performance.md for what is measured and the latest figures.
"""
