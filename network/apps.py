from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"

    def ready(self) -> None:
        from network import signals  # noqa: F401  (connects the Block receivers)
