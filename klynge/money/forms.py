import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from klynge.lib import files
from klynge.lib.forms import DateInput, Form, GuardedModelForm, ModelForm
from klynge.lib.money import kr
from klynge.meetings import lifecycle
from klynge.meetings.models import Meeting
from klynge.money.models import Accounts, AccountsLine, Budget, BudgetLine, ExpenseLine
from klynge.money.services import approval_problem

# "2.500" is two thousand five hundred kroner in Danish; "2.50" stays two and a half.
THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")

AMOUNT_ERRORS = {
    "invalid": _("Skriv beløbet som et tal, fx 1234,50."),
    "max_decimal_places": _("Beløbet kan højst have 2 decimaler (øre)."),
    "max_digits": _("Beløbet er for stort."),
    "min_value": _("Beløbet må ikke være negativt."),
    "required": _("Skriv beløbet."),
}


def readable_pdf(upload) -> bool:
    """A receipt is appended to the claim pack page by page, so it must open as a PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    upload.seek(0)
    try:
        return len(PdfReader(upload).pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError):
        return False
    finally:
        upload.seek(0)


class AmountField(forms.DecimalField):
    """Kroner with øre; accepts Danish "1.234,50" as well as "1234.50"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("error_messages", AMOUNT_ERRORS)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        self.localize = False

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace(" ", "").removesuffix("kr.").removesuffix("kr")
            if re.search(r"[eE]", text) or re.fullmatch(r"-?\d[\d,]*\.\d+", text) and "," in text:
                # "1e5" is no amount; "1,234.50" is written the English way round.
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            if "," in text or THOUSANDS.fullmatch(text):
                text = text.replace(".", "").replace(",", ".")
            value = text
        return super().to_python(value)


