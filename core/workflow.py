"""The request workflow shared by area and partnership join requests.

pending -> approved | rejected | withdrawn. A decided request never changes
again. Each concrete request model adds its applicant and target and a
partial unique constraint on (applicant, target) while pending.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    """Abstract base: who asked, why, and who decided it, when and why."""

    statement = models.TextField(
        _("statement of commitment"),
        help_text=_("What your organisation will bring and commit to."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status=RequestStatus.PENDING, decided_at__isnull=True)
                    | (~models.Q(status=RequestStatus.PENDING) & models.Q(decided_at__isnull=False))
                ),
                name="%(app_label)s_%(class)s_decided_when_not_pending",
            ),
        ]

    @property
    def is_pending(self):
        return self.status == RequestStatus.PENDING


def decide_request(queryset, pk, *, user, status, reason="", on_approve=None):
    """Move a pending request to `status` exactly once.

    The row lock makes two deciders clicking at once serialise: the second
    finds the request already decided and gets a ValidationError, so
    `on_approve` (which creates the membership) runs once.
    """
    if status == RequestStatus.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the rejection.")})
    with transaction.atomic():
        request = queryset.select_for_update().get(pk=pk)
        if not request.is_pending:
            raise ValidationError(
                _("This request was already %(status)s.")
                % {"status": request.get_status_display().lower()}
            )
        request.status = status
        request.decided_by = user
        request.decided_at = timezone.now()
        request.decision_reason = reason.strip()
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        if status == RequestStatus.APPROVED and on_approve is not None:
            on_approve(request)
    return request
