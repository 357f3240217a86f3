"""The service markers of the root conftest.py, run on a tiny test file.

Each case runs pytest in a subprocess with the project's conftest.py and
pytest settings on SQLite, where a `postgres` test cannot run.
"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

INNER_TESTS = """
import pytest

@pytest.mark.postgres
def test_needs_postgres():
    pass

def test_needs_nothing():
    pass
"""


@pytest.fixture
def inner(pytester, monkeypatch):
    pytester.makeconftest((ROOT / "conftest.py").read_text())
    pytester.makepyprojecttoml((ROOT / "pyproject.toml").read_text())
    pytester.makepyfile(test_inner=INNER_TESTS)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    # Explicit, so neither CI's PostgreSQL nor a developer's .env leaks in.
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    monkeypatch.delenv("S3P_REQUIRE_SERVICES", raising=False)
    return pytester


def run(pytester, *args):
    # Faker's pytest plugin (installed with factory-boy) alone costs 0.5 s.
    return pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-p", "no:faker", *args, "test_inner.py"
    )


def test_it_skips_a_postgres_test_on_sqlite(inner):
    result = run(inner)

    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["SKIPPED*PostgreSQL needed*the default database is sqlite"])


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_it_fails_the_run_when_services_are_required(inner, monkeypatch, xdist):
    monkeypatch.setenv("S3P_REQUIRE_SERVICES", "1")

    result = run(inner, *xdist)

    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*S3P_REQUIRE_SERVICES=1 but service tests were skipped*",
            "test_inner.py::test_needs_postgres [[]postgres]: PostgreSQL needed*",
        ]
    )
