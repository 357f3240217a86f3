"""Delivery through the real Redis broker and a real Celery worker process, under faults.

Each test starts `celery -A s3p_portal worker` as a separate process, pointed
at the test's database (PostgreSQL: SQLite's test database lives in the
memory of the test process) and at a queue of this pytest-xdist worker only,
so parallel test processes never take each other's tasks. The worker writes
its e-mails to files, which the tests read; they stop it as an operator does
(SIGTERM, warm shutdown) or as a crash does (SIGKILL).
"""

import ast
import email
import email.policy
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from contextlib import contextmanager, suppress
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications.choices import Delivery, Kind
from notifications.models import Notification
from notifications.services import queue_delivery
from notifications.tasks import deliver_notification, sweep_undelivered
from s3p_portal import queues
from s3p_portal.celery import app
from tests.notifications.factories import NotificationFactory
from tests.page_helpers import client_for
from tests.regions.factories import RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory

# Transactional, because the worker process sees only committed data.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

# Nothing listens there: connections are refused at once.
CLOSED_BROKER = "redis://127.0.0.1:1/0"
# The worker's NOTIFICATIONS_CLAIM_LEASE, in seconds: short, so that the test
# that kills a worker need not wait ten minutes for the sweep to take back
# the claim of the e-mail it was sending.
CLAIM_LEASE = 2
# What Django's file-based backend writes after each message.
SEPARATOR = b"\n" + b"-" * 79 + b"\n"
RESULT = re.compile(r"Task notifications\.tasks\.(\w+)\[[^\]]+\] succeeded in [^:]+: (.*)$")


class Worker:
    """`celery worker` in a process group of its own, consuming the test's queues.

    Its e-mails go to files in `mail`; each start logs to a new file, read
    for readiness and for the results of the tasks it ran.
    """

    def __init__(self, queue, folder):
        self.queue, self.folder, self.mail = queue, folder, folder / "mail"
        self.process = None
        self.logs = []

    def start(self, email_delay=0.0, sent_delay=0.0, timeout=30.0):
        assert self.process is None, "the worker is already running"
        log = self.folder / f"worker-{len(self.logs)}.log"
        self.logs.append(log)
        command = [
            *(sys.executable, "-m", "celery", "-A", "s3p_portal", "worker"),
            *("--pool", "solo", "--concurrency", "1", "--loglevel", "info"),
            # Without --queues: every queue named after its default queue
            # (s3p_portal/queues.py), as a worker started in development.
            *("--hostname", f"{self.queue}@%h"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        with log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 (our own command line)
                command,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=self._environment(email_delay, sent_delay),
                cwd=settings.BASE_DIR,
                start_new_session=True,
            )
        # Logged when the worker sends `worker_ready`, its consumers started.
        started = wait_for(lambda: " ready." in self.output() or not self.running(), timeout)
        if not started or not self.running():
            self.stop()
            pytest.fail(f"The worker did not start:\n{log.read_text()}")

    def _environment(self, email_delay, sent_delay):
        return {
            **os.environ,
            "DATABASE_URL": _database_url(connection.settings_dict),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            # What the sweep queues goes to this test's queues too.
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "EMAIL_BACKEND": "tests.notifications.mail_backends.SlowFileBackend",
            "EMAIL_FILE_PATH": str(self.mail),
            "S3P_TEST_EMAIL_DELAY": str(email_delay),
            "S3P_TEST_SENT_DELAY": str(sent_delay),
            # The lease must outlast EMAIL_TIMEOUT; no file write takes a second.
            "EMAIL_TIMEOUT": "1",
            "NOTIFICATIONS_CLAIM_LEASE": str(CLAIM_LEASE),
            # The sweep takes every pending notification, however recent.
            "NOTIFICATIONS_SWEEP_AFTER": "0",
            "PYTHONPATH": str(settings.BASE_DIR),
            "PYTHONUNBUFFERED": "1",
        }

    def stop(self, timeout=20.0):
        """Warm shutdown: the worker finishes the task at hand, then exits."""
        if self.process is None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None

    def kill(self):
        """What a crash or the OOM killer does: no chance to finish, acknowledge or clean up."""
        self._signal(signal.SIGKILL)
        self.process.wait()
        self.process = None

    def running(self):
        return self.process is not None and self.process.poll() is None

    def _signal(self, signum):
        # ProcessLookupError: the whole group has exited already.
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def output(self):
        return self.logs[-1].read_text(errors="replace")

    def results(self, task):
        """The return value of each `task` the worker processes ran, in order."""
        found = []
        for log in self.logs:
            for line in log.read_text(errors="replace").splitlines():
                match = RESULT.search(line)
                if match and match[1] == task:
                    found.append(ast.literal_eval(match[2]))
        return found

    def _written(self):
        # The backend names its files by the second and by the id() of its
        # instance, so two e-mails can share a file: count messages, not files.
        if not self.mail.is_dir():
            return b""
        return b"".join(path.read_bytes() for path in sorted(self.mail.iterdir()))

    def email_count(self):
        return self._written().count(SEPARATOR)

    def emails(self):
        raw = self._written().split(SEPARATOR)[:-1]
        return [email.message_from_bytes(message, policy=email.policy.default) for message in raw]


def _database_url(database):
    user = quote(database["USER"], safe="")
    if database["PASSWORD"]:
        user += ":" + quote(database["PASSWORD"], safe="")
    host = quote(database["HOST"] or "localhost", safe="")
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{user}@{host}{port}/{quote(database['NAME'], safe='')}"


@pytest.fixture
def queue():
    """Route every task to the queue of its kind among queues of this test process
    only (named after `name`), empty before and after."""
    name = f"s3p-test-notifications-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    previous = {
        key: app.conf[key] for key in ("task_default_queue", "task_routes", "task_always_eager")
    }
    # Through update(): Celery rebuilds its router then, not on an attribute set.
    app.conf.update(
        task_default_queue=name, task_routes=queues.task_routes(name), task_always_eager=False
    )
    _purge(name)
    yield name
    _purge(name)
    app.conf.update(previous)


