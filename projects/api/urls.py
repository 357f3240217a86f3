from rest_framework.routers import SimpleRouter

from . import views

PROJECT = r"projects/(?P<project_slug>[-a-zA-Z0-9_]+)"

router = SimpleRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register(f"{PROJECT}/partners", views.ProjectPartnerViewSet, basename="project-partner")
router.register(f"{PROJECT}/funding", views.ProjectFundingViewSet, basename="project-funding")

urlpatterns = router.urls
