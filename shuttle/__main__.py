"""`python -m shuttle` runs the command line."""

from shuttle.cli import app

app()
