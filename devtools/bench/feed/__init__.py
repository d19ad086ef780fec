"""bench_feed: the home feed and a busy group page in a database of its own (run.py)."""
