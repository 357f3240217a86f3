"""The page where a signed-in user reports a record to the moderators (`portal.reports`)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import form_data, perform_action

from .models import ReportReason
from .reports import file_report, reported_record


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("What is wrong with it?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=gettext_lazy("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "What the moderators should look at; needed for “Something else”. "
            "Only the Commission's moderators read it."
        ),
    )


@login_required
def report_content(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    record = reported_record(request.user, kind, slug)
    title = str(record)
    return perform_action(
        request,
        form=ReportForm(form_data(request)),
        service=lambda data: file_report(user=request.user, kind=kind, slug=slug, **data),
        done=lambda _report: (
            _("Thank you: the moderators will look at “%(title)s”. They may not answer you.")
            % {"title": title}
        ),
        back_url=record,
        title=_("Report “%(title)s” to the moderators") % {"title": title},
        intro=_(
            "Report content that breaks the platform's rules: spam, abuse, false statements "
            "or personal data published without consent. To correct your own content, edit it."
        ),
        submit_label=_("Send the report"),
    )
