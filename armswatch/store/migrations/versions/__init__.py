"""Revisions, oldest first; each creates or alters tables for both SQLite and PostgreSQL."""
