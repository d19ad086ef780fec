"""A server that accepts connections and never answers: it stands in for a PostgreSQL or a
Redis that hangs (a stuck process, a full backlog behind a load balancer, a black-holed
network path), which the refused-port and stopped-server tests cannot show."""

import socket
import threading
from types import TracebackType


class SilentServer:
    """Listens on a loopback port, accepts every connection, reads nothing, writes nothing,
    and keeps each one open until it stops."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self.port = int(self.listener.getsockname()[1])
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self) -> None:
        while True:
            try:
                peer, _ = self.listener.accept()
            except OSError:  # closed: stopping
                return
            self.accepted.append(peer)

    def __enter__(self) -> "SilentServer":
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.listener.close()
        for peer in self.accepted:
            peer.close()
        self._thread.join(timeout=5)
