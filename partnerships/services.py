"""Partnership workflows: clusters join while the call is open; coordinator or leads decide."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.limits import check_join_request_limit
from core.moderators import is_moderator
from core.text import is_blank
from core.workflow import RequestStatus, decide_request
from notifications.choices import Kind
from notifications.services import followers_of, notify
from regions.choices import AffiliationStatus, ClusterStatus
from regions.permissions import represents_cluster
from thematic_areas.choices import AreaStatus
from thematic_areas.services import lead_representatives

from . import permissions
from .choices import PartnershipRole
from .models import Call, PartnershipJoinRequest, PartnershipMembership

User = get_user_model()


def representatives_of_clusters(clusters):
    return User.objects.filter(
        is_active=True,
        affiliations__cluster__in=clusters,
        affiliations__status=AffiliationStatus.VERIFIED,
    ).distinct()


def check_call_window(partnership, day=None):
    """Raise a ValidationError saying when the call opens or closed, outside its window."""
    call = partnership.call
    if call is None:
        return
    day = day or timezone.localdate()
    if day < call.opens_on:
        raise ValidationError(
            _("The call “%(call)s” opens on %(date)s; requests are accepted from then.")
            % {"call": call, "date": formats.date_format(call.opens_on)}
        )
    if day > call.closes_on:
        raise ValidationError(
            _("The call “%(call)s” closed on %(date)s; no more requests are accepted.")
            % {"call": call, "date": formats.date_format(call.closes_on)}
        )


def deciders(partnership):
    coordinator = [partnership.coordinator_id] if partnership.coordinator_id else []
    return [*representatives_of_clusters(coordinator), *lead_representatives(partnership.area)]


def request_to_join_partnership(*, user, cluster, partnership, statement):
    """A cluster representative asks to join; accepted only while the call is open."""
    if not represents_cluster(user, cluster):
        raise PermissionDenied(_("You do not represent %(cluster)s.") % {"cluster": cluster})
    if cluster.status != ClusterStatus.PUBLISHED:
        raise ValidationError(_("Your cluster profile must be validated before it can join."))
    if partnership.area.status != AreaStatus.ACTIVE:
        raise ValidationError(_("This partnership's thematic area is not active."))
    check_call_window(partnership)
    if partnership.memberships.current().filter(cluster=cluster).exists():
        raise ValidationError(_("%(cluster)s is already a member.") % {"cluster": cluster})
    if is_blank(statement):
        raise ValidationError({"statement": _("Say what your cluster commits to.")})
    check_join_request_limit(user)
    try:
        with transaction.atomic():
            join_request = PartnershipJoinRequest.objects.create(
                partnership=partnership,
                cluster=cluster,
                statement=statement.strip(),
                requested_by=user,
            )
            notify(
                recipients=deciders(partnership),
                kind=Kind.JOIN_REQUEST_MADE,
                message=_("%(cluster)s asks to join the partnership “%(partnership)s”.")
                % {"cluster": cluster, "partnership": partnership},
                url=partnership.get_absolute_url(),
                subject=join_request,
                dedupe_key=f"partnership-request-{join_request.pk}",
                actor=user,
            )
    except IntegrityError:
        raise ValidationError(
            _("%(cluster)s already has a pending request for this partnership.")
            % {"cluster": cluster}
        ) from None
    return join_request


def approve_partnership_join_request(*, request_id, user, reason=""):
    return _decide(request_id, user, RequestStatus.APPROVED, reason)


def reject_partnership_join_request(*, request_id, user, reason):
    return _decide(request_id, user, RequestStatus.REJECTED, reason)


def _decide(request_id, user, status, reason):
    join_request = PartnershipJoinRequest.objects.select_related(
        "partnership__area", "cluster"
    ).get(pk=request_id)
    if not permissions.can_decide_join_request(user, join_request):
        raise PermissionDenied(_("Only the coordinator or a lead region of the area may decide."))

    def add_member(approved):
        if approved.partnership.memberships.current().filter(cluster=approved.cluster).exists():
            raise ValidationError(
                _("%(cluster)s is already a member.") % {"cluster": approved.cluster}
            )
        PartnershipMembership.objects.create(
            partnership=approved.partnership,
            cluster=approved.cluster,
            role=PartnershipRole.MEMBER,
            approved_by=user,
        )

    with transaction.atomic():
        decided = decide_request(
            PartnershipJoinRequest.objects.all(),
            request_id,
            user=user,
            status=status,
            reason=reason,
            on_approve=add_member,
        )
        notify(
            recipients=[decided.requested_by, *representatives_of_clusters([decided.cluster_id])],
            kind=Kind.JOIN_REQUEST_DECIDED,
            message=_("The request of %(cluster)s to join “%(partnership)s” was %(status)s.")
            % {
                "cluster": join_request.cluster,
                "partnership": join_request.partnership,
                "status": decided.get_status_display().lower(),
            },
            url=join_request.partnership.get_absolute_url(),
            subject=decided,
            dedupe_key=f"partnership-request-decided-{decided.pk}",
            actor=user,
        )
    return decided


def withdraw_partnership_join_request(*, request_id, user):
    join_request = PartnershipJoinRequest.objects.select_related("partnership", "cluster").get(
        pk=request_id
    )
    if not permissions.can_withdraw_join_request(user, join_request):
        raise PermissionDenied(_("Only a representative of the applicant cluster may withdraw."))
    with transaction.atomic():
        withdrawn = decide_request(
            PartnershipJoinRequest.objects.all(),
            request_id,
            user=user,
            status=RequestStatus.WITHDRAWN,
        )
        notify(
            recipients=deciders(join_request.partnership),
            kind=Kind.JOIN_REQUEST_WITHDRAWN,
            message=_("%(cluster)s withdrew its request to join “%(partnership)s”.")
            % {"cluster": join_request.cluster, "partnership": join_request.partnership},
            url=join_request.partnership.get_absolute_url(),
            subject=withdrawn,
            dedupe_key=f"partnership-request-withdrawn-{withdrawn.pk}",
            actor=user,
        )
    return withdrawn


def leave_partnership(*, user, partnership, cluster):
    if not (is_moderator(user) or represents_cluster(user, cluster)):
        raise PermissionDenied(_("You do not represent %(cluster)s.") % {"cluster": cluster})
    with transaction.atomic():
        membership = (
            partnership.memberships.current().select_for_update().filter(cluster=cluster).first()
        )
        if membership is None:
            raise ValidationError(_("%(cluster)s is not a member.") % {"cluster": cluster})
        if membership.role == PartnershipRole.COORDINATOR:
            raise ValidationError(_("The coordinator cannot leave; a moderator can name another."))
        membership.left_at = timezone.now()
        membership.save(update_fields=["left_at"])
    return membership


REMINDER_DAYS_BEFORE_CLOSING = 7


def call_audience(call):
    """Who hears of a call: its followers, its partnerships' followers and member clusters."""
    partnerships = list(call.partnerships.all())
    members = PartnershipMembership.objects.current().filter(partnership__in=partnerships)
    audience = {*followers_of(call), *representatives_of_clusters(members.values("cluster"))}
    for partnership in partnerships:
        audience.update(followers_of(partnership))
    return audience


