"""The inbox tests use the store tests' databases: SQLite on tmp_path and PostgreSQL."""

from tests.adapters.conftest import database, postgres_database, postgres_user  # noqa: F401
