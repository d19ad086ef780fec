"""bench_export: Download your data for a member at the connection cap."""
