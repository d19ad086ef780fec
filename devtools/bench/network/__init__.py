"""bench_network: the network read side on a generated graph (run.py has the whole story)."""
