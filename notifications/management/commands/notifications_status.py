"""How notification delivery is doing: what waits, what is stuck, what failed.

With --check it exits with status 1 when anything failed or has waited too
long, for a monitoring probe; --requeue-failed gives failed e-mails another go.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from core.mail import claim_lease
from notifications.choices import Delivery
from notifications.models import Notification
from notifications.services import queue_delivery

# Several sweeps (every two minutes, re-queuing after five) have had their
# chance by then: a notification still pending is stuck, not just queued.
STALE_AFTER = datetime.timedelta(minutes=30)
LISTED_FAILURES = 100


class Command(BaseCommand):
    help = "Report pending, sending, failed and digest-waiting notifications."

    def add_arguments(self, parser):
        parser.add_argument("--failed", action="store_true", help="List the failed notifications.")
        parser.add_argument(
            "--requeue-failed",
            action="store_true",
            help="Set failed notifications back to pending and queue their e-mails.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit with status 1 if any notification failed or is stuck.",
        )

    def handle(self, *args, failed, requeue_failed, check, **options):
        if requeue_failed:
            self._requeue_failed()
        now = timezone.now()
        counts = dict(
            Notification.objects.order_by()
            .values_list("delivery")
            .annotate(n=Count("pk"))
            .values_list("delivery", "n")
        )
        for delivery in (Delivery.PENDING, Delivery.SENDING, Delivery.DIGEST, Delivery.FAILED):
            self.stdout.write(f"{delivery.value}: {counts.get(delivery, 0)}")
        oldest = Notification.objects.filter(delivery=Delivery.PENDING).aggregate(
            oldest=Min("created_at")
        )["oldest"]
        age = now - oldest if oldest else None
        self.stdout.write(f"oldest pending: {_minutes(age) if age else '-'}")
        stale = self._stale_count(now)
        self.stdout.write(f"stuck (pending over {_minutes(STALE_AFTER)} or claim expired): {stale}")
        if failed:
            self._list_failed()
        if check and (counts.get(Delivery.FAILED, 0) or stale):
            raise CommandError("Notifications failed or are stuck.")

    def _stale_count(self, now):
        pending = Notification.objects.filter(
            delivery=Delivery.PENDING, created_at__lt=now - STALE_AFTER
        )
        sending = Notification.objects.filter(delivery=Delivery.SENDING).filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - claim_lease())
        )
        return pending.count() + sending.count()

    def _list_failed(self):
        failures = (
            Notification.objects.filter(delivery=Delivery.FAILED)
            .select_related("recipient")
            .order_by("created_at")[:LISTED_FAILURES]
        )
        for n in failures:
            self.stdout.write(
                f"#{n.pk} {n.created_at:%Y-%m-%d %H:%M} {n.kind} to {n.recipient.email} "
                f"after {n.delivery_attempts} attempt(s): {n.message}"
            )

    def _requeue_failed(self):
        with transaction.atomic():
            failed = Notification.objects.select_for_update().filter(delivery=Delivery.FAILED)
            ids = list(failed.values_list("pk", flat=True))
            Notification.objects.filter(pk__in=ids).update(delivery=Delivery.PENDING)
            transaction.on_commit(lambda: queue_delivery(ids))
        self.stdout.write(f"requeued: {len(ids)}")


def _minutes(delta):
    return f"{int(delta.total_seconds() // 60)} min"
