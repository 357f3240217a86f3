from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.model_tools import unique_constraint

from .choices import Delivery, Frequency, Kind


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self):
        """Mark the unread ones read now; those read before keep their time."""
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """Something a user should know, written in the same transaction as its cause.

    `dedupe_key` is unique per recipient, so an event recorded twice (a retry,
    a double click) notifies once. Delivery by e-mail is tracked separately
    from reading it in the portal.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery, default=Delivery.PENDING)
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The digest ("daily" or "weekly") of the last claim, empty for an e-mail
    # of its own: a digest whose worker died is sent again as that digest.
    digest = models.CharField(max_length=12, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            # The user's notification list and unread count in the header.
            models.Index(fields=["recipient", "read_at"], name="notifications_recipient_read"),
            # The sweep: what is still waiting for delivery, oldest first.
            models.Index(
                fields=["created_at"],
                condition=models.Q(delivery__in=["pending", "sending"]),
                name="notifications_undelivered",
            ),
        ]
        constraints = [
            # The key first: `notify` asks which of an event's recipients have it
            # already, one range of the index for hundreds of recipients.
            unique_constraint("dedupe_key", "recipient", name="unique_dedupe"),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.message}"


class Preference(models.Model):
    """How a user wants to be e-mailed about one kind of notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    frequency = models.CharField(
        _("e-mail"), max_length=12, choices=Frequency, default=Frequency.IMMEDIATELY
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            unique_constraint("user", "kind", name="unique_kind"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} → {self.get_frequency_display()}"


class Follow(models.Model):
    """A user following an area, partnership or call to hear of its news."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        indexes = [
            # Followers of an object, looked up when it has news.
            models.Index(fields=["target_type", "target_id"], name="notifications_follow_target"),
        ]
        constraints = [
            unique_constraint("user", "target_type", "target_id", name="unique"),
        ]

    def __str__(self):
        return f"{self.user} follows {self.target_type.model} {self.target_id}"
