"""`python -m shopfloor.cli`, the same as the `shopfloor` command."""

from shopfloor.cli.app import main

main()
