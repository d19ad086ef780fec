"""Running calls at the same moment in real threads, each with its own database connection."""

import threading
from collections import Counter
from collections.abc import Callable

from django.db import close_old_connections, connection

from core.exceptions import DomainError


def run_together(calls: list[Callable[[], object]]) -> Counter[str]:
    """Run the calls in parallel threads, released at once; count outcomes by error code
    ("ok", a DomainError's code, or "crash: ..." for anything else, which tests reject)."""
    barrier = threading.Barrier(len(calls))
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def worker(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            outcome = "ok"
        except DomainError as error:
            outcome = error.code
        except Exception as error:  # a deadlock or a bug lands here, as an outcome
            outcome = f"crash: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    return outcomes
