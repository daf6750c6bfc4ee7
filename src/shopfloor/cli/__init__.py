"""The `shopfloor` command line (Typer). Heavy imports happen inside the commands."""
