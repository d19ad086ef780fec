"""The demo network: its logins, its vocabularies and the seed that creates it."""

from devtools.demo.credentials import DEMO_EMAIL, DEMO_PASSWORD, MODERATOR_EMAIL

__all__ = ("DEMO_EMAIL", "DEMO_PASSWORD", "MODERATOR_EMAIL")
