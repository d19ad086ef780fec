"""Statements compiled once per process from a queryset, then run with new values.

Building a queryset and compiling it to SQL costs Django more than PostgreSQL takes to run a
short statement (a 25-row page: 1.8 of its 3.0 ms; docs/benchmarks.md, "Every list fast"). For
a statement every list runs with only its ids changing, `CompiledQuery` builds the queryset
once, from placeholder values no row has, finds where each placeholder went among the
statement's parameters, and from then on runs the same SQL with the call's values in those
places: the rule stays written once, as a queryset, and the ORM compiles it once.

    pending = CompiledQuery(
        lambda viewer, ids: Invitation.objects.filter(sender_id=viewer, recipient_id__any=ids),
        viewer=-1, ids=[-2],
    )
    pending.rows(viewer=7, ids=[8, 9])     # the rows of the queryset's values_list, as tuples

Only what the placeholders stand for may vary between calls (ids, a cutoff time); the shape of
the statement is fixed at the first call, so every list-valued placeholder must be a whole
array (the `any` lookup below), never an `IN` of one parameter per item.
"""

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.db import connections, models, router
from django.db.models import QuerySet


class AnyOf(models.Lookup):
    """`field__any=[1, 2, 3]`: `field = ANY(%s)` with the list as one array parameter, so the
    statement has one shape whatever the list's length (an empty list matches nothing)."""

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)

    def get_db_prep_lookup(self, value: Any, connection: Any) -> Any:
        return "%s", (list(value),)


# On every field, and on foreign keys (which look up their own lookups first): `other_id__any`.
models.Field.register_lookup(AnyOf)
models.ForeignObject.register_lookup(AnyOf)


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet[Any, Any]], **placeholders: Any) -> None:
        self._build = build
        self._placeholders = placeholders

    @cached_property
    def _compiled(self) -> tuple[type[models.Model], str, list[tuple[str | None, Any]]]:
        queryset = self._build(**self._placeholders)
        sql, params = queryset.query.sql_with_params()
        slots: list[tuple[str | None, Any]] = []
        for param in params:
            name = next((key for key, value in self._placeholders.items() if param == value), None)
            slots.append((name, None if name else param))
        missing = set(self._placeholders) - {name for name, _ in slots}
        if missing:
            raise ValueError(f"placeholders not in the statement: {sorted(missing)}: {sql}")
        return queryset.model, sql, slots

    def rows(self, *, using: str | None = None, **values: Any) -> list[tuple[Any, ...]]:
        """The statement's rows for these values, read on the database `using`, else where
        the ORM would read the model (the replica router decides, as for the queryset)."""
        model, sql, slots = self._compiled
        params = [values[name] if name else constant for name, constant in slots]
        alias = using or router.db_for_read(model)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
