"""A connection made in another OS process shows here within a second, through the change
channel: this process trusts its snapshot and local arrays without reading versions, so only
the published change can tell it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

import graphcache as graph
from accounts.models import User
from graphcache import snapshot
from network.selectors import nearness_for
from tests.factories import UserFactory
from tests.helpers import until

ROOT = Path(__file__).resolve().parent.parent.parent
CONNECT = """
import sys
import django
from django.conf import settings
settings.DATABASES["default"]["NAME"] = sys.argv[1]
django.setup()
from django.db import transaction
from accounts.models import User
from connections import services
first, second = (User.objects.get(pk=int(pk)) for pk in sys.argv[2:4])
with transaction.atomic():
    outcome = services.invitation_send(sender=first, recipient_id=second.pk)
    services.invitation_accept(recipient=second, invitation_id=outcome.invitation.pk)
"""


@pytest.mark.django_db(transaction=True)
def test_a_connection_made_in_another_process_shows_here_within_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, redis_reads: list[list[str]]
) -> None:
    monkeypatch.setattr(settings, "GRAPH_SNAPSHOT_DIR", tmp_path)
    ana, bruno = UserFactory.create_batch(2)
    until(graph.local.trusting)  # this process's listener is subscribed
    built = snapshot.build()
    until(lambda: (o := snapshot.current.opened) is not None and o.name == built.name)
    graph.second_degree(ana.pk)  # built, as a worker would after the first page
    assert nearness_for(ana, [bruno.pk])[bruno.pk].degree is None
    redis_reads.clear()
    assert nearness_for(ana, [bruno.pk])[bruno.pk].degree is None
    assert redis_reads == []  # served from the snapshot and this process's arrays alone
    subprocess.run(  # our own interpreter and code
        [
            sys.executable,
            "-c",
            CONNECT,
            connection.settings_dict["NAME"],
            str(ana.pk),
            str(bruno.pk),
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=True,
        timeout=60,
    )
    committed = time.monotonic()
    until(lambda: nearness_for(ana, [bruno.pk])[bruno.pk].degree == 1, timeout=1.0)
    assert time.monotonic() - committed < 1.0
    assert nearness_for(User.objects.get(pk=bruno.pk), [ana.pk])[ana.pk].degree == 1
