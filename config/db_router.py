"""The database router: lag-tolerant reads of a safe request to its replica (core.replicas)."""

from typing import Any

from core.replicas import PRIMARY, read_alias


class ReplicaRouter:
    """Writes and migrations on the primary; ORM reads where `core.replicas.read_alias()` says
    (the primary inside any transaction on it, and outside requests)."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY
