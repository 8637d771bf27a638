"""Demo data for the secretariat's desk (idempotent): guides and templates for both schemes, news
to the coordinators, and a question answered by eKVIS."""

from datetime import date

from django.core.files.base import ContentFile

from klynge.accounts.models import User
from klynge.clusters.audit import Actor
from klynge.clusters.models import Scheme
from klynge.desk import demo_samples, services
from klynge.lib import files, tables
from klynge.lib.pdf import render_pdf

GUIDES = [
    # scheme, category, title, version date, paragraphs (PDF) or None (the budget template)
    (
        "ekvis",
        "guide",
        "Vejledning til klyngekoordinatorer",
        date(2026, 1, 15),
        [
            "Klyngekoordinatoren indkalder til mindst to og højst fire klyngemøder om året.",
            "Dagsorden og materiale sendes ud senest en uge før mødet.",
            "Deltagerlisten sendes til eKVIS efter hvert møde sammen med refusionskravet.",
            "Koordinatoren deltager i det årlige koordinatortræf, som eKVIS arrangerer.",
        ],
    ),
    (
        "ekvis",
        "template",
        "Skabelon til dagsorden for klyngemøde",
        date(2025, 9, 1),
        [
            "1. Velkomst og godkendelse af dagsorden",
            "2. Opfølgning fra sidste møde",
            "3. Fagligt tema med data fra klinikkerne",
            "4. Aftaler og næste møde",
        ],
    ),
    ("ekvis", "template", "Budgetskabelon for klyngen", date(2026, 1, 2), None),
    (
        "ekvis",
        "rules",
        "Refusion af forplejning og lokaleleje",
        date(2026, 1, 1),
        [
            "Forplejning refunderes pr. deltagende speciallæge efter satserne i regelsættet.",
            "Bilag vedlægges refusionskravet, og deltagerlisten skal være underskrevet.",
        ],
    ),
    (
        "kiap",
        "guide",
        "Klyngehåndbogen – kom godt i gang",
        date(2026, 2, 1),
        [
            "Klyngen er et fagligt fællesskab for almen praksis i kommunen.",
            "Bestyrelsen vælges på generalforsamlingen, og koordinatoren er klyngens kontakt.",
            "Klyngepakker bestilles hos KiAP eller den regionale kvalitetsenhed.",
        ],
    ),
    (
        "kiap",
        "template",
        "Skabelon til referat af generalforsamling",
        date(2025, 11, 10),
        [
            "1. Valg af dirigent og referent",
            "2. Formandens beretning",
            "3. Regnskab og budget",
            "4. Valg til bestyrelsen",
            "5. Eventuelt",
        ],
    ),
    ("kiap", "template", "Budgetskabelon for klyngen", date(2026, 1, 2), None),
]

BUDGET = [
    ["Indtægt fra regionen", 0],
    ["Lokaleleje", 0],
    ["Forplejning", 0],
    ["Eksterne oplæg", 0],
    ["Honorarer", 0],
    ["Klyngepakker", 0],
]


def document(title: str, paragraphs) -> tuple[bytes, files.Kind, str]:
    if paragraphs is None:
        content = tables.xlsx_bytes(tables.Table(["Post", "Beløb (kr.)"], BUDGET, sheet="Budget"))
        return content, files.XLSX, f"{title}.xlsx"
    content = render_pdf("desk/demo_guide.html", {"title": title, "paragraphs": paragraphs})
    return content, files.PDF, f"{title}.pdf"


NEWS = [
    (
        "ekvis",
        "Koordinatortræf 2026 – sæt kryds i kalenderen",
        "Årets koordinatortræf holdes torsdag den 10. september 2026 i Odense.\n\n"
        "Programmet byder på erfaringer med data i klyngerne og en workshop om gode klyngemøder. "
        "Invitationen følger.",
    ),
    (
        "kiap",
        "Nye klyngepakker om antibiotika og polyfarmaci",
        "KiAP har udgivet to nye klyngepakker. De kan bestilles fra klyngens årshjul.",
    ),
]

QUESTION = (
    "oejenklyngen-nord",
    "ekvis.koordinator",
    "Kan vi få refunderet forplejning, når mødet holdes virtuelt med fælles frokost bagefter?",
    "Nej, forplejning refunderes kun for fysiske møder. Lokaleleje og oplæg følger de "
    "almindelige regler.",
)


def load(world, stdout):
    schemes = {scheme.code: scheme for scheme in Scheme.objects.all()}
    made = load_guides(schemes)
    for code, title, body in NEWS:
        if not schemes[code].news.filter(title=title).exists():
            services.publish_news(
                schemes[code], by=Actor.system("demo"), title=title, body=body, emailed=True
            )
    load_question(world)
    stdout.write(f"Desk: {made} guides and templates, news and a question.")
    demo_samples.load(world, stdout)


def load_question(world):
    slug, local, asked, answer = QUESTION
    cluster = world.clusters[slug]
    if cluster.questions.exists():
        return
    coordinator = world.people[local].user
    secretariat = User.objects.filter(secretariat_of=cluster.scheme).order_by("pk").first()
    services.ask(cluster, asked, by=coordinator, from_secretariat=False)
    if secretariat is not None:
        services.ask(cluster, answer, by=secretariat, from_secretariat=True)


def load_guides(schemes) -> int:
    made = 0
    for code, category, title, version, paragraphs in GUIDES:
        scheme = schemes[code]
        if scheme.guides.filter(title=title).exists():
            continue
        content, kind, name = document(title, paragraphs)
        upload = ContentFile(content, name=name)
        services.publish_guide(
            scheme,
            upload,
            kind,
            by=Actor.system("demo"),
            title=title,
            category=category,
            version_date=version,
        )
        made += 1
    return made
