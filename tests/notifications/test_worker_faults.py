"""Delivery through the real Redis broker and a real Celery worker, under faults.

The worker runs in a thread of the test process (so it shares the test
database and the locmem outbox) and consumes only a queue named after the
pytest-xdist worker, so parallel test processes never take each other's tasks.
"""

import datetime
import os
import time
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.urls import reverse
from django.utils import timezone

import notifications.tasks
from notifications.choices import Delivery, Kind
from notifications.models import Notification
from notifications.tasks import CLAIM_LEASE, SWEEP_AFTER, deliver_notification, sweep_undelivered
from s3p_portal.celery import app
from tests.notifications.factories import NotificationFactory
from tests.page_helpers import client_for
from tests.regions.factories import RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

# Nothing listens there: connections are refused at once.
CLOSED_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def queue():
    """Route every task to a queue of this test process only, empty before and after."""
    name = f"s3p-test-notifications-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    previous = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_default_queue, app.conf.task_always_eager = name, False
    _purge(name)
    yield name
    _purge(name)
    app.conf.task_default_queue, app.conf.task_always_eager = previous


def _purge(name):
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(name)


@pytest.fixture
def finished():
    """(task name, return value) of each task the worker finishes, in order."""
    results = []

    def record(sender=None, retval=None, **kwargs):
        results.append((sender.name, retval))

    task_postrun.connect(record, weak=False)
    yield results
    task_postrun.disconnect(record)


@contextmanager
def worker(queue):
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]):
        yield


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def deliveries(results):
    return [value for name, value in results if name == deliver_notification.name]


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


def age(notification, delta):
    """Move a notification back in time, as if `delta` had passed since it was written."""
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - delta,
        claimed_at=None if notification.claimed_at is None else timezone.now() - delta,
    )


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


def test_an_approval_over_http_is_emailed_by_the_worker(queue, finished, join_request, mailoutbox):
    request, lead = join_request

    assert approve(request, lead).status_code == 302

    with worker(queue):
        assert wait_for(lambda: "sent" in deliveries(finished))
    assert [email.to for email in mailoutbox] == [["applicant@example.eu"]]
    notification = Notification.objects.get(kind=Kind.JOIN_REQUEST_DECIDED)
    assert notification.delivery == Delivery.SENT


def test_a_notification_queued_twice_is_emailed_once(queue, finished, mailoutbox):
    notification = NotificationFactory()
    deliver_notification.delay(notification.pk)
    deliver_notification.delay(notification.pk)

    with worker(queue):
        assert wait_for(lambda: len(deliveries(finished)) == 2)

    assert sorted(deliveries(finished)) == ["already handled", "sent"]
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.delivery == Delivery.SENT
    assert notification.delivery_attempts == 1


def test_events_made_while_the_worker_is_down_are_each_emailed_once_it_starts(
    queue, finished, mailoutbox
):
    notifications = NotificationFactory.create_batch(5)
    for notification in notifications:
        deliver_notification.delay(notification.pk)

    with worker(queue):
        assert wait_for(lambda: len(deliveries(finished)) == 5)
        # What a sweep would re-queue meanwhile finds them handled.
        for notification in notifications:
            deliver_notification.delay(notification.pk)
        assert wait_for(lambda: len(deliveries(finished)) == 10)

    assert sorted({email.to[0] for email in mailoutbox}) == sorted(
        n.recipient.email for n in notifications
    )
    assert len(mailoutbox) == 5


def test_with_the_broker_down_the_request_succeeds_and_the_sweep_delivers_later(
    queue, finished, join_request, mailoutbox
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
    assert mailoutbox == []

    age(notification, SWEEP_AFTER + datetime.timedelta(minutes=1))
    with worker(queue):
        assert sweep_undelivered() == 1
        assert wait_for(lambda: "sent" in deliveries(finished))

    assert [email.to for email in mailoutbox] == [["applicant@example.eu"]]
    notification.refresh_from_db()
    assert notification.delivery == Delivery.SENT


class WorkerKilled(BaseException):
    """Not an Exception, so the task cannot catch it: the worker dies as if killed."""


def test_a_worker_dying_mid_task_loses_nothing_and_duplicates_nothing(
    queue, finished, mailoutbox, monkeypatch
):
    notification = NotificationFactory()

    def die(notification):
        raise WorkerKilled

    monkeypatch.setattr(notifications.tasks, "_send", die)
    deliver_notification.delay(notification.pk)
    with worker(queue):
        assert wait_for(lambda: deliveries(finished) or _delivery(notification) == "sending")
    monkeypatch.undo()
    # The claim was taken and nothing was sent.
    assert _delivery(notification) == Delivery.SENDING
    assert mailoutbox == []

    with worker(queue):
        # acks_late: the broker hands the unfinished task out again, and the
        # claim makes it a no-op while the lease runs.
        deliver_notification.delay(notification.pk)
        assert wait_for(lambda: "already handled" in deliveries(finished))
        assert mailoutbox == []
        # After the lease the sweep takes the claim back and e-mails it.
        age(notification, CLAIM_LEASE + datetime.timedelta(minutes=1))
        sweep_undelivered()
        assert wait_for(lambda: "sent" in deliveries(finished))

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.delivery == Delivery.SENT
    assert notification.delivery_attempts == 2


def _delivery(notification):
    return Notification.objects.values_list("delivery", flat=True).get(pk=notification.pk)
