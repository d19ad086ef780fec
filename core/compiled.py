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

A list reads its pages through `bind`: the statement with its values, which Django's paginator
slices (`LIMIT`/`OFFSET` as parameters) and counts (the same statement unordered, counted), so
a paginated list compiles once too:

    page = Paginator(connections.bind(member=7), 25).page(2)
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


Slots = list[tuple[str | None, Any]]  # each parameter: its placeholder's name, or a constant


class CompiledQuery:
    def __init__(
        self,
        build: Callable[..., QuerySet[Any, Any]],
        *,
        counted: Callable[..., QuerySet[Any, Any]] | None = None,
        **placeholders: Any,
    ) -> None:
        """`counted` builds the rows to count when they need fewer joins than the rows to
        show (the same rows, by the same placeholders; `build`'s own rows by default)."""
        self._build = build
        self._build_counted = counted or build
        self._placeholders = placeholders

    @cached_property
    def _compiled(self) -> tuple[type[models.Model], str, Slots]:
        return self._compile(self._build(**self._placeholders))

    @cached_property
    def _counted(self) -> tuple[type[models.Model], str, Slots]:
        """`SELECT COUNT(*)` of the same rows, unordered (no sort for a count)."""
        model, sql, slots = self._compile(self._build_counted(**self._placeholders).order_by())
        # The inner SQL is the ORM's own, every value a parameter.
        return model, f"SELECT COUNT(*) FROM ({sql}) AS counted", slots  # noqa: S608

    def _compile(self, queryset: QuerySet[Any, Any]) -> tuple[type[models.Model], str, Slots]:
        if queryset.query.is_sliced:
            raise ValueError("a compiled statement is unsliced: its pages come from bind()")
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
        return _run(self._compiled, using, values)

    def instances(self, *, using: str | None = None, **values: Any) -> list[Any]:
        """The statement's rows as model instances (`Model.from_db`, as the ORM makes them),
        for a queryset of whole rows: no values(), annotations, related or deferred fields."""
        model, _, _ = compiled = self._compiled
        if not self._whole_rows:
            raise ValueError("instances() needs a queryset of whole rows of one model")
        alias = using or router.db_for_read(model)
        names = [field.attname for field in model._meta.concrete_fields]
        return [model.from_db(alias, names, row) for row in _run(compiled, alias, values)]

    @cached_property
    def _whole_rows(self) -> bool:
        query = self._build(**self._placeholders).query
        return not (
            query.values_select
            or query.annotations
            or query.extra
            or query.select_related
            or query.deferred_loading[0]
        )

    def count(self, *, using: str | None = None, **values: Any) -> int:
        """How many rows the statement has for these values."""
        return int(_run(self._counted, using, values)[0][0])

    def bind(self, *, using: str | None = None, **values: Any) -> "BoundRows":
        """The statement with these values, for a paginator to count and slice."""
        return BoundRows(self, using, values)


def _run(
    compiled: tuple[type[models.Model], str, Slots],
    using: str | None,
    values: dict[str, Any],
    suffix: str = "",
    extra: tuple[Any, ...] = (),
) -> list[tuple[Any, ...]]:
    model, sql, slots = compiled
    params = [values[name] if name else constant for name, constant in slots]
    alias = using or router.db_for_read(model)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql + suffix, (*params, *extra))
        return cursor.fetchall()


class BoundRows:
    """A compiled statement with its values: what Django's `Paginator` needs of a list
    (`count()`, slices, `ordered`), each slice one statement with `LIMIT` and `OFFSET`."""

    ordered = True  # the lists' statements end with their ORDER BY

    def __init__(self, query: CompiledQuery, using: str | None, values: dict[str, Any]) -> None:
        self._query = query
        self._using = using
        self._values = values

    def count(self) -> int:
        return self._query.count(using=self._using, **self._values)

    def __getitem__(self, window: slice) -> list[tuple[Any, ...]]:
        if not isinstance(window, slice) or window.step is not None or window.stop is None:
            raise TypeError("a compiled list is read in pages: rows[start:stop]")
        start = window.start or 0
        return _run(
            self._query._compiled,
            self._using,
            self._values,
            " LIMIT %s OFFSET %s",
            (max(window.stop - start, 0), start),
        )
