"""Events of the emergency fund that other apps may act on (the notices, `meldingen`, listen to
them; this app never imports that one). Sent by `services.transition_aanvraag` inside its
transaction: a receiver that writes does so in the same transaction, so a refused or rolled-back
action leaves nothing behind. Every signal has the arguments aanvraag and door (the user who
acted)."""

from django.dispatch import Signal

# The committee (or the coordinator) asked the applicant a question: status meer informatie.
informatie_gevraagd = Signal()

# The application was decided: toegekend or afgewezen (by the committee, or urgently by the
# coordinator).
aanvraag_besloten = Signal()

# After an opinion the committee is split (selectors.is_verdeeld): a third opinion decides.
oordelen_verdeeld = Signal()
