"""How regions join and leave thematic areas, and how their requests to join are decided:
the pages and the admin are built from these declarations."""

from django.utils.translation import gettext_lazy as _

from core.join_request_views import JoinRequestKind
from core.membership import MembershipKind
from regions.permissions import represented_regions

from . import permissions, services
from .forms import JoinAreaForm, LeaveAreaForm
from .models import AreaMembership

AREA_MEMBERS = MembershipKind(
    membership=AreaMembership,
    visible=permissions.visible_areas,
    represented=represented_regions,
    join_form=JoinAreaForm,
    leave_form=LeaveAreaForm,
    request_to_join=services.request_to_join_area,
    leave=services.leave_area,
    join_title=_("Ask to join “%(area)s”"),
    join_sent=_("The request of %(region)s was sent to the leads of “%(area)s”."),
    not_a_representative=_("Only a region representative may ask to join a thematic area."),
    leave_title=_("Leave “%(area)s”"),
    leave_intro=_("The membership history keeps the period your region took part."),
    leave_label=_("Leave the area"),
    left=_("%(region)s left “%(area)s”."),
    not_a_member=_("None of your regions is a member of this area."),
)

AREA_REQUESTS = JoinRequestKind(
    url_namespace="thematic_areas",
    rules=services.AREA_JOINING,
    visible=permissions.visible_join_requests,
    approve=services.approve_area_join_request,
    reject=services.reject_area_join_request,
    withdraw=services.withdraw_area_join_request,
    applicant_label=_("Region"),
    target_label=_("Thematic area"),
)
