"""Password validation with Dutch messages.

Django 5.2 changed the msgid of MinimumLengthValidator's error ("%d character") but its Dutch
catalogue still translates the old one ("%(min_length)d character"), so that one message shows in
English. This subclass, named in settings.AUTH_PASSWORD_VALIDATORS, says it in Dutch; the other
validators' messages are translated already.
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
