from tests.groups.conftest import refused, third

__all__ = ["refused", "third"]
