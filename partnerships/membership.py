"""How clusters join and leave partnerships, and how their requests to join are decided:
the pages and the admin are built from these declarations."""

from django.utils.translation import gettext_lazy as _

from core.join_request_views import JoinRequestKind
from core.membership import MembershipKind
from regions.permissions import represented_clusters

from . import permissions, services
from .forms import JoinPartnershipForm, LeavePartnershipForm
from .models import PartnershipMembership

PARTNERSHIP_MEMBERS = MembershipKind(
    membership=PartnershipMembership,
    visible=permissions.visible_partnerships,
    represented=represented_clusters,
    join_form=JoinPartnershipForm,
    leave_form=LeavePartnershipForm,
    request_to_join=services.request_to_join_partnership,
    leave=services.leave_partnership,
    join_title=_("Ask to join “%(partnership)s”"),
    join_sent=_("The request of %(cluster)s was sent to the coordinator of “%(partnership)s”."),
    not_a_representative=_("Only a cluster representative may ask to join a partnership."),
    leave_title=_("Leave “%(partnership)s”"),
    leave_intro=_("The membership history keeps the period your cluster took part."),
    leave_label=_("Leave the partnership"),
    left=_("%(cluster)s left “%(partnership)s”."),
    not_a_member=_("None of your clusters is a member of this partnership."),
)

PARTNERSHIP_REQUESTS = JoinRequestKind(
    url_namespace="partnerships",
    rules=services.PARTNERSHIP_JOINING,
    visible=permissions.visible_join_requests,
    approve=services.approve_partnership_join_request,
    reject=services.reject_partnership_join_request,
    withdraw=services.withdraw_partnership_join_request,
    applicant_label=_("Cluster organisation"),
    target_label=_("Partnership"),
)
