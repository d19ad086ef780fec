from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Developers' tools: benchmarks, the graph generator, the demo seed. No app imports it."""

    name = "devtools"
    verbose_name = "Developer tools"
