"""Database side of `make soak`, run by soak.py under the soak's settings.

    python bench/soak_db.py seed AREAS MEMBERS   -> JSON: leads and members with API tokens
    python bench/soak_db.py drain                -> deliver what the faults left waiting
    python bench/soak_db.py verify DECISIONS MAILDIR -> JSON: the invariant checks
    python bench/soak_db.py chaos-audit FILE     -> JSON: per fault scenario of `make chaos`

Seeding goes through the services (propose, approve) so the world is one the
portal could have built; only affiliations are written directly, verified,
as a moderator would have left them.
"""

import datetime
import json
import os
import re
import sys
from collections import Counter, defaultdict
from email import message_from_string
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "s3p_portal.settings")

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db.models import Count, F  # noqa: E402

from accounts.models import ApiToken, User  # noqa: E402
from core.moderators import MODERATORS_GROUP  # noqa: E402
from core.workflow import RequestStatus  # noqa: E402
from notifications.choices import Delivery  # noqa: E402
from notifications.models import Notification  # noqa: E402
from regions.choices import AffiliationStatus  # noqa: E402
from regions.models import Affiliation, Region  # noqa: E402
from thematic_areas import services  # noqa: E402
from thematic_areas.models import AreaJoinRequest, AreaMembership  # noqa: E402

# notifications.tasks names each notification's e-mail `<notification-<pk>.<token>@…>`.
NOTIFICATION_MESSAGE_ID = re.compile(r"<notification-(\d+)\.")


