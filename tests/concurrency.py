"""Run actions in threads released at the same moment, to provoke races on PostgreSQL."""

import threading

from django.db import connection


def run_at_once(*actions, timeout=30):
    """Run each action in its own thread, all released at once; return what each returned or raised.

    Each thread has its own database connection, which it closes at the end:
    a connection left open would keep the test database busy at teardown.
    """
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=timeout)
            outcomes[index] = action()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
        assert not thread.is_alive(), "a thread is still running: deadlock?"
    return outcomes
