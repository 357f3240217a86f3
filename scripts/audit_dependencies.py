"""`make audit`: the locked Python dependencies against the advisory databases (pip-audit).

pip-audit asks a vulnerability service which advisories concern each release
pinned in requirements-test.lock: the PyPI JSON API (per release) or OSV.dev.
No advisory database can be installed from the package registries: the PyPA
advisory database is published through git and OSV.dev only, and the one
database ever packaged on PyPI (safety-db) stopped in 2021. So the audit
needs one of the two services. Where neither answers (a machine that
reaches only the registries' package files), it says so, plainly, and exits
0: the audit did not run, which the CI log shows. Where one answers, any
known vulnerability fails the audit.
"""

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-test.lock"
TIMEOUT = 15


def locked_django() -> str:
    for line in LOCK.read_text().splitlines():
        if line.lower().startswith("django=="):
            return line.split("==")[1].split()[0]
    raise SystemExit(f"{LOCK.name} pins no Django release.")


def answers(request: urllib.request.Request) -> bool:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, TimeoutError):
        return False


def reachable_service() -> str | None:
    pypi = f"https://pypi.org/pypi/django/{locked_django()}/json"
    if answers(urllib.request.Request(pypi)):
        return "pypi"
    osv = urllib.request.Request(
        "https://api.osv.dev/v1/query",
        data=b'{"package": {"name": "django", "ecosystem": "PyPI"}, "version": "5.2"}',
        headers={"Content-Type": "application/json"},
    )
    if answers(osv):
        return "osv"
    return None


def main() -> int:
    service = reachable_service()
    if service is None:
        print(
            "Dependency audit NOT RUN: neither the PyPI JSON API (per release) nor OSV.dev "
            "answers from this machine, and no advisory database installs from PyPI or npm. "
            f"Run `make audit` where one of them is reachable; {LOCK.name} pins every release."
        )
        return 0
    print(f"Auditing {LOCK.name} against the {service} vulnerability service.")
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        str(LOCK),
        "--require-hashes",
        "--disable-pip",
        "--vulnerability-service",
        service,
        "--progress-spinner",
        "off",
    ]
    return subprocess.run(command, check=False).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
