"""Plain rows for tests. State with invariants (connections) is built through services."""

from datetime import date, timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Education, Position, Profile, User

PASSWORD = "correct-horse-battery-staple"


class ProfileFactory(DjangoModelFactory[Profile]):
    class Meta:
        model = Profile
        django_get_or_create = ("member",)

    headline = factory.Faker("job")
    location = "Lisbon, Portugal"
    industry = "computer_software"
    current_company = factory.Faker("company")
    current_title = factory.Faker("job")


class EmailAddressFactory(DjangoModelFactory[EmailAddress]):
    """django-allauth's record of a member's address; confirmed unless told otherwise."""

    class Meta:
        model = EmailAddress

    email = factory.LazyAttribute(lambda address: address.user.email)
    verified = True
    primary = True


class UserFactory(DjangoModelFactory[User]):
    """A member of a month's standing (past the new-member invitation limit) with a profile
    and a confirmed email (`UserFactory(unconfirmed=True)`: not; `date_joined=timezone.now()`:
    a new member)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        unconfirmed = False

    email = factory.Sequence(lambda n: f"member{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)
    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="member")
    email_address = factory.RelatedFactory(
        EmailAddressFactory,
        factory_related_name="user",
        verified=factory.LazyAttribute(lambda address: not address.factory_parent.unconfirmed),
    )


class PositionFactory(DjangoModelFactory[Position]):
    class Meta:
        model = Position

    member = factory.SubFactory(UserFactory)
    company = factory.Faker("company")
    title = factory.Faker("job")
    # A month and a year, stored as the first of the month (accounts.Position).
    start_date = factory.Sequence(lambda n: date(2012 + n % 12, n % 12 + 1, 1))


class EducationFactory(DjangoModelFactory[Education]):
    class Meta:
        model = Education

    member = factory.SubFactory(UserFactory)
    school = "University of Lisbon"
    degree = "BSc"
    field_of_study = "Computer Science"
    start_year = 2010
    end_year = 2014
