from datetime import timedelta

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.fields import YdernummerFormField
from klynge.clusters.models import Clinic, ClinicAffiliation, ClusterMembership, Person
from klynge.lib import danish, forms
from klynge.members.models import LeaveNotice, ListedPatients

Reason = ClusterMembership.Reason
LAST_YEAR = 2100


class SearchForm(forms.Form):
    STATUS_CHOICES = [
        ("open", _("Nuværende medlemmer")),
        ("active", _("Aktive")),
        ("in_doubt", _("Tvivl om status")),
        ("ended", _("Ophørte")),
        ("all", _("Alle")),
    ]
    SORT_CHOICES = [
        ("name", _("Navn")),
        ("ydernummer", _("Ydernummer")),
        ("joined", _("Indmeldt")),
    ]
    q = django_forms.CharField(
        label=_("Søg"),
        required=False,
        max_length=100,
        help_text=_("Klinikkens navn, ydernummer eller en persons navn"),
    )
    status = django_forms.ChoiceField(label=_("Vis"), choices=STATUS_CHOICES, required=False)
    sort = django_forms.ChoiceField(label=_("Sortér efter"), choices=SORT_CHOICES, required=False)


class ClinicForm(forms.GuardedModelForm):
    class Meta:
        model = Clinic
        fields = ["name", "address", "postcode", "city", "email", "phone", "specialty"]

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if value and not (value.isdigit() and len(value) == 4):
            raise ValidationError(_("Et postnummer har 4 cifre."))
        return value


class AddClinicForm(ClinicForm):
    """Add a clinic by ydernummer. Name is only required for a clinic Klynge does not know."""

    ydernummer = YdernummerFormField(label=_("Ydernummer"))
    # Declared here, not changed in __init__: DKFDSMixin validates a bound form while it is made.
    name = django_forms.CharField(
        label=_("Navn"),
        max_length=200,
        required=False,
        help_text=_(
            "Skal udfyldes, når klinikken er ny i Klynge; kan udelades, hvis Klynge kender ydernummeret."
        ),
    )
    joined = django_forms.DateField(
        label=_("Indmeldt pr."), widget=forms.DateInput, initial=timezone.localdate
    )
    confirm_other = django_forms.BooleanField(
        label=_("Ja, klinikken skal også være medlem af denne klynge"), required=False
    )

    class Meta(ClinicForm.Meta):
        fields = ["name", "address", "postcode", "city", "email", "phone"]

    field_order = ["ydernummer", "name", "address", "postcode", "city", "email", "phone", "joined"]

    def __init__(self, *args, cluster, **kwargs):
        self.cluster = cluster
        self.existing = None
        self.others = []
        super().__init__(*args, **kwargs)
        # While typing, the page says whether the clinic is known or its name is needed.
        self.fields["ydernummer"].widget.attrs.update(
            {
                "hx-get": reverse("members:ydernummer_check", args=[cluster.slug]),
                "hx-trigger": "input changed delay:300ms, change",
                "hx-target": "#ydernummer-check",
                "hx-swap": "outerHTML",
                "aria-describedby": "ydernummer-check",
            }
        )

    def clean(self):
        from klynge.members.services import open_membership, other_active_memberships

        data = super().clean()
        number = data.get("ydernummer")
        if not number:
            return data
        self.existing = Clinic.objects.filter(ydernummer=number).first()
        if self.existing is None and not data.get("name"):
            self.add_error("name", _("Klinikken er ny i Klynge: skriv klinikkens navn."))
        if self.existing is not None and open_membership(self.cluster, self.existing):
            self.add_error(
                "ydernummer",
                _("%(clinic)s er allerede medlem af klyngen.") % {"clinic": self.existing},
            )
            return data
        self.others = other_active_memberships(self.existing, self.cluster)
        if self.others and not data.get("confirm_other"):
            names = ", ".join(m.cluster.name for m in self.others)
            self.add_error(
                "confirm_other",
                _(
                    "Ydernummeret er allerede aktivt medlem af %(clusters)s. "
                    "Bekræft, at klinikken også skal være medlem her."
                )
                % {"clusters": names},
            )
        return data

    def _post_clean(self):
        # The instance is chosen by the service (existing clinic or a new one), not here.
        pass


