"""Events of the casework that other apps may act on (the notices, `meldingen`, listen to them;
this app never imports that one). Sent by the services inside their transaction: a receiver
that writes does so in the same transaction, so a rolled-back action leaves nothing behind."""

from django.dispatch import Signal

# A household or person about to be registered looks like one in households the user who
# registers it may not see: they were told only to ask the coordinator (services.
# controleer_dubbelen), or they saved it all the same (services.meld_dubbel_opgeslagen).
# Arguments: kandidaten (those households), door (the user), nieuw (the household just saved;
# absent before saving).
mogelijk_dubbel = Signal()
