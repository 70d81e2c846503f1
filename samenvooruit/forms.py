"""Form helpers shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

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


def als_invoer(field, *, to_field_name=None, help_text=None):
    """Turn a ModelChoiceField into a typed field: a reference (`to_field_name`) in a text box, or
    the record's number. Validation stays the field's own: the value must be in its queryset."""
    if to_field_name:
        field.to_field_name = to_field_name
        field.widget = forms.TextInput(attrs={"autocomplete": "off"})
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
    """Show a service's ValidationError next to the field it names (else above the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
