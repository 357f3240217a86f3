"""Which regions the platform helps first: the one boost rule of every ranking.

Less developed and transition regions (by the 2021-2027 category recorded
with its source; a NUTS 3 region shares its NUTS 2 region's) and the regions
of the 2017-2018 industrial-transition pilot (flagged themselves or within
a flagged region or country) weigh `COHESION_BOOST` times more wherever
partners are ranked: matchmaking (`portal.matchmaking`) and the matches of
cooperation postings. A region without a recorded category is never
guessed into one.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from .choices import CohesionCategory
from .models import Region

COHESION_BOOST = Decimal("1.5")
BOOSTED_CATEGORIES = (CohesionCategory.LESS_DEVELOPED, CohesionCategory.TRANSITION)

# A region's parents up to its country: the pilot flag may sit on any of them.
# Select them with the region so that `boost_reason` costs no query.
REGION_ANCESTORS = "parent__parent__parent"


def category(region: Region) -> str:
    """The recorded cohesion category's value (a NUTS 3 region's is its NUTS 2 parent's), or ""."""
    recorded = region.recorded_category()
    return recorded.value if recorded else ""


def boost_reason(region: Region) -> str:
    """Why the region's organisations are boosted, or "" when they are not."""
    value = category(region)
    if value in BOOSTED_CATEGORIES:
        return str(CohesionCategory(value).label)
    if region.in_transition_pilot():
        return _("industrial-transition pilot region")
    return ""


def boost_factor(region: Region) -> Decimal:
    return COHESION_BOOST if boost_reason(region) else Decimal("1")
