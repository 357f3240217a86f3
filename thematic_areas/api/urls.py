from rest_framework.routers import SimpleRouter

from . import views

AREA = r"thematic-areas/(?P<area_slug>[-a-zA-Z0-9_]+)"

router = SimpleRouter()
router.register("thematic-areas", views.AreaViewSet, basename="area")
router.register(f"{AREA}/members", views.AreaMemberViewSet, basename="area-member")
router.register(
    f"{AREA}/membership-history",
    views.AreaMembershipHistoryViewSet,
    basename="area-membership-history",
)
router.register(
    r"regions/(?P<region_code>[A-Za-z]{2}[0-9A-Za-z]{0,3})/areas",
    views.RegionAreaViewSet,
    basename="region-areas",
)
router.register("area-join-requests", views.AreaJoinRequestViewSet, basename="area-join-request")

urlpatterns = router.urls
