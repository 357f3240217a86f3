"""System checks for the portal's own security settings.

Django's `check --deploy` knows its own settings; these make it also refuse
a Content-Security-Policy loosened to inline code or other origins, and
daily limits that would not limit.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# Sources a policy may list: our origin, nothing, and inline images.
SAFE_SOURCES = {"'self'", "'none'", "data:"}


@register(Tags.security, deploy=True)
def check_content_security_policy(app_configs, **kwargs):
    directives = getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("DIRECTIVES", {})
    if not directives:
        return [
            Warning(
                "CONTENT_SECURITY_POLICY has no directives.",
                hint="Set a self-only policy as in s3p_portal/settings.py.",
                id="s3p.W001",
            )
        ]
    loose = sorted(
        f"{name} {source}"
        for name, sources in directives.items()
        for source in sources
        if source not in SAFE_SOURCES
    )
    if loose:
        return [
            Warning(
                f"The Content-Security-Policy allows more than the portal's origin: {loose}.",
                hint="Move inline code into static files; serve third-party assets ourselves.",
                id="s3p.W002",
            )
        ]
    return []


@register()
def check_daily_limits(app_configs, **kwargs):
    errors = []
    for kind, limit in getattr(settings, "S3P_DAILY_LIMITS", {}).items():
        if limit is not None and (not isinstance(limit, int) or limit < 1):
            errors.append(
                Error(
                    f"S3P_DAILY_LIMITS[{kind!r}] is {limit!r}.",
                    hint="Use a positive number, or None to switch the limit off.",
                    id="s3p.E001",
                )
            )
    return errors
