"""Reporting content to the moderators: what may be reported, the report and the decision.

A signed-in user reports a record they can see (a project, an area, a
partnership, a cluster profile, a message of one of their conversations, a
post on a board they sit on)
with a reason; the moderators are notified (a daily digest by default)
and find it in the moderation queue. A moderator deals with the record
itself in the administration (unpublishes, hides, edits it) and then closes
the report as dealt with, or dismisses it with a reason. Reports are
limited per day (`S3P_DAILY_LIMITS["reports"]`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.permissions import visible_messages, visible_posts
from core.limits import check_daily_limit
from core.moderators import is_moderator, moderators
from core.pickers import MAX_PK
from notifications.choices import Kind
from notifications.services import notify
from partnerships.permissions import visible_partnerships
from projects.permissions import visible_projects
from regions.permissions import visible_clusters
from thematic_areas.permissions import visible_areas

from .models import Report, ReportReason, ReportStatus


@dataclass(frozen=True)
class Reportable:
    """The records of one kind that a user may see (`visible(user)`), found by `key`."""

    visible: Callable[[Any], QuerySet[Any]]
    key: str = "slug"


# What may be reported, by kind; each record is named by its str().
REPORTABLE: dict[str, Reportable] = {
    "project": Reportable(visible_projects),
    "area": Reportable(visible_areas),
    "partnership": Reportable(visible_partnerships),
    "cluster": Reportable(visible_clusters),
    # Messages and posts have no slug: they are found by id, among the reporter's
    # conversations and boards.
    "message": Reportable(visible_messages, key="pk"),
    "board-post": Reportable(visible_posts, key="pk"),
}


def reported_record(user: AbstractBaseUser | AnonymousUser, kind: str, slug: str) -> Model:
    """The record of `kind` whose key is `slug` that `user` may see, else 404."""
    reportable = REPORTABLE.get(kind)
    if reportable is None or (
        reportable.key == "pk" and not (slug.isdigit() and int(slug) <= MAX_PK)
    ):
        raise Http404
    record = reportable.visible(user).filter(**{reportable.key: slug}).first()
    if record is None:
        raise Http404
    return record


def file_report(*, user: Any, kind: str, slug: str, reason: str, details: str = "") -> Report:
    """Report the record and tell the moderators; a second open report by `user` is refused."""
    record = reported_record(user, kind, slug)
    if reason not in ReportReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if reason == ReportReason.OTHER and not details.strip():
        raise ValidationError({"details": _("Say what is wrong with it.")})
    check_daily_limit(kind="reports", querysets=[user.reports.all()])
    title = str(record)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
                content_title=title[:300],
                reporter=user,
                reason=reason,
                details=details.strip(),
            )
            notify(
                recipients=moderators(),
                kind=Kind.MODERATION_WAITING,
                message=_("%(user)s reports “%(title)s”: %(reason)s.")
                % {"user": user, "title": title, "reason": report.get_reason_display()},
                url=reverse("admin:portal_report_change", args=[report.pk]),
                subject=report,
                dedupe_key=f"report-{report.pk}",
                actor=user,
            )
    except IntegrityError:
        raise ValidationError(
            _("You have reported “%(title)s” already; a moderator will look at it.")
            % {"title": title}
        ) from None
    return report


def decide_report(*, report_id: int, moderator: Any, upheld: bool, note: str = "") -> Report:
    """Close an open report as dealt with (`upheld`) or dismissed; a dismissal needs a reason."""
    if not is_moderator(moderator):
        raise ValidationError(_("Only the Commission's moderators decide on reports."))
    if not upheld and not note.strip():
        raise ValidationError({"reason": _("Give the reason for dismissing the report.")})
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status != ReportStatus.OPEN:
            raise ValidationError(_("This report was decided already."))
        report.status = ReportStatus.UPHELD if upheld else ReportStatus.DISMISSED
        report.decided_by = moderator
        report.decided_at = timezone.now()
        report.decision_note = note.strip()
        report.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return report
