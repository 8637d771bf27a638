"""Every page of the demo, as each demo persona, in a real browser at 360 px (a small phone) and
1280 px: no page scrolls sideways at either width (wide tables scroll inside their own labelled,
focusable region, marked up so in the template) and axe finds no violation of any impact.

The pages are found as a person finds them: from the dashboard, following every link on every
page (page_plan.py: one visit per kind of page, i.e. per URL name and language, within each part;
the dashboard and the profile of every persona). The English copy of each page is crawled the same
way from /en/. The Django admin is crawled as the administrator, one page of each kind the admin
has (index, list, form, history...), plus each form with inlines. Downloads (CSV, XLSX, calendar
files) are left out. Every PDF Klynge makes that the crawl finds a link to (one of each kind) is
fetched and must be tagged (PDF/UA), with its language and a title, as `pdfinfo` would report.

What axe checks at which width. The page is loaded once and resized: both widths have the same
DOM and the same colours (no colour in Klynge's or DKFDS's screen styles depends on the width,
except the header menu's background from 992 px); what the width changes is the layout.
- Danish pages and the admin (both languages): every rule on the whole page at 360 px (where the
  text is smallest, so colour contrast is strictest). At 1280 px, the rules that measure the layout
  (scrolling regions, links told apart in text; target size if axe's defaults had it) on the whole
  page, and every rule on what 1280 px shows that 360 px hides and on the header.
- English pages have the Danish pages' markup and styles with other words: every rule at 360 px
  but colour contrast (colours do not depend on the language); translations can still break
  names, labels and landmarks, which the other rules see. Both widths for sideways scrolling.

The parts (a language or the admin) are cut into chunks of their plan that xdist spreads over its
workers; the demo is loaded once per run and copied into each chunk's database (demo_copy.py).
Each chunk uses one browser context, which asks the live server for each static file once (the
server marks them cacheable: static_route.py), and logs each persona in by session cookie.
"""

from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from pypdf import PdfReader

from klynge.accounts.models import User
from klynge.hub.tests.demo_copy import load_demo
from klynge.hub.tests.page_plan import ADMIN, plan_for
from klynge.hub.tests.static_route import cache_static

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PERSONAS = (
    "koordinator@example.dk",
    "bestyrelse@example.dk",
    "medlem@example.dk",
    "koordinator.koege@example.dk",
    "ekvis.koordinator@example.dk",
    "ekvis.medlem@example.dk",
    "koordinator.hud@example.dk",
    "sekretariat.plo@example.dk",
    "sekretariat.ekvis@example.dk",
    "kvalitetsenhed.sjaelland@example.dk",
    "admin@example.dk",
)
IMPACTS = ("minor", "moderate", "serious", "critical")
EVERY_RULE = {"resultTypes": ["violations"]}
NO_CONTRAST = {"resultTypes": ["violations"], "rules": {"color-contrast": {"enabled": False}}}
# axe at each width: the whole page ("page"), or at the second width what the width changes
# ("wider"; see the module's docstring).
BOTH = {360: ("page", EVERY_RULE), 1280: ("wider", EVERY_RULE)}
# The parts: (personas, where their crawl starts, axe's options at each width, the least number of
# kinds of page (and PDF) it must reach, the chunks it is cut into). Klynge's own pages in Danish
# (the crawl reached 116 kinds before the English and the admin pages were added) and in English
# (the same but for the API docs and the event answer page, which have no English copy: 114). The
# Django admin in both languages, from its index and the clusters' list (the first list of the
# index may be empty: then nothing leads on to a form).
PARTS = {
    "da": (PERSONAS, ("/", "/profil/"), BOTH, 116, 4),
    "en": (PERSONAS, ("/en/", "/en/profil/"), {360: ("page", NO_CONTRAST)}, 114, 3),
    "admin": (
        ("admin@example.dk",),
        ("/admin/", "/admin/clusters/cluster/", "/en/admin/", "/en/admin/clusters/cluster/"),
        BOTH,
        22,
        1,
    ),
}
CHUNKS = [(part, n) for part, spec in PARTS.items() for n in range(spec[4])]
WIDTHS = (360, 1280)
# Every table scrolls inside a region its template names and makes focusable (not the admin's own
# tables, which scroll in their own way); the page itself never scrolls sideways.
LAYOUT = """(admin) => ({
  over: document.documentElement.scrollWidth - window.innerWidth,
  tables: admin ? [] : [...document.querySelectorAll('main table')].filter(table => {
    const region = table.closest('[role=region]');
    return !region || region.getAttribute('tabindex') !== '0'
      || !(region.getAttribute('aria-label') || region.getAttribute('aria-labelledby'));
  }).map(table => table.outerHTML.slice(0, 80)),
})"""
AXE = """async ([how, options]) => {
  const run = async (context, only) => (await axe.run(context, only)).violations;
  if (how === 'page') {
    window.klyngeHidden = [...document.querySelectorAll('body *')]
      .filter(e => !e.checkVisibility({visibilityProperty: true}));
    return run(document, options);
  }
  const shown = window.klyngeHidden.filter(e => e.checkVisibility({visibilityProperty: true}));
  const header = document.querySelector('body > header');
  const outermost = new Set(shown);
  const parts = shown.filter(e => !outermost.has(e.parentElement) && !header?.contains(e));
  if (header) parts.push(header);
  // The rules that measure the layout, as axe's defaults have them (target size is not one).
  const layout = ['target-size', 'scrollable-region-focusable', 'link-in-text-block'];
  const off = axe.getRules().filter(r => !layout.includes(r.ruleId))
    .map(r => [r.ruleId, {enabled: false}]);
  const found = await run(document, {...options, rules: Object.fromEntries(off)});
  return parts.length ? found.concat(await run({include: parts}, options)) : found;
}"""


