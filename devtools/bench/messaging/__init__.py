"""bench_messaging: inbox, open conversation and send on a dataset of its own (run.py)."""
