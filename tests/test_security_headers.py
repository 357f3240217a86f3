"""Deploy-ready headers: CSP, frame denial, referrer and permissions policies, cookie flags.

The policy forbids inline scripts and styles, so the pages (ours and the
Django admin's) must carry none: a test reads them for inline code.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory
from tests.regions.factories import RegionFactory
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.models import ThematicArea

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_secure_headers(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    every_source = [source for sources in policy.values() for source in sources]
    assert not [s for s in every_source if s.startswith(("'unsafe", "http", "*"))]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions


def test_a_page_carries_the_security_headers(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert_secure_headers(response)


def test_a_json_response_carries_the_security_headers(moderator_client):
    RegionFactory(name="Batteries valley")
    # The admin's autocomplete is a JSON view of the project's own URLs.
    response = moderator_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "thematic_areas", "model_name": "areamembership", "field_name": "region"},
    )

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert "Batteries valley" in json.dumps(response.json())
    assert_secure_headers(response)


def test_an_api_response_carries_the_security_headers(client):
    RegionFactory(code="XA1A", name="Batteries valley")

    response = client.get("/api/v1/regions/XA1A/")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["name"] == "Batteries valley"
    assert_secure_headers(response)


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/",
        "/notifications/",
        "/notifications/preferences/",
        "/accounts/profile/",
        "/accounts/api-tokens/",
        "/moderation/",
        "/admin/",
        "/admin/thematic_areas/thematicarea/",
        "/api/v1/notifications/",
    ],
)
def test_private_pages_are_private_and_never_stored(moderator_client, url):
    response = moderator_client.get(url)

    assert response.status_code == 200, url
    assert_secure_headers(response)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control, url


def test_an_error_page_carries_the_security_headers(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert_secure_headers(response)


def test_a_redirect_carries_the_security_headers(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert_secure_headers(response)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)


def assert_no_inline_code(response):
    """What the policy would block: inline scripts, styles, handlers and javascript: URLs."""
    body = response.content.decode()
    for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER, JAVASCRIPT_URL):
        match = pattern.search(body)
        assert match is None, f"{response.request['PATH_INFO']}: {body[match.start() - 80 :][:200]}"


@pytest.mark.parametrize(
    "url",
    [
        "home",
        "account_login",
        "account_signup",
        "thematic_areas:area_list",
        "partnerships:call_list",
        "regions:cluster_list",
    ],
)
def test_public_pages_need_no_inline_code_under_the_policy(client, url):
    AreaFactory()
    response = client.get(reverse(url))

    assert response.status_code == 200
    assert_no_inline_code(response)


@pytest.mark.parametrize(
    "url",
    [
        "admin:index",
        "admin:thematic_areas_thematicarea_changelist",
        "admin:thematic_areas_thematicarea_change",
        "admin:regions_affiliation_changelist",
    ],
)
def test_the_admin_works_under_the_policy(moderator_client, url):
    area = AreaFactory()
    args = [area.pk] if url.endswith("_change") else []
    response = moderator_client.get(reverse(url, args=args))

    assert response.status_code == 200
    assert_no_inline_code(response)
    assert_secure_headers(response)


def test_the_admin_login_page_works_under_the_policy(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert_no_inline_code(response)


def test_an_admin_action_posted_under_the_policy_still_decides(moderator_client):
    area = AreaFactory(status="proposed", lead=None)

    response = moderator_client.post(
        reverse("admin:thematic_areas_thematicarea_changelist"),
        {"action": "approve_proposals", "_selected_action": [area.pk], "index": 0},
    )

    assert response.status_code == 302
    assert ThematicArea.objects.get(pk=area.pk).status == "active"


def test_the_session_cookie_is_http_only_and_same_site(client):
    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def production_environment():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    environment.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.eu",
    )
    return environment


def test_production_cookies_are_secure_http_only_and_same_site():
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_SAMESITE",
        "LANGUAGE_COOKIE_SECURE",
        "LANGUAGE_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
    ]
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    # The script is built here from constant setting names, not from input.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**production_environment(), "DJANGO_SETTINGS_MODULE": "s3p_portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    values = json.loads(result.stdout)

    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["LANGUAGE_COOKIE_SECURE"] and values["LANGUAGE_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_SSL_REDIRECT"]


def test_the_deployment_checks_pass_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
