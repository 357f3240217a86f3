"""The map of an area's leads and members, drawn from memberships a page already holds."""

from django.utils.translation import gettext_lazy as _

from regions.maps import LegendClass, category_map, nuts2_parts

from .choices import MembershipRole

# Okabe-Ito colours, told apart by readers with any common colour-vision
# deficiency: leads and members differ in lightness.
LEAD = LegendClass("lead", _("Leads the area"), "#0072b2")
MEMBER = LegendClass("member", _("Member of the area"), "#56b4e9")


def membership_values(memberships):
    """{NUTS 2 code: "lead" | "member"} for current memberships; a lead wins over a member."""
    values = {}
    for membership in sorted(memberships, key=lambda m: m.role == MembershipRole.LEAD):
        key = LEAD.key if membership.role == MembershipRole.LEAD else MEMBER.key
        for code in nuts2_parts(membership.region.code):
            values[code] = key
    return values


def membership_map(area, memberships):
    """No query: `memberships` are the area's current ones, with their regions loaded."""
    return category_map(
        "area-members",
        membership_values(memberships),
        [LEAD, MEMBER],
        _("Regions leading and taking part in %(area)s") % {"area": area.name},
        _("Role"),
    )
