"""Password validation with Dutch messages.

Django 5.2 changed the msgid of MinimumLengthValidator's error ("%d character") but its Dutch
catalogue still translates the old one ("%(min_length)d character"), so that one message shows in
English. This subclass says it in Dutch; the other validators' messages are translated already.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort: het moet ten minste %(min_length)d teken bevatten.",
            "Dit wachtwoord is te kort: het moet ten minste %(min_length)d tekens bevatten.",
            self.min_length,
        ) % {"min_length": self.min_length}


def validators():
    """The configured validators, Django's MinimumLengthValidator swapped for the Dutch one
    (a no-op once settings name this module's validator)."""
    return [
        MinimumLengthValidator(v.min_length)
        if type(v) is password_validation.MinimumLengthValidator
        else v
        for v in password_validation.get_default_password_validators()
    ]


def validate_password(password, user=None):
    password_validation.validate_password(password, user, password_validators=validators())