def _purge(name):
    """Empty the queues, and drop what a killed worker took from them without acknowledging.

    Redis would otherwise put those messages back into a queue after the
    visibility timeout (an hour), in the middle of some later test.
    """
    names = queues.queue_names(name)
    with app.connection_for_write() as broker:
        channel = broker.default_channel
        for queue_name in names:
            channel.queue_purge(queue_name)
        client = channel.client
        for tag, message in client.hgetall(channel.unacked_key).items():
            _body, _exchange, routing_key = json.loads(message)
            if routing_key in names:
                client.hdel(channel.unacked_key, tag)
                client.zrem(channel.unacked_index_key, tag)


def queued(name):
    """Tasks waiting in each queue named after `name` (Redis lists: an empty one has no key)."""
    with app.connection_for_write() as broker:
        channel = broker.default_channel
        return {
            queue_name: channel.client.llen(queue_name) for queue_name in queues.queue_names(name)
        }


@pytest.fixture
def worker(queue, tmp_path):
    worker = Worker(queue, tmp_path)
    yield worker
    worker.stop()


def wait_for(condition, timeout=20.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


@contextmanager
def broker_at(url):
    """Point the web side's Celery app at another broker URL, then back."""
    previous = app.conf.broker_url
    _use_broker(url)
    try:
        yield
    finally:
        _use_broker(previous)


def _use_broker(url):
    # Celery takes its connection and producer pools (kombu keeps one per
    # URL) on first use; dropping the app's references, as Celery does after
    # a fork, makes the next task use the pool of the new URL.
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def join_request():
    """A pending request to join an area, with the lead who decides and the applicant."""
    lead_region, applicant_region = RegionFactory(), RegionFactory()
    area = AreaFactory(lead=lead_region)
    applicant = representative_of(applicant_region, user__email="applicant@example.eu")
    request = AreaJoinRequestFactory(area=area, region=applicant_region, requested_by=applicant)
    return request, representative_of(lead_region)


def approve(join_request, lead):
    url = reverse("thematic_areas:join_request_approve", args=[join_request.pk])
    return client_for(lead).post(url)


def deliveries():
    return Counter(Notification.objects.values_list("delivery", flat=True))


def assert_one_message_id_per_notification(emails, notifications):
    """Every notification has a Message-ID of its own, which a duplicate e-mail repeats.

    Each notification here goes to a recipient of its own, so the e-mails to
    one address are that notification's original and any duplicate.
    """
    message_ids = defaultdict(set)
    for message in emails:
        message_ids[message["To"]].add(message["Message-ID"])
    assert sorted(message_ids) == sorted(n.recipient.email for n in notifications)
    assert all(len(ids) == 1 for ids in message_ids.values())
    assert len({message["Message-ID"] for message in emails}) == len(notifications)


def test_an_approval_over_http_is_emailed_by_the_worker_process(worker, join_request):
    request, lead = join_request
    worker.start()

    assert approve(request, lead).status_code == 302

    assert wait_for(lambda: worker.email_count() == 1)
    worker.stop()
    notification = Notification.objects.get(kind=Kind.JOIN_REQUEST_DECIDED)
    [message] = worker.emails()
    assert message["To"] == "applicant@example.eu"
    # Django folds the encoded subject onto the next line; the parser keeps the fold's space.
    assert message["Subject"].strip() == f"[S3P] {notification.message[:120]}"
    assert notification.delivery == Delivery.SENT
    assert worker.results("deliver_notification") == ["sent"]


def test_events_made_while_the_worker_is_down_are_each_emailed_once_it_starts(worker, queue):
    # Beat goes on queuing the sweep while the worker is down.
    sweep_undelivered.delay()
    notifications = NotificationFactory.create_batch(5)
    queue_delivery([n.pk for n in notifications])
    # One task for the five: the worker queues each e-mail's own.
    assert queued(queue) == {
        queue: 0,
        f"{queue}.email": 1,
        f"{queue}.digests": 0,
        f"{queue}.computations": 1,
    }
    assert deliveries() == {Delivery.PENDING: 5}

    worker.start()

    # The sweep and the e-mails are on queues of their own, taken in either
    # order: the sweep queues again each notification still pending then.
    assert wait_for(
        lambda: deliveries() == {Delivery.SENT: 5} and worker.results("sweep_undelivered")
    )
    [swept] = worker.results("sweep_undelivered")
    assert wait_for(lambda: len(worker.results("deliver_notification")) == 5 + swept)
    worker.stop()
    assert sorted(worker.results("deliver_notification")) == (
        ["already handled"] * swept + ["sent"] * 5
    )
    assert sorted(message["To"] for message in worker.emails()) == sorted(
        n.recipient.email for n in notifications
    )
    assert_one_message_id_per_notification(worker.emails(), notifications)
    attempts = Notification.objects.values_list("delivery", "delivery_attempts")
    assert Counter(attempts) == {(Delivery.SENT, 1): 5}


def test_with_the_broker_down_the_request_succeeds_and_the_sweep_delivers_later(
    worker, join_request
):
    request, lead = join_request

    with broker_at(CLOSED_BROKER):
        started = time.monotonic()
        response = approve(request, lead)
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 5
    notification = Notification.objects.get(kind=Kind.JOIN_REQUEST_DECIDED)
    assert notification.delivery == Delivery.PENDING

    # The broker is back; beat's next sweep runs on the worker.
    worker.start()
    sweep_undelivered.delay()

    assert wait_for(lambda: worker.email_count() == 1)
    worker.stop()
    assert [message["To"] for message in worker.emails()] == ["applicant@example.eu"]
    assert worker.results("sweep_undelivered") == [1]
    notification.refresh_from_db()
    assert notification.delivery == Delivery.SENT


def test_killing_the_worker_mid_batch_loses_nothing_and_duplicates_nothing(worker):
    notifications = NotificationFactory.create_batch(30)
    queue_delivery([n.pk for n in notifications])
    send_time = 0.2
    worker.start(email_delay=send_time)

    assert wait_for(lambda: worker.email_count() >= 10, interval=0.01)
    # Kill the worker in the middle of sending the next e-mail, not in the
    # few milliseconds between writing one and marking it sent. A kill
    # there makes a duplicate: the sweep sends that e-mail again once the
    # lease is over, with the same Message-ID (see deliver_notification and
    # the next test, which kills the worker there on purpose). Measured with 30
    # notifications and 50 ms sends: 12 of 15 kills aimed just after a write
    # caught that moment, and the recovery then gave 31 e-mails for 30
    # notifications; 0 of 25 kills at a random moment did. Half a send after
    # the write is far from that moment, and from the next write.
    time.sleep(send_time / 2)
    worker.kill()

    written = worker.email_count()
    assert 10 <= written < 30
    assert deliveries() == {
        Delivery.SENT: written,
        Delivery.SENDING: 1,
        Delivery.PENDING: 30 - written - 1,
    }
    interrupted = Notification.objects.get(delivery=Delivery.SENDING)

    worker.start()
    # The broker hands out the unacknowledged task again (after its
    # visibility timeout); while the claim holds, that is a no-op.
    deliver_notification.delay(interrupted.pk)
    assert wait_for(lambda: worker.results("deliver_notification").count("already handled") == 1)
    assert deliveries() == {Delivery.SENT: 29, Delivery.SENDING: 1}

    # Once the lease is over, the sweep takes the claim back and queues the e-mail again.
    lease_over = interrupted.claimed_at + timezone.timedelta(seconds=CLAIM_LEASE)
    time.sleep(max(0.0, (lease_over - timezone.now()).total_seconds()) + 0.1)
    sweep_undelivered.delay()
    assert wait_for(lambda: deliveries() == {Delivery.SENT: 30})
    worker.stop()

    assert worker.results("sweep_undelivered") == [1]
    assert worker.email_count() == 30
    assert sorted(message["To"] for message in worker.emails()) == sorted(
        n.recipient.email for n in notifications
    )
    assert_one_message_id_per_notification(worker.emails(), notifications)
    interrupted.refresh_from_db()
    assert interrupted.delivery_attempts == 2


def test_a_worker_killed_after_sending_and_before_marking_sent_resends_the_same_message_id(
    worker,
):
    notifications = NotificationFactory.create_batch(3)
    # The window between the mail server taking an e-mail and the SENT
    # update, a few milliseconds in production, lasts a minute here.
    worker.start(sent_delay=60)
    queue_delivery([n.pk for n in notifications])

    assert wait_for(lambda: worker.email_count() == 1, interval=0.01)
    worker.kill()

    assert worker.email_count() == 1
    assert deliveries() == {Delivery.SENDING: 1, Delivery.PENDING: 2}
    interrupted = Notification.objects.get(delivery=Delivery.SENDING)
    worker.start()
    assert wait_for(lambda: deliveries() == {Delivery.SENDING: 1, Delivery.SENT: 2})
    lease_over = interrupted.claimed_at + timezone.timedelta(seconds=CLAIM_LEASE)
    time.sleep(max(0.0, (lease_over - timezone.now()).total_seconds()) + 0.1)
    sweep_undelivered.delay()
    assert wait_for(lambda: deliveries() == {Delivery.SENT: 3})
    worker.stop()

    # Four e-mails for three notifications: the interrupted one went out
    # twice, both times with its Message-ID, so the recipient's mail system
    # shows it once.
    emails = worker.emails()
    assert Counter(message["To"] for message in emails) == {
        n.recipient.email: 2 if n == interrupted else 1 for n in notifications
    }
    assert_one_message_id_per_notification(emails, notifications)
