"""The portal's own system checks on its security settings."""

import copy

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks

from accounts.checks import check_content_security_policy, check_daily_limits


def test_the_shipped_settings_pass_the_checks():
    assert check_content_security_policy(None) == []
    assert check_daily_limits(None) == []


@pytest.mark.parametrize(
    ("directive", "source"),
    [
        ("script-src", "'unsafe-inline'"),
        ("style-src", "'unsafe-inline'"),
        ("script-src", "'unsafe-eval'"),
        ("img-src", "https://tiles.example.org"),
        ("default-src", "*"),
    ],
)
def test_a_loosened_policy_is_reported_by_the_deploy_checks(settings, directive, source):
    policy = copy.deepcopy(django_settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"].setdefault(directive, []).append(source)
    settings.CONTENT_SECURITY_POLICY = policy

    [warning] = check_content_security_policy(None)

    assert warning.id == "s3p.W002"
    assert f"{directive} {source}" in warning.msg


def test_a_missing_policy_is_reported(settings):
    settings.CONTENT_SECURITY_POLICY = {}

    assert [w.id for w in check_content_security_policy(None)] == ["s3p.W001"]


@pytest.mark.parametrize("limit", [0, -1, "5", 2.5])
def test_a_daily_limit_that_would_not_limit_is_an_error(settings, limit):
    settings.S3P_DAILY_LIMITS = {"proposals": limit, "join_requests": None}

    [error] = check_daily_limits(None)

    assert error.id == "s3p.E001" and "proposals" in error.msg


def test_the_checks_run_with_django_checks(settings):
    policy = copy.deepcopy(django_settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["script-src"].append("'unsafe-inline'")
    settings.CONTENT_SECURITY_POLICY = policy
    settings.S3P_DAILY_LIMITS = {"proposals": 0}

    ids = {message.id for message in run_checks(include_deployment_checks=True)}

    assert {"s3p.W002", "s3p.E001"} <= ids
