from django.apps import AppConfig


class StandingConfig(AppConfig):
    name = "standing"
    verbose_name = "Standing (sanctions and appeals)"
