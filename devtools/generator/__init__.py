"""A deterministic professional network (members, profiles, connections) and its COPY loader,
shared by generate_graph, the demo seed and the benchmarks."""

from devtools.generator.clustering import average_clustering
from devtools.generator.members import MemberRow, Members
from devtools.generator.network import Network, Params, csr, generate

__all__ = ("MemberRow", "Members", "Network", "Params", "average_clustering", "csr", "generate")
