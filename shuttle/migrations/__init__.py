"""Alembic migrations."""

# The newest migration (tests/test_migrations.py checks it is Alembic's head): serving compares
# the database with it without importing Alembic.
HEAD = "0012"
