from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Right of access, anonymisation, retention and the household's whole change history. Reads
    and writes every domain app; none of them imports it."""

    name = "privacy"
