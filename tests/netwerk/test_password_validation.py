import pytest
from django.contrib.auth.password_validation import (
    get_default_password_validators,
    validate_password,
)
from django.core.exceptions import ValidationError

from netwerk.password_validation import MinimumLengthValidator


def test_minimum_length_message_is_dutch_singular_and_plural():
    with pytest.raises(ValidationError) as one:
        MinimumLengthValidator(min_length=1).validate("")
    with pytest.raises(ValidationError) as ten:
        MinimumLengthValidator(min_length=10).validate("kort")

    assert one.value.messages == [
        "Dit wachtwoord is te kort: het moet ten minste 1 teken bevatten."
    ]
    assert ten.value.messages == [
        "Dit wachtwoord is te kort: het moet ten minste 10 tekens bevatten."
    ]


def test_configured_minimum_length_is_kept():
    (length,) = [
        v for v in get_default_password_validators() if isinstance(v, MinimumLengthValidator)
    ]

    assert length.min_length == 10


def test_validate_password_gives_every_problem_in_dutch():
    with pytest.raises(ValidationError) as error:
        validate_password("12345")

    assert error.value.messages == [
        "Dit wachtwoord is te kort: het moet ten minste 10 tekens bevatten.",
        "Dit wachtwoord is te algemeen.",
        "Dit wachtwoord bevat alleen cijfers.",
    ]
