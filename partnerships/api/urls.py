from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("calls", views.CallViewSet, basename="call")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register(
    "partnership-join-requests",
    views.PartnershipJoinRequestViewSet,
    basename="partnership-join-request",
)

urlpatterns = router.urls
