"""The shared kernel below every app: base domain errors, pagination, schema and web helpers."""