def _user(email, **extra):
    user = User.objects.create_user(email=email, password=None, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _representative(region, index):
    user = _user(f"rep{index}@soak.s3p.test")
    Affiliation.objects.create(
        user=user,
        region=region,
        role_title="Smart specialisation officer",
        official_email=user.email,
        justification="Soak test.",
        status=AffiliationStatus.VERIFIED,
    )
    _token, secret = ApiToken.issue(user=user, name="soak")
    return user, secret


def seed(areas, members):
    moderator = _user("moderator@soak.s3p.test", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    regions = list(Region.objects.filter(level=2).order_by("code")[: areas + members])
    if len(regions) < areas + members:
        raise SystemExit("Not enough NUTS 2 regions: run load_regions first.")
    leads, applicants = [], []
    for index, region in enumerate(regions[:areas]):
        user, secret = _representative(region, index)
        area = services.propose_area(
            user=user,
            region=region,
            name=f"Soak area {index}",
            summary="An area of the soak test.",
            objectives="Keep the portal standing.",
            action_plan="Requests and decisions, for minutes on end.",
        )
        services.approve_area(area_id=area.pk, moderator=moderator)
        leads.append({"token": secret, "area": area.slug})
    for index, region in enumerate(regions[areas:], start=areas):
        _applicant, secret = _representative(region, index)
        applicants.append({"token": secret, "region": region.code})
    # The proposals notified the moderator; that mail is not the soak's business.
    Notification.objects.update(delivery=Delivery.SKIPPED)
    return {"leads": leads, "members": applicants}


def drain():
    """Deliver what the faults left behind, as the periodic sweep eventually would.

    Run only once the worker is stopped: with nobody sending, a claim that is
    still "sending" belongs to a killed worker, so the lease can be treated
    as expired and nothing waits for the sweep's five minutes.
    """
    from django.conf import settings

    from notifications import tasks
    from s3p_portal.celery import app

    app.conf.task_always_eager = True
    settings.NOTIFICATIONS_SWEEP_AFTER = 0
    settings.NOTIFICATIONS_CLAIM_LEASE = 0
    return {"requeued": tasks.sweep_undelivered()}


def _mail_by_recipient(maildir):
    counts = Counter()
    for path in Path(maildir).glob("*.log"):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                counts[message_from_string(chunk.strip())["To"]] += 1
    return counts


def verify(decisions_file, maildir):
    recorded = json.loads(Path(decisions_file).read_text())
    decisions, unknown = recorded["seen"], set(recorded["unknown"])
    stored = {r.pk: r for r in AreaJoinRequest.objects.exclude(status=RequestStatus.PENDING)}
    wrong = [d for d in decisions if d["id"] not in stored or stored[d["id"]].status != d["status"]]
    recorded_ids = Counter(d["id"] for d in decisions)
    duplicated = [pk for pk, n in recorded_ids.items() if n > 1]
    unrecorded = set(stored) - set(recorded_ids)
    pending_pairs = (
        AreaJoinRequest.objects.filter(status=RequestStatus.PENDING)
        .values("area", "region")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    approved = set(
        AreaJoinRequest.objects.filter(status=RequestStatus.APPROVED).values_list("area", "region")
    )
    members = set(
        AreaMembership.objects.exclude(area__proposing_region=F("region")).values_list(
            "area", "region"
        )
    )
    notifications = Notification.objects.exclude(delivery=Delivery.SKIPPED)
    states = Counter(notifications.values_list("delivery", flat=True))
    sent = Counter(
        notifications.filter(delivery=Delivery.SENT).values_list("recipient__email", flat=True)
    )
    mailed = _mail_by_recipient(maildir)
    return {
        "decisions_recorded": len(decisions),
        "decisions_stored": len(stored),
        "decisions_wrong_or_missing": len(wrong),
        "decisions_recorded_twice": len(duplicated),
        "decisions_with_lost_answer": len(unknown),
        "decisions_stored_unrecorded": len(unrecorded - unknown),
        "pairs_with_two_pending": pending_pairs,
        "approved_without_membership": len(approved - members),
        "membership_without_approval": len(members - approved),
        "notifications": dict(states),
        "notifications_not_sent": sum(n for s, n in states.items() if s != Delivery.SENT),
        "emails": sum(mailed.values()),
        "recipients_mailed_other_than_sent": sum(
            1 for email in set(sent) | set(mailed) if sent[email] != mailed[email]
        ),
    }


def _sent_twice(message_ids):
    """How many notifications were e-mailed more than once, always with the same Message-ID."""
    return sum(len(ids) > 1 and len(set(ids)) == 1 for ids in message_ids)


def _with_two_message_ids(message_ids):
    """How many notifications were e-mailed under two Message-IDs: a real duplicate."""
    return sum(len(set(ids)) > 1 for ids in message_ids)


def chaos_audit(path):
    """Per scenario: actions seen and stored as seen, notifications expected, delivered, lost
    and e-mailed twice, from what chaos.py recorded (phases, actions, received mail)."""
    recorded = json.loads(Path(path).read_text())
    stored = dict(AreaJoinRequest.objects.values_list("pk", "status"))
    message_ids = defaultdict(list)
    for mail in recorded["received"]:
        found = NOTIFICATION_MESSAGE_ID.search(mail["message_id"] or "")
        if found:
            message_ids[int(found[1])].append(mail["message_id"])
    # Immediate e-mails only: those kept for a digest go out with the next one.
    notifications = Notification.objects.exclude(delivery__in=[Delivery.SKIPPED, Delivery.DIGEST])
    phases = []
    for phase in recorded["phases"]:
        name = phase["name"]
        decisions = [d for d in recorded["decisions"] if d["phase"] == name]
        created = [c for c in recorded["created"] if c["phase"] == name]
        expected = list(
            notifications.filter(
                created_at__gte=datetime.datetime.fromisoformat(phase["from"]),
                created_at__lt=datetime.datetime.fromisoformat(phase["to"]),
            ).values_list("pk", flat=True)
        )
        sent = {pk: message_ids[pk] for pk in expected if message_ids[pk]}
        phases.append(
            {
                "name": name,
                "actions_seen": len(decisions) + len(created),
                "actions_stored_as_seen": sum(stored.get(d["id"]) == d["status"] for d in decisions)
                + sum(c["id"] in stored for c in created),
                "notifications_expected": len(expected),
                "notifications_delivered": len(sent),
                "notifications_lost": len(expected) - len(sent),
                "duplicates_same_message_id": _sent_twice(sent.values()),
                "duplicates_other_message_id": _with_two_message_ids(sent.values()),
            }
        )
    states = Counter(Notification.objects.values_list("delivery", flat=True))
    return {
        "phases": phases,
        "totals": {
            "notifications": dict(states),
            "emails_received": len(recorded["received"]),
            "notifications_emailed_twice_same_message_id": _sent_twice(message_ids.values()),
            "notifications_emailed_with_two_message_ids": _with_two_message_ids(
                message_ids.values()
            ),
            "pairs_with_two_pending": AreaJoinRequest.objects.filter(status=RequestStatus.PENDING)
            .values("area", "region")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count(),
        },
    }


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "seed":
        result = seed(int(args[0]), int(args[1]))
    elif command == "drain":
        result = drain()
    elif command == "verify":
        result = verify(*args)
    elif command == "chaos-audit":
        result = chaos_audit(*args)
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result))
