from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared kernel"

    def ready(self) -> None:
        # Before any urls module is imported (URLconfs load lazily, after every app is ready).
        from core import converters

        converters.register()
