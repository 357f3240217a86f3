from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("priorities", views.PriorityViewSet, basename="priority")
router.register("clusters", views.ClusterViewSet, basename="cluster")

urlpatterns = [path("me/", views.MeView.as_view(), name="me"), *router.urls]
