"""Pushed invalidation: one daemon thread per process listening on the change channel.

While the listener has heard from Redis within TRUST_WINDOW, arrays read after its subscription
are used without reading any version (graphcache.local_tier); losing the connection stops the
trust, empties the local tier and subscribes again.
"""

import logging
import os
import threading
import time

import redis
from django.conf import settings

from core.dependencies import log_outage
from graphcache import snapshot
from graphcache.channel import channel
from graphcache.local_tier import TRUST_WINDOW, local

logger = logging.getLogger(__name__)

PING_EVERY = 0.1  # s: how often the listener asks Redis whether it is still there
REFRESH_CHECK_EVERY = 60.0  # s: how often it asks whether this machine's snapshot is due


class Listener:
    """A daemon thread per process, subscribed to the change channel, applying each message to
    `local` and pinging Redis every PING_EVERY. Pub/sub delivers messages in order, so a
    pong means every change published before its ping has been applied: trusted arrays are
    at most TRUST_WINDOW behind. When the connection fails or goes quiet, trust lapses, the
    local tier is reset (messages may have been lost) and the thread subscribes again; reads
    meanwhile read versions, as they do with GRAPH_PUSHED_INVALIDATION off."""

    def __init__(self) -> None:
        self.pid = 0
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()  # a forked child starts its own (the parent's is not here)
            local.heard_at = float("-inf")
            if settings.GRAPH_PUSHED_INVALIDATION:
                thread = threading.Thread(target=self._run, name="graph-changes", daemon=True)
                thread.start()

    def _run(self) -> None:
        while True:
            try:
                self._listen()
            except Exception as error:  # any failure: stop trusting, subscribe again
                # At most one warning per OUTAGE_LOG_EVERY_SECONDS while Redis stays down.
                log_outage("redis", error, "(graph change channel lost; reading versions)")
            local.heard_at = float("-inf")
            snapshot.current.forget()
            local.reset()
            time.sleep(PING_EVERY)

    def _listen(self) -> None:
        redis_client = redis.Redis.from_url(
            settings.REDIS_URL,
            client_name=listener_name(),
            socket_timeout=2 * TRUST_WINDOW,
            socket_connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
        )
        pubsub = redis_client.pubsub()
        try:
            pubsub.subscribe(channel())
            subscribed, pinged, refreshed = False, 0.0, float("-inf")
            while True:
                now = time.monotonic()
                if subscribed and now - pinged >= PING_EVERY:
                    pubsub.ping()
                    pinged = now
                if subscribed and now - local.heard_at > 2 * TRUST_WINDOW:
                    raise TimeoutError("no answer from Redis")
                message = pubsub.get_message(timeout=PING_EVERY)
                if message is None:
                    continue
                if subscribed and now - refreshed >= REFRESH_CHECK_EVERY:
                    refreshed = now
                    snapshot.refresh_if_due()
                if message["type"] == "message":
                    local.apply(message["data"])
                elif message["type"] == "subscribe":
                    local.reset()  # whatever was read before subscribing is not trusted
                    snapshot.current.refresh()  # and what changed since the snapshot is read now
                    subscribed = True
                    local.heard_at = time.monotonic()
                elif message["type"] == "pong":
                    local.heard_at = time.monotonic()
        finally:
            pubsub.close()
            redis_client.close()


def listener_name() -> str:
    """The name this process's listener gives its Redis connection (CLIENT LIST shows it)."""
    return f"graph-changes-{os.getpid()}"


listener = Listener()
local.listener = listener  # the local tier starts it on first use in each process
