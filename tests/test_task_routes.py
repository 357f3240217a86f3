"""Celery queues by kind of work (s3p_portal/queues.py): e-mail, digests, computations."""

import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core import mail as django_mail
from django.core.mail import EmailMessage

from core import mail
from core.tasks import heartbeat, send_outgoing_email
from notifications.tasks import deliver_notification, send_digest
from s3p_portal import queues
from s3p_portal.celery import app

# bench/ is not a package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import soak

ROOT = Path(__file__).resolve().parent.parent


def project_tasks():
    """Every task of the project's apps, as a worker registers them."""
    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def queue_of(task_name):
    return app.amqp.router.route({}, task_name)["queue"].name


def test_the_project_has_tasks_to_route():
    assert "notifications.tasks.deliver_notification" in project_tasks()


@pytest.mark.parametrize("task_name", project_tasks())
def test_every_task_of_the_project_has_a_route_to_a_declared_queue(task_name):
    declared = [queue.name for queue in settings.CELERY_TASK_QUEUES]

    assert task_name in settings.CELERY_TASK_ROUTES, f"add {task_name} to queues.TASK_KINDS"
    assert queue_of(task_name) in declared


def test_email_digests_and_computations_each_have_a_queue():
    assert queue_of(send_outgoing_email.name) == "celery.email"
    assert queue_of(deliver_notification.name) == "celery.email"
    assert queue_of(send_digest.name) == "celery.digests"
    assert queue_of("notifications.tasks.send_daily_digests") == "celery.digests"
    assert queue_of("notifications.tasks.sweep_undelivered") == "celery.computations"
    assert queue_of(heartbeat.name) == "celery"


def test_a_task_sent_to_one_queue_is_bound_to_that_queue_only():
    # A queue bound with the default routing key would receive every task of the default queue.
    declared = {queue.name: queue for queue in settings.CELERY_TASK_QUEUES}

    assert {name: queue.routing_key for name, queue in declared.items()} == {
        name: name for name in declared
    }
    assert len({queue.exchange.name for queue in declared.values()}) == len(declared)


def test_a_worker_started_without_queues_consumes_every_queue():
    consumed = set(app.amqp.Queues(settings.CELERY_TASK_QUEUES).consume_from)

    assert consumed == {"celery", "celery.email", "celery.digests", "celery.computations"}


def test_a_second_portal_on_the_same_redis_has_queues_of_its_own():
    routes = queues.task_routes("portal-b")

    assert {route["queue"] for route in routes.values()} <= set(queues.queue_names("portal-b"))
    assert not set(queues.queue_names("portal-b")) & set(queues.queue_names("celery"))


def test_beat_sends_a_heartbeat_to_every_queue():
    beats = [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == heartbeat.name
    ]

    assert sorted(entry["options"]["queue"] for entry in beats) == sorted(
        queues.queue_names(settings.CELERY_TASK_DEFAULT_QUEUE)
    )
    assert all(entry["args"] == [entry["options"]["queue"]] for entry in beats)


def test_the_soak_and_chaos_worker_consumes_every_queue():
    assert list(soak.QUEUES) == queues.queue_names("celery")


def test_in_the_embedded_mode_tasks_still_run_inline(eager_celery, db):
    mail.queue_email(EmailMessage("Hello", "Body", to=["someone@example.eu"]))

    assert [message.subject for message in django_mail.outbox] == ["Hello"]


def test_the_compose_workers_together_consume_every_queue():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    consumed = []
    for service in compose["services"].values():
        command = service.get("command")
        if isinstance(command, list) and "worker" in command:
            consumed += command[command.index("-Q") + 1].split(",")

    assert sorted(consumed) == sorted(queues.queue_names("celery"))
