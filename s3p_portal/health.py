"""Liveness check for load balancers and the benchmark's floor.

It touches neither the database nor the session, so it answers as fast as
the web server and Django's middleware allow: the cheapest possible page.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")
