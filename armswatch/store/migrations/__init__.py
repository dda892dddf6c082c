"""Alembic migrations of the store; run by SqlStore.upgrade() (`armswatch db upgrade`), never by an alembic.ini."""
