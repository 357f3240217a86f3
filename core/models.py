"""The kernel's tables: the outbox of e-mails that are not notifications, and the words
of every row the global search finds."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .model_tools import unique_constraint


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutgoingEmail(models.Model):
    """An e-mail written by a request (a sign-up confirmation, a password reset, an
    invitation), kept until a worker has handed it to the mail server (`core.mail`).

    The request only writes this row: a mail server that is down makes no
    request fail, and nothing is lost. Each row is one recipient's message.
    """

    recipient = models.EmailField(_("recipient"), max_length=254)
    from_email = models.CharField(_("from"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            # The sweep: what waits, and claims older than the lease.
            models.Index(fields=["status", "created_at"], name="core_outbox_status"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"


class SearchEntry(models.Model):
    """The words of one row of a kind the global search finds (`core.searchable.Kind`).

    Written by PostgreSQL itself: a trigger on each searchable table
    (`core.db_operations.SearchEntries`) writes a row's entry in the
    statement that writes the row, whether a form, a service, an admin
    action, a bulk update or a script wrote it, so the search never finds a
    row other than as it is. Its title's words weigh more than the others'
    for the rank. One table with one index serves the search over every
    kind (`core.search_entries`); elsewhere than PostgreSQL it stays empty
    and the search reads the tables themselves.
    """

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    document = SearchVectorField()

    class Meta:
        constraints = [
            unique_constraint("kind", "object_id", name="one_per_row"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
