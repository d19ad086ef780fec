"""The demo logins printed by ./scripts/start and created by `manage.py seed_demo`."""

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - a published demo credential
# A staff member (same password) who sees the pending reports in Django admin's moderation.
MODERATOR_EMAIL = "moderator@example.com"
