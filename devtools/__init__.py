"""Tools for developers, not product code: benchmarks, the graph generator and its COPY loader,
the demo seed and its vocabularies. Installed so that their management commands run; product
apps never import this package.

- generator/: the generated network (members, edges) and loading it with COPY
- demo/: the demo login, vocabularies and `seed_demo`
- bench/: one package or module per benchmark; reporting.py: their shared timing and output
- graph_access.py: the only way in to the graph cache's internals
- management/commands/: thin commands that parse arguments and call the above
"""
