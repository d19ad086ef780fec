"""Path converters: a database id in a URL is an integer PostgreSQL's bigint can hold."""

from django.urls import register_converter

# BigAutoField is PostgreSQL's bigint: larger numbers are no row's id, and handing one to the
# database is a DataError (a 500), not a miss.
DATABASE_ID_MAX = 2**63 - 1


class DatabaseIdConverter:
    """`<id:name>`: digits, at most bigint's maximum; anything else does not match (a 404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > DATABASE_ID_MAX:
            raise ValueError("beyond the database's id range")  # Django: no match
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


def register() -> None:
    """Make `<id:...>` available to every urls module (called from CoreConfig.ready); the
    schema documents it as bigint (SPECTACULAR_SETTINGS["PATH_CONVERTER_OVERRIDES"])."""
    register_converter(DatabaseIdConverter, "id")
