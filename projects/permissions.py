"""Who may see investment projects: one definition for pages, API and admin."""

from accounts.permissions import is_moderator
from regions.permissions import represented_regions

from .models import InvestmentProject


def visible_projects(user):
    """Published projects for all; others for lead-region representatives and moderators."""
    if is_moderator(user):
        return InvestmentProject.objects.all()
    published = InvestmentProject.objects.published()
    if not user.is_authenticated:
        return published
    own = InvestmentProject.objects.filter(lead_region__in=represented_regions(user))
    return published | own
