"""`python -m bench_support` (with `scripts/` on the path): the benchmark's entry point."""

from bench_support.run import main

raise SystemExit(main())