def axe_problems(page, where: str, how: tuple) -> list[str]:
    problems = []
    for violation in page.evaluate(AXE, list(how)):
        if violation["impact"] not in IMPACTS:
            continue
        node = violation["nodes"][0]
        problems.append(
            f"{where}: axe {violation['id']} ({violation['impact']}) "
            f"x{len(violation['nodes'])} on {node['target']}: {node['html'][:160]}"
        )
    return problems


def check(page, who: str, path: str, axe: dict, widths: tuple[int, ...]) -> list[str]:
    """The loaded page at both widths (the same document, resized), the viewport's width first."""
    problems = []
    for width in widths:
        where = f"{who} {path} at {width} px"
        if width != widths[0]:
            page.set_viewport_size({"width": width, "height": 800})
        layout = page.evaluate(LAYOUT, bool(ADMIN.match(path)))
        if layout["over"] > 0:
            problems.append(f"{where}: scrolls sideways by {layout['over']} px")
        if width == 360:
            problems += [f"{where}: table not in a labelled region: {t}" for t in layout["tables"]]
        if width in axe:
            problems += axe_problems(page, where, axe[width])
    return problems


def pdf_problems(client, who: str, path: str) -> list[str]:
    response = client.get(path)
    if response.headers.get("content-type") != "application/pdf":
        return [f"{who} {path}: not a PDF ({response.status_code})"]
    reader = PdfReader(BytesIO(response.content))
    root = reader.trailer["/Root"]
    mark = root.get("/MarkInfo")
    tagged = bool(mark and mark.get("/Marked")) and "/StructTreeRoot" in root
    lang = str(root.get("/Lang", ""))
    title = reader.metadata.title if reader.metadata else ""
    if tagged and lang[:2] in ("da", "en") and title:
        return []
    return [f"{who} {path}: PDF tagged={tagged} lang={lang!r} title={title!r}"]


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def visit(context, page, plan_pages: list, axe: dict, site: str) -> list[str]:
    """Each planned page in the browser as its persona (the session cookie of a log-in)."""
    problems, who, widths = [], None, WIDTHS
    for email, path, _kind in plan_pages:
        if email != who:
            who = email
            cookie = signed_in(email).cookies[settings.SESSION_COOKIE_NAME]
            context.clear_cookies()
            context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site}])
        response = page.goto(path)
        assert response is not None and response.status < 500, f"{who} {path}: {response}"
        assert "text/html" in response.headers.get("content-type", ""), f"{who} {path}"
        problems += check(page, who, path, axe, widths)
        if len(axe) == 1:
            widths = widths[::-1]  # the next page is loaded at the width this one ended at
        else:  # axe's whole-page run first, at 360 px
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    return problems


@pytest.mark.parametrize(
    ("part", "chunk"), CHUNKS, ids=[f"{part}-{n + 1}of{PARTS[part][4]}" for part, n in CHUNKS]
)
def test_no_page_of_the_demo_scrolls_sideways_or_fails_axe(
    part, chunk, browser, live_server, tmp_path_factory
):
    personas, starts, axe, least, chunks = PARTS[part]
    logins = load_demo(tmp_path_factory.getbasetemp())
    assert set(personas) <= set(logins), logins
    plan = plan_for(part, personas, starts, tmp_path_factory.getbasetemp())
    kinds = {kind for _who, _path, kind in plan["pages"] + plan["pdfs"]}
    assert len(kinds) >= least, f"only {len(kinds)} kinds of page reached: {sorted(kinds)}"
    if part != "admin":
        pdf_kinds = sorted(kind for _who, _path, kind in plan["pdfs"])
        assert len(pdf_kinds) >= 5, f"too few of Klynge's PDFs reached: {pdf_kinds}"
    mine = plan["pages"][chunk::chunks]
    assert mine, plan
    mine.sort(key=lambda visit: personas.index(visit[0]))  # one log-in per persona
    problems = []
    for who, path, _kind in plan["pdfs"][chunk::chunks]:
        problems += pdf_problems(signed_in(who), who, path)
    cache_static(live_server)
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport={"width": 360, "height": 800}
    )
    context.add_init_script(path=Path(settings.BASE_DIR) / "node_modules/axe-core/axe.min.js")
    page = context.new_page()
    problems += visit(context, page, mine, axe, live_server.url)
    context.close()
    print(f"{part} {chunk + 1}/{chunks}: {len(mine)} of {len(plan['pages'])} pages")
    assert problems == [], "\n".join(problems)
