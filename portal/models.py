"""Content reported to the moderators (`portal.reports`): records of several apps, so the top."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    INACCURATE = "inaccurate", _("False or misleading")
    PERSONAL_DATA = "personal_data", _("Personal data published without consent")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("Dealt with")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    """A signed-in user's report that a public record breaks the rules."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content = GenericForeignKey("content_type", "object_id")
    # What the reporter saw, kept should the record change or go.
    content_title = models.CharField(_("reported content"), max_length=300)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("reported content")
        verbose_name_plural = _("reported content")
        constraints = [
            # One open report of a record per person: a second click adds nothing.
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"],
                condition=Q(status="open"),
                name="portal_one_open_report_per_reporter",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(decided_at__isnull=False),
                name="portal_report_decided_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="portal_report_queue")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.content_title}"


class CalendarFeed(models.Model):
    """A user's private calendar address (`portal.calendar_feeds`): only a digest of its
    secret is stored, so the address is shown once, when it is made."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("private calendar address")
        verbose_name_plural = _("private calendar addresses")

    def __str__(self):
        return str(self.user)
