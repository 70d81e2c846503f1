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

# A household was given to a trusted person: at an intake with an assignment, or when a
# coordinator reassigns it. Arguments: huishouden, vertrouwenspersoon (the new one), door (the
# user who did it, or None).
huishouden_toegewezen = Signal()

# All households of one trusted person went to another in one step (services.
# draag_huishoudens_over). Arguments: overdracht (hulpvragen.models.Overdracht), door.
huishoudens_overgedragen = Signal()