class DoubtForm(forms.Form):
    note = django_forms.CharField(
        label=_("Hvad er der tvivl om?"),
        widget=django_forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    follow_up_by = django_forms.DateField(
        label=_("Følg op senest"),
        widget=forms.DateInput,
        help_text=_("Opgaven vises på dit overblik indtil status er afklaret."),
    )

    def clean_follow_up_by(self):
        value = self.cleaned_data["follow_up_by"]
        if value < timezone.localdate():
            raise ValidationError(_("Datoen ligger i fortiden."))
        return value


class ConfirmActiveForm(forms.Form):
    note = django_forms.CharField(
        label=_("Hvad blev afklaret?"),
        widget=django_forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class EndMembershipForm(forms.Form):
    left = django_forms.DateField(
        label=_("Udmeldt pr."),
        help_text=_(
            "Den sidste dag, klinikken er medlem. Til og med den dag står den på listerne."
        ),
        widget=forms.DateInput,
        initial=timezone.localdate,
    )
    reason = django_forms.ChoiceField(
        label=_("Årsag"), choices=Reason.choices, widget=django_forms.RadioSelect
    )
    note = django_forms.CharField(
        label=_("Bemærkning"),
        widget=django_forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    send_notice = django_forms.BooleanField(
        label=_("Send beskeden til den regionale kvalitetsenhed nu"),
        help_text=_("Uden flueben gemmes beskeden som udkast, som du kan rette og sende bagefter."),
        required=False,
        initial=True,
    )

    def __init__(self, *args, membership, **kwargs):
        self.membership = membership
        super().__init__(*args, **kwargs)

    def clean_left(self):
        value = self.cleaned_data["left"]
        if value < self.membership.joined:
            raise ValidationError(
                _("Klinikken blev indmeldt %(date)s; udmeldelsen kan ikke ligge før.")
                % {"date": danish.day(self.membership.joined)}
            )
        if value.year > LAST_YEAR:
            raise ValidationError(_("Datoen skal ligge senest i %(year)s.") % {"year": LAST_YEAR})
        # Stored as the first day out (joined <= D < left, clusters.models.membership_on).
        return value + timedelta(days=1)

    def clean(self):
        data = super().clean()
        if data.get("reason") == Reason.OTHER and not data.get("note"):
            self.add_error("note", _("Skriv årsagen, når du vælger »Andet«."))
        return data


class NoticeForm(forms.ModelForm):
    class Meta:
        model = LeaveNotice
        fields = ["subject", "body"]
        widgets = {
            "subject": django_forms.TextInput(attrs={"class": "input-width-xl"}),
            "body": django_forms.Textarea(attrs={"rows": 22, "class": "input-width-xl"}),
        }


class DismissNoticeForm(forms.Form):
    dismiss_reason = django_forms.CharField(
        label=_("Hvorfor sendes beskeden ikke?"),
        widget=django_forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Fx: ydernummeret er ophørt, så der er ingen klinik at besøge."),
    )


class ListedPatientsForm(forms.ModelForm):
    class Meta:
        model = ListedPatients
        fields = ["year", "count"]

    def __init__(self, *args, clinic, **kwargs):
        self.clinic = clinic
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year + 1:
            raise ValidationError(_("Skriv et årstal mellem 2000 og næste år."))
        return year

    def validate_unique(self):
        # Saving the same year again updates the count (see views.listed_patients).
        pass


class PersonFields(forms.Form):
    """The person and role fields shared by the logged-in pages and the self-service link."""

    name = django_forms.CharField(label=_("Navn"), max_length=200)
    email = django_forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Skriv en gyldig e-mailadresse, fx navn@klinik.dk.")},
    )
    phone = django_forms.CharField(label=_("Telefon"), max_length=30, required=False)
    role = django_forms.ChoiceField(label=_("Rolle"), choices=ClinicAffiliation.Role.choices)
    start = django_forms.DateField(
        label=_("Fra"), widget=forms.DateInput, initial=timezone.localdate
    )

    def clean_name(self):
        value = " ".join(self.cleaned_data["name"].split())
        if not value:
            raise ValidationError(_("Skriv personens navn."))
        return value


class AddPersonForm(PersonFields):
    def __init__(self, *args, clinic, **kwargs):
        self.clinic = clinic
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "Har personen allerede en plads i Klynge (fx i en anden klinik), findes hun eller han "
            "ud fra e-mailadressen."
        )

    def clean(self):
        from klynge.members.services import find_person

        data = super().clean()
        person = find_person(data.get("name"), data.get("email"))
        if (
            person is not None
            and self.clinic.affiliations.filter(person=person, end__isnull=True).exists()
        ):
            self.add_error(
                "email",
                _("%(name)s er allerede tilknyttet klinikken.") % {"name": person.name},
            )
        return data


class EditAffiliationForm(forms.GuardedForm, PersonFields):
    """A person (shared by their clinics) and their role and start in this clinic. Two people
    may edit at once: a save over a change made since the form was shown is refused."""

    def __init__(self, *args, affiliation, **kwargs):
        self.affiliation = affiliation
        kwargs.setdefault("initial", self.stored_values())
        super().__init__(*args, **kwargs)
        self.guard()

    def stored_values(self) -> dict:
        person, affiliation = self.affiliation.person, self.affiliation
        return {
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "role": affiliation.role,
            "start": affiliation.start,
        }

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email:
            clash = (
                Person.objects.filter(email__iexact=email)
                .exclude(pk=self.affiliation.person_id)
                .first()
            )
            if clash is not None:
                raise ValidationError(
                    _("E-mailadressen bruges allerede af %(name)s.") % {"name": clash.name}
                )
        return email


class EndAffiliationForm(forms.Form):
    end = django_forms.DateField(
        label=_("Stopper i klinikken pr."),
        help_text=_("Den første dag, personen ikke længere er med i klinikken."),
        widget=forms.DateInput,
        initial=timezone.localdate,
    )

    def __init__(self, *args, affiliation, **kwargs):
        self.affiliation = affiliation
        super().__init__(*args, **kwargs)

    def clean_end(self):
        value = self.cleaned_data["end"]
        if value < self.affiliation.start:
            raise ValidationError(
                _("Personen startede %(date)s; slutdatoen kan ikke ligge før.")
                % {"date": danish.day(self.affiliation.start)}
            )
        return value


class SelfServiceLinkForm(forms.Form):
    to = django_forms.EmailField(
        label=_("Send linket til"),
        error_messages={"invalid": _("Skriv en gyldig e-mailadresse, fx navn@klinik.dk.")},
        help_text=_("Klinikkens kontaktadresse. Linket virker i 14 dage."),
    )


class ConsentForm(forms.Form):
    GIVEN, WITHDRAWN = "given", "withdrawn"
    action = django_forms.ChoiceField(
        label=_("Samtykke"),
        choices=[(GIVEN, _("Givet")), (WITHDRAWN, _("Trukket tilbage"))],
        widget=django_forms.RadioSelect,
    )
    on = django_forms.DateField(label=_("Dato"), widget=forms.DateInput, initial=timezone.localdate)
    note = django_forms.CharField(
        label=_("Bemærkning"),
        max_length=200,
        required=False,
        help_text=_("Fx hvordan samtykket blev givet (underskrevet blanket, e-mail)."),
    )

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise ValidationError(_("Datoen ligger i fremtiden."))
        return value


class JanuaryCheckForm(forms.Form):
    note = django_forms.CharField(
        label=_("Bemærkning"),
        widget=django_forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("Fx hvilke ydernumre der er rettet hos KiAP."),
    )


class ImportForm(forms.Form):
    file = django_forms.FileField(
        label=_("Fil (CSV eller Excel)"),
        help_text=_("Brug skabelonen. Højst 5.000 rækker."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("Filen er for stor (højst 5 MB)."))
        return upload