def send_call_reminders(*, today=None):
    """Notify that open calls are open, and that they close soon, once per call and user.

    Safe to run any number of times a day: the dedupe keys let each reminder
    reach each user once; a user who follows a call later still hears of it.
    """
    today = today or timezone.localdate()
    open_calls = Call.objects.open_on(today).prefetch_related("partnerships")
    closing_soon = datetime.timedelta(days=REMINDER_DAYS_BEFORE_CLOSING)
    sent = 0
    for call in open_calls:
        audience = call_audience(call)
        with transaction.atomic():
            sent += len(_remind(call, audience, Kind.CALL_OPENING))
            if call.closes_on - closing_soon <= today:
                sent += len(_remind(call, audience, Kind.CALL_CLOSING))
    return sent


def _remind(call, audience, kind):
    closes_on = formats.date_format(call.closes_on)
    if kind == Kind.CALL_OPENING:
        message = _("The call “%(call)s” is open until %(date)s.")
        dedupe_key = f"call-opening-{call.pk}"
    else:
        message = _("The call “%(call)s” closes on %(date)s.")
        dedupe_key = f"call-closing-{call.pk}"
    return notify(
        recipients=audience,
        kind=kind,
        message=message % {"call": call, "date": closes_on},
        url=f"{reverse('partnerships:call_list')}#call-{call.pk}",
        subject=call,
        dedupe_key=dedupe_key,
    )
