from django.apps import AppConfig


class MeldingenConfig(AppConfig):
    name = "meldingen"
    verbose_name = "Meldingen"

    def ready(self):
        """Listen to the domain's events (the domain apps never import this app)."""
        from hulpvragen import signals as hulpvragen_signals
        from meldingen import receivers

        for signal, receiver in ((hulpvragen_signals.mogelijk_dubbel, receivers.mogelijk_dubbel),):
            signal.connect(receiver, dispatch_uid=f"meldingen.{receiver.__name__}")
