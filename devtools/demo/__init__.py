"""The demo network: its login, its vocabularies and the seed that creates it."""

from devtools.demo.credentials import DEMO_EMAIL, DEMO_PASSWORD

__all__ = ("DEMO_EMAIL", "DEMO_PASSWORD")
