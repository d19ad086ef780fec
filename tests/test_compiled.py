"""core.compiled: a queryset compiled once, run with new values, answers as the ORM does."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from accounts.models import User
from connections.models import Connection, Invitation
from core.compiled import CompiledQuery
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CUTOFF = datetime(1901, 1, 1, tzinfo=UTC)


def invitations_of(viewer: int, ids: list[int], since: datetime):
    return Invitation.objects.filter(
        sender_id=viewer, recipient_id__any=ids, created_at__gte=since
    ).values_list("recipient_id", "status")


def test_the_rows_are_the_orms_for_every_value_and_it_compiles_once(connect) -> None:
    ana, bo, cy, di = UserFactory.create_batch(4)
    for other in (bo, cy, di):
        Invitation.objects.create(sender=ana, recipient=other)
    Invitation.objects.filter(recipient=di).update(created_at=timezone.now() - timedelta(days=30))
    built: list[int] = []

    def build(viewer: int, ids: list[int], since: datetime):
        built.append(viewer)
        return invitations_of(viewer, ids, since)

    compiled = CompiledQuery(build, viewer=-1, ids=[-2], since=CUTOFF)
    week_ago = timezone.now() - timedelta(days=7)
    for viewer, ids, since in (
        (ana.pk, [bo.pk, cy.pk, di.pk], week_ago),
        (ana.pk, [cy.pk], week_ago),
        (ana.pk, [bo.pk, di.pk], timezone.now() - timedelta(days=60)),
        (bo.pk, [ana.pk], week_ago),
        (ana.pk, [], week_ago),  # an empty array matches nothing
    ):
        expected = sorted(invitations_of(viewer, ids, since))
        assert sorted(compiled.rows(viewer=viewer, ids=ids, since=since)) == expected
    assert built == [-1]  # one build, from the placeholders


def test_the_any_lookup_filters_as_in_does(connect) -> None:
    ana, bo, cy = UserFactory.create_batch(3)
    connect(ana, bo)
    connect(ana, cy)
    by_any = Connection.objects.filter(member=ana, other_id__any=[bo.pk, 10**9])
    by_in = Connection.objects.filter(member=ana, other_id__in=[bo.pk, 10**9])
    assert list(by_any.values_list("other_id", flat=True)) == [bo.pk]
    assert list(by_any) == list(by_in)
    assert not User.objects.filter(pk__any=[]).exists()


def test_a_placeholder_the_statement_does_not_use_is_refused() -> None:
    compiled = CompiledQuery(
        lambda viewer, unused: User.objects.filter(pk=viewer), viewer=-1, unused=-5
    )
    with pytest.raises(ValueError, match="unused"):
        compiled.rows(viewer=1, unused=2)


def test_bound_rows_page_and_count_as_the_orms_queryset(connect) -> None:
    ana, *others = UserFactory.create_batch(8)
    for other in others:
        connect(ana, other)

    def ordered(member: int):
        return (
            Connection.objects.filter(member_id=member)
            .order_by("-other_id")
            .values_list("other_id", "member_id")
        )

    compiled = CompiledQuery(ordered, member=-1)
    bound = compiled.bind(member=ana.pk)
    queryset = ordered(ana.pk)
    assert bound.count() == queryset.count() == 7
    for window in (slice(0, 3), slice(3, 6), slice(6, 9), slice(None, 25), slice(7, 9)):
        assert bound[window] == list(queryset[window])
    # Django's paginator reads it as it reads a queryset: count() and slices (the stubs ask
    # for a whole Sequence)
    page: Any = Paginator(bound, 3).page(2)  # type: ignore[arg-type]
    assert list(page) == list(queryset[3:6])
    assert page.paginator.count == 7
    assert compiled.bind(member=others[0].pk).count() == 1  # its one connection, to ana
    with pytest.raises(TypeError):
        bound[2]  # type: ignore[index]  # a compiled list is read in pages
    with pytest.raises(TypeError):
        bound[3:]


def test_a_sliced_queryset_is_refused() -> None:
    compiled = CompiledQuery(lambda viewer: User.objects.filter(pk=viewer)[:5], viewer=-1)
    with pytest.raises(ValueError, match="unsliced"):
        compiled.rows(viewer=1)


def test_instances_are_the_orms_models() -> None:
    ana, bo = UserFactory.create_batch(2)
    compiled = CompiledQuery(lambda member: User.objects.filter(pk=member), member=-1)
    (found,) = compiled.instances(member=bo.pk)
    expected = User.objects.get(pk=bo.pk)
    assert found == expected and found._state.adding is False
    fields = [field.attname for field in User._meta.concrete_fields]
    assert [getattr(found, name) for name in fields] == [getattr(expected, n) for n in fields]
    assert compiled.instances(member=10**12) == []
    annotated = CompiledQuery(
        lambda member: User.objects.filter(pk=member).select_related("profile"), member=-1
    )
    with pytest.raises(ValueError, match="whole rows"):
        annotated.instances(member=ana.pk)


def test_the_count_may_come_from_rows_of_fewer_joins(connect) -> None:
    ana, *others = UserFactory.create_batch(4)
    for other in others:
        connect(ana, other)
    compiled = CompiledQuery(
        lambda member: (
            Connection.objects.filter(member_id=member)
            .order_by("other__last_name", "other_id")
            .values_list("other_id", "other__first_name")
        ),
        counted=lambda member: Connection.objects.filter(member_id=member).values_list("pk"),
        member=-1,
    )
    bound = compiled.bind(member=ana.pk)
    assert bound.count() == 3
    assert "accounts_user" not in compiled._counted[1]  # the count reads connections alone
    assert [row[0] for row in bound[0:5]] == [
        other.pk for other in sorted(others, key=lambda o: (o.last_name, o.pk))
    ]
