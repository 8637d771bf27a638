"""Every key page of the benchmark makes the same number of queries on little and on much data.

The data is the benchmark's own generator (klynge/hub/bench/data.py) at two sizes; the pages and
their users are the benchmark's (klynge/hub/bench/pages.py). The numbers are a ceiling the
benchmark's targets hold them to (≤ 10 queries a page): a page that starts to grow fails here.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klynge.hub.bench import data
from klynge.hub.bench.pages import key_pages

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
SMALL = data.Size(kiap_clusters=2, ekvis_clusters=1, years=1, gps_max=12)
LARGE = data.Size(kiap_clusters=3, ekvis_clusters=2, years=3, gps_max=30)

# The wheel (dashboard, cluster page, årshjul) and the account status (dashboard, cluster page)
# are read from the cache (klynge/lib/derived.py): the cluster's token once a request, the entries
# kept in the process (the pages are counted warm; computing the wheel is 15 queries, the account
# status 6). The user's roles are one query (posts and memberships in a union). The cluster page's
# facts and its panels' figures are cached the same way (hub/lookups.py, the apps' panels.py).
QUERIES = {
    "dashboard (koordinator)": 10,  # lists cached; + invitations, actions, absences, events
    "dashboard (medlem)": 8,
    "dashboard (sekretariat)": 4,
    "klyngeside": 8,  # + the user's clinics, the coming handovers
    "medlemsliste": 10,
    "klinikside": 9,  # clinic and memberships; its lists cached; + access log, change log
    "mødeside (40 inviterede)": 10,  # agenda, outcomes, poll, rules, claim, forms: cached
    "fremmøde": 9,  # + outside guests
    "årshjul": 6,
    "refusionsindbakke": 10,
    "sekretariatets oversigt": 10,  # the panels' counts in one query (lib/panels.py: Tally)
    "svarside": 2,
}


def counts(client) -> dict[str, int]:
    found = {}
    for page in key_pages(data.named()):
        client.logout()
        if page.user is not None:
            client.force_login(page.user)
        client.get(page.path)  # the session's first use is not the page's
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
        assert response.status_code == 200, page.name
        found[page.name] = len(captured)
    return found


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small", "large"])
def test_key_pages_make_the_same_queries_at_two_sizes(size, client, db):
    with time_machine.travel(NOW, tick=False):
        data.generate(size, timezone.localdate())
        named = data.named()
        # The sizes differ where the pages list things: clinics, people, meetings, clusters.
        assert named.held.invitations.count() > size.gps_max
        assert named.cluster.meetings.count() == 4 * size.years + 2
        assert counts(client) == QUERIES
