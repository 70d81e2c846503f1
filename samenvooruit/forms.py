"""Form helpers shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenvooruit import versie as versies

# The largest id a database column holds (bigint): a larger number typed into a form is no record.
MAX_ID = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a number no id can be before the database is asked about it (Django
    looks the chosen ids up with `IN (...)`, which fails on a number beyond bigint)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


# Above this many records a choice field stops sending every record as an <option> (a city-wide
# network has 100,000+ households and trusted persons): the user types a reference or a number.
MAX_KEUZES = 200


def te_veel_keuzes(queryset) -> bool:
    """More records than a drop-down should hold (counts at most MAX_KEUZES + 1)."""
    return queryset.order_by()[: MAX_KEUZES + 1].count() > MAX_KEUZES


def als_invoer(field, *, to_field_name=None, help_text=None, getal=False):
    """Turn a ModelChoiceField into a typed field: a reference (`to_field_name`) in a text box
    (`getal`: a number of the record's own, such as a trusted person's `nummer`, with the
    phone's number keyboard), or the record's id. Validation stays the field's own: the value
    must be in its queryset."""
    if to_field_name:
        field.to_field_name = to_field_name
        attrs = {"autocomplete": "off"}
        if getal:
            attrs.update(inputmode="numeric", pattern="[0-9]*")
        field.widget = forms.TextInput(attrs=attrs)
    else:
        field.widget = forms.NumberInput()
    if help_text is not None:
        field.help_text = help_text


def service_rule(validate, value):
    """`clean_<field>` by the service's own rule for one value: its message shows next to the
    field (an empty value is the field's own business: required or not)."""
    if value is not None:
        try:
            validate(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
    return value


def check_service_rule(form, validate, **values) -> None:
    """In `clean()`: ask the service's rule about several fields at once; a refusal shows next
    to the field it names (else above the form), together with the form's other errors."""
    try:
        validate(**values)
    except ValidationError as exc:
        apply_service_errors(form, exc)


def apply_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the field it names (else above the form). A
    save from an old version (`versie.Verouderd`) also brings the form up to date: see
    `toon_verouderd`."""
    if isinstance(exc, versies.Verouderd):
        toon_verouderd(form, exc)
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# --- optimistic locking (samenvooruit.versie) ----------------------------------------------------


class VersieForm:
    """A mixin for the ModelForm of a record with optimistic locking: the form carries, hidden,
    the version of the record it was opened at, and hands it to the service as `form.versie`
    (the services compare it: `versie.controleer_versie`). A new record has no version yet."""

    versie: int | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[versies.VELD] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                min_value=1,
                max_value=versies.MAX_VERSIE,
            )
            self.initial[versies.VELD] = getattr(self.instance, versies.VELD)

    def clean(self):
        data = super().clean()
        if versies.VELD in self.fields:
            self.versie = data.pop(versies.VELD, None)
            if self.versie is None:  # beside the other messages: the subclass's clean goes on
                self.add_error(None, ValidationError(ZONDER_VERSIE, code="zonder_versie"))
        return data


ZONDER_VERSIE = gettext_lazy(
    "Dit formulier is onvolledig of verouderd. Open de pagina opnieuw en vul het opnieuw in."
)


def toon_verouderd(form, exc: versies.Verouderd) -> None:
    """After a save from an old version: the form carries the current version on, and each
    field someone else changed meanwhile gets the current value: in place of the user's input
    when the user left that field as it was (the note says so), else beside it (the user's
    input stays; the user chooses). Nothing else of the user's input changes."""
    form.data = form.data.copy()
    form.data[form.add_prefix(versies.VELD)] = str(exc.versie)
    tussentijds = exc.tussentijds
    for name, nu in tussentijds.nu.items():
        field = form.fields.get(name)
        if field is None or field.disabled:
            continue
        context = {"door": tussentijds.door[name], "waarde": tussentijds.nu_label[name]}
        eigen = form.cleaned_data.get(name)
        if versies.gelijk(eigen, nu):
            continue  # the user typed what is stored now
        if versies.gelijk(eigen, tussentijds.voor.get(name)) and _neem_over(form, name, nu):
            field.help_text = (
                _("Intussen gewijzigd door %(door)s; de nieuwe waarde staat hier nu.") % context
            )
        else:
            form.add_error(
                name,
                _("Intussen gewijzigd door %(door)s in: %(waarde)s. Hier staat nog uw invoer.")
                % context,
            )


def _neem_over(form, name, value) -> bool:
    """Put `value` (a stored value, an id for a record) in the form's data as if typed, when
    the field reads it back as that value; else leave the input as it is."""
    field = form.fields[name]
    key = form.add_prefix(name)
    prepared = field.prepare_value(value)
    if isinstance(field.widget, forms.CheckboxInput):
        tekst = "true" if prepared else "false"
    else:
        tekst = "" if prepared is None else str(prepared)
    data = form.data.copy()
    data[key] = tekst
    try:
        terug = field.clean(field.widget.value_from_datadict(data, form.files, key))
    except ValidationError:
        return False
    if not versies.gelijk(terug, value):
        return False
    form.data = data
    return True
