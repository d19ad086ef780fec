"""Product-rule settings: one block, every number overridable by an environment variable."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PRODUCT_RULES = {
    "CONNECTIONS_MAX_PER_MEMBER": 30_000,
    "CONNECTIONS_WARNING_AT": 29_000,
    "INVITATION_NOTE_MAX_LENGTH": 300,
    "INVITATIONS_WEEKLY_LIMIT": 100,
    "INVITATIONS_PENDING_LIMIT": 500,
    "REINVITE_COOLDOWN_DAYS": 21,
    "INVITATION_EXPIRY_DAYS": 180,
    "DONT_KNOW_STRIKES_LIMIT": 5,
    "MESSAGE_MAX_LENGTH": 8000,
    "CONVERSATION_MAX_PARTICIPANTS": 50,
    "POST_MAX_LENGTH": 3000,
    "COMMENT_MAX_LENGTH": 1250,
    "GROUP_MANAGERS_MAX": 10,
    "GROUPS_PER_MEMBER_MAX": 100,
}
ROOT = Path(__file__).resolve().parent.parent


def test_defaults_match_the_product() -> None:
    for name, default in PRODUCT_RULES.items():
        if name in os.environ:
            continue
        assert getattr(settings, name) == default, name


def test_rules_live_in_one_block() -> None:
    text = (ROOT / "config" / "settings" / "base.py").read_text()
    block = text.split("# PRODUCT RULES", 1)[1]
    for name in PRODUCT_RULES:
        assert f'{name} = env.int("{name}"' in block, name


def test_every_rule_is_overridable_by_environment() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    env.update({name: str(default + 7) for name, default in PRODUCT_RULES.items()})
    env.update({"SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "example.com"})
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(','.join(str(getattr(settings, n)) for n in {list(PRODUCT_RULES)!r}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert output.split(",") == [str(default + 7) for default in PRODUCT_RULES.values()]