class ClaimStartForm(Form):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label=_("Møde"),
        help_text=_("Ét møde pr. krav. Kun afholdte møder uden krav kan vælges."),
        error_messages={
            "required": _("Vælg mødet."),
            "invalid_choice": _("Vælg et afholdt møde uden krav."),
        },
    )
    note = forms.CharField(
        label=_("Bemærkning til sekretariatet"), required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self._errors = None  # the DKFDS mixin cleaned before the queryset was set

    def clean_meeting(self):
        """A claim belongs to a meeting that has begun (a future "held" meeting has a wrong date)."""
        meeting = self.cleaned_data["meeting"]
        if why := lifecycle.not_started(meeting):
            raise ValidationError(why)
        return meeting


class ExpenseLineForm(ModelForm):
    amount = AmountField(label=_("Beløb (kr.)"))
    receipt_file = forms.FileField(
        label=_("Bilag (PDF, JPEG eller PNG)"),
        help_text=_("Bilaget skal vise sælger, CVR-nummer, vare, dato og beløb."),
        error_messages={"required": _("Vedhæft bilaget.")},
    )

    class Meta:
        model = ExpenseLine
        fields = ["kind", "supplier", "supplier_cvr", "date", "description", "amount"]
        widgets = {"date": DateInput()}
        error_messages = {
            "kind": {"required": _("Vælg udgiftstypen.")},
            "supplier": {"required": _("Skriv leverandørens navn.")},
            "date": {"required": _("Skriv bilagets dato."), "invalid": _("Skriv en gyldig dato.")},
        }

    def clean_supplier_cvr(self):
        cvr = re.sub(r"\s", "", self.cleaned_data.get("supplier_cvr", ""))
        if cvr and not re.fullmatch(r"\d{8}", cvr):
            raise ValidationError(_("Et CVR-nummer har 8 cifre."))
        return cvr

    def clean_receipt_file(self):
        upload = self.cleaned_data.get("receipt_file")
        if upload is None:
            return upload
        self.receipt_kind = files.check_upload(upload, files.RECEIPT_KINDS)
        if self.receipt_kind == files.PDF and not readable_pdf(upload):
            raise ValidationError(
                _(
                    "PDF-filen %(name)s kan ikke læses. Gem den som PDF igen, eller brug et billede."
                ),
                params={"name": upload.name},
            )
        return upload


class DecisionForm(Form):
    """The secretariat's decision on the current figures (`assessment`: what the rules give now).

    `seen` carries the amount the page showed: if the figures move while the page is open, the
    decision is refused and the new figures shown, keeping what was typed."""

    decision = forms.ChoiceField(
        label=_("Afgørelse"),
        choices=[("approve", _("Godkend")), ("reject", _("Afvis"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg godkend eller afvis.")},
    )
    amount = AmountField(
        label=_("Godkendt beløb (kr.)"),
        required=False,
        help_text=_("Tomt: det beløb, reglerne giver nu."),
    )
    comment = forms.CharField(
        label=_("Begrundelse"),
        help_text=_(
            "Skal udfyldes ved afvisning, og når der godkendes et andet beløb end det, reglerne "
            "giver nu, eller tallene er ændret siden indsendelsen."
        ),
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, assessment=None, **kwargs):
        self.assessment = assessment
        super().__init__(*args, **kwargs)
        if assessment is not None:
            self.fields["seen"].initial = str(assessment.refund)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("comment", "").strip():
            self.add_error("comment", _("Skriv begrundelsen for afvisningen."))
        if data.get("decision") != "approve" or self.assessment is None:
            return data
        current = str(self.assessment.refund)
        if data.get("seen") and data["seen"] != current:
            fresh = self.data.copy()
            fresh[self.add_prefix("seen")] = current
            self.data = fresh
            raise ValidationError(
                _(
                    "Tallene er ændret, mens siden var åben (reglerne giver nu %(current)s). Se "
                    "de nye tal, og gem afgørelsen igen."
                )
                % {"current": kr(self.assessment.refund)}
            )
        problem = approval_problem(self.assessment, data.get("amount"), data.get("comment", ""))
        if problem is not None:
            self.add_error(*problem)
        return data


class BudgetLineForm(ModelForm):
    amount = AmountField(label=_("Beløb (kr.)"))

    class Meta:
        model = BudgetLine
        fields = ["kind", "description", "amount"]
        error_messages = {
            "kind": {"required": _("Vælg posten.")},
            "description": {"required": _("Skriv en beskrivelse.")},
        }


class BudgetNoteForm(GuardedModelForm):
    class Meta:
        model = Budget
        fields = ["note"]
        labels = {"note": _("Bemærkninger")}
        widgets = {"note": forms.Textarea({"rows": 3})}


class AccountsForm(GuardedModelForm):
    opening_balance = AmountField(
        label=_("Overført saldo fra sidste år (kr.)"), min_value=Decimal("-9999999999")
    )
    statement_balance = AmountField(
        label=_("Saldo ifølge sekretariatets kontoudtog (kr.)"),
        required=False,
        min_value=Decimal("-9999999999"),
        help_text=_("Tallet på PLO's kontoudtog pr. 31. december; regnskabet afstemmes mod det."),
    )

    class Meta:
        model = Accounts
        fields = ["opening_balance", "statement_balance", "note"]
        widgets = {"note": forms.Textarea({"rows": 3})}


class AccountsLineForm(ModelForm):
    amount = AmountField(label=_("Beløb (kr.)"))

    class Meta:
        model = AccountsLine
        fields = ["direction", "date", "description", "amount"]
        widgets = {"date": DateInput()}
        error_messages = {
            "direction": {"required": _("Vælg indtægt eller udgift.")},
            "description": {"required": _("Skriv en beskrivelse.")},
            "date": {"invalid": _("Skriv en gyldig dato.")},
        }


def typed(data, form_class, files=None) -> bool:
    """Did the person type anything into this form's fields? (Then a second button on the same
    page must keep it: it is saved too, or shown again with its errors.)"""
    names = [name for name in form_class.base_fields if name != "seen"]
    return any(str(data.get(name, "")).strip() for name in names) or any(
        name in (files or {}) for name in names
    )


class StatementForm(Form):
    """PLO's account statement for the year (CSV or Excel: date, text, amount, balance)."""

    file = forms.FileField(
        label=_("PLO's kontoudtog (CSV eller Excel)"),
        help_text=_(
            "Kolonnerne Dato, Tekst, Beløb og Saldo, med kolonnenavnene i første række. "
            "En ny indlæsning erstatter den forrige for året."
        ),
        error_messages={"required": _("Vælg filen med kontoudtoget.")},
    )

    def __init__(self, *args, year: int, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.today = year, today

    def clean_file(self):
        from klynge.money import statement

        upload = self.cleaned_data["file"]
        files.check_table_upload(upload)
        try:
            self.lines = statement.parse(upload.name, upload.read(), self.year, self.today)
        except statement.StatementFileError as exc:
            raise forms.ValidationError(str(exc), code="bad_file") from exc
        return upload


class InboxFilterForm(Form):
    """The secretariat's inbox narrowed to the clusters whose name holds the text."""

    klynge = forms.CharField(label=_("Klyngens navn"), required=False, max_length=100)
