from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("events", views.EventViewSet, basename="event")
router.register("event-registrations", views.RegistrationViewSet, basename="event-registration")
router.register("meetings", views.MeetingViewSet, basename="meeting")

urlpatterns = router.urls
