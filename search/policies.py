"""May this member search now? Scoped rate limits on people search and typeahead, one counter
per member for the pages and the API (SEARCH_PEOPLE_RATE, SEARCH_TYPEAHEAD_RATE)."""

from django.conf import settings

from accounts.exceptions import RateLimited
from accounts.models import User
from core.exceptions import DomainError
from core.ratelimits import Rate, RateUsage, parse_rate, rate_hit, rate_usage

PEOPLE_SCOPE = "search_people"
TYPEAHEAD_SCOPE = "search_typeahead"


def people_search_rate() -> Rate:
    """Return the people-search rate per member (SEARCH_PEOPLE_RATE), read now."""
    return parse_rate(settings.SEARCH_PEOPLE_RATE)


def typeahead_rate() -> Rate:
    """Return the typeahead rate per member (SEARCH_TYPEAHEAD_RATE), read now."""
    return parse_rate(settings.SEARCH_TYPEAHEAD_RATE)


def _refusal(rate: Rate, wait: int, what: str) -> DomainError:
    return RateLimited(
        f"You are {what} too fast (at most {rate.limit} a {rate.period_name}). "
        f"Try again in {wait} second{'s' if wait != 1 else ''}.",
        retry_after=wait,
    )


def people_search_rate_block_reason(member: User) -> DomainError | None:
    """Count one people search by the member and refuse it past the rate, or return None."""
    rate = people_search_rate()
    wait = rate_hit(PEOPLE_SCOPE, member.pk, rate)
    return None if wait is None else _refusal(rate, wait, "searching")


def typeahead_rate_block_reason(member: User) -> DomainError | None:
    """Count one typeahead lookup by the member and refuse it past the rate, or return None."""
    rate = typeahead_rate()
    wait = rate_hit(TYPEAHEAD_SCOPE, member.pk, rate)
    return None if wait is None else _refusal(rate, wait, "looking up names")


def search_rate_usage(member: User) -> list[RateUsage]:
    """Where the member stands against the search limits (me/limits, the limits panel)."""
    return [
        rate_usage(PEOPLE_SCOPE, member.pk, people_search_rate()),
        rate_usage(TYPEAHEAD_SCOPE, member.pk, typeahead_rate()),
    ]
