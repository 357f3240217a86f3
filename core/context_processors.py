"""What every page's frame (templates/base.html) needs: logo, navigation."""

from functools import cache
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

LOGO_DIR = "ecl/dist/images/logo/positive"

# Main navigation, in order: (URL name, label).
MAIN_NAVIGATION = [
    ("home", _("Home")),
    ("thematic_areas:area_list", _("Thematic areas")),
    ("regions:region_list", _("Regions")),
    ("regions:cluster_list", _("Clusters")),
    ("partnerships:partnership_list", _("Partnerships")),
    ("partnerships:call_list", _("Calls")),
    ("projects:project_list", _("Projects")),
    ("projects:pipeline", _("Investment pipeline")),
    ("events:event_list", _("Events")),
    ("cooperation:posting_list", _("Cooperation")),
]


class NavigationItem(TypedDict):
    url: str
    label: "StrPromise"
    current: bool


class LanguageLink(TypedDict):
    code: str
    name_local: str
    url: str
    current: bool


class SiteFrame(TypedDict):
    ec_logo: str
    main_navigation: list[NavigationItem]
    language_links: list[LanguageLink]


@cache
def ec_logo(language: str) -> str:
    """Static path of the EC logo in `language`, or the English one if ECL has none for it."""
    for code in (language, "en"):
        name = f"{LOGO_DIR}/logo-ec--{code}.svg"
        if (settings.VENDOR_ASSETS_DIR / name).is_file():
            return f"vendor/{name}"
    return f"vendor/{LOGO_DIR}/logo-ec--en.svg"


def main_navigation(path: str) -> list[NavigationItem]:
    """The portal's sections, each marked current when `path` lies in it."""
    items: list[NavigationItem] = []
    for name, label in MAIN_NAVIGATION:
        url = reverse(name)
        current = path == url if name == "home" else path.startswith(url)
        items.append({"url": url, "label": label, "current": current})
    return items


def language_links(request: HttpRequest) -> list[LanguageLink]:
    """The current page in each language of the site.

    Links, not a form: the language is in the URL (`/fr/...`), so switching
    needs no cookie, and pages carry no CSRF token that would stop them being
    cached for visitors (core/cache.py).
    """
    current = get_language()
    # A path such as //other.example/ (a 404) would be a link to another site.
    path = "/" + request.get_full_path().lstrip("/\\")
    return [
        {
            "code": info["code"],
            "name_local": info["name_local"],
            "url": translate_url(path, info["code"]),
            "current": info["code"] == current,
        }
        for info in (get_language_info(code) for code, _name in settings.LANGUAGES)
    ]


def site_frame(request: HttpRequest) -> SiteFrame:
    return {
        "ec_logo": ec_logo((get_language() or "en").split("-")[0]),
        "main_navigation": main_navigation(request.path),
        "language_links": language_links(request),
    }
