"""The benchmark's report as the table it prints."""

from __future__ import annotations

from typing import Any


def table(report: dict[str, Any]) -> str:
    g = report["graph"]
    lines = [
        f"graph: {g['members']:,} members, {g['connections']:,} connections, "
        f"mean degree {g['mean_degree']}, clustering {g['clustering']} (sampled)"
    ]
    header = (
        f"{'workload':<9} {'viewer':>7} {'p50 ms':>9} {'p95 ms':>9} {'target':>7} {'':>4} "
        f"{'naive SQL ms':>13} {'x naive':>9} {'limit ms':>9} {'x limit':>8}"
    )
    lines += [header, "-" * len(header)]
    for name, by_size in report["workloads"].items():
        for entry in by_size.values():
            lines.append(f"{name:<9} " + _row(entry))
            if name == "W3":
                lines.append(
                    f"{'  online':<9} {'':>7} {entry['online_p50_ms']:>9.3f} "
                    f"{entry['online_p95_ms']:>9.3f}   (ranked afresh, nothing stored)"
                )
            if name == "W8":
                lines.append(
                    f"{'  fan-out':<9} {'':>7} {entry['fanout_p50_ms']:>9.3f} "
                    f"{entry['fanout_p95_ms']:>9.3f}   ({entry['fanout_keys_p50']:,} "
                    "second-degree sets marked stale, p50)"
                )
                if entry.get("pushed_p50_ms") is not None:
                    lines.append(
                        f"{'  pushed':<9} {'':>7} {entry['pushed_p50_ms']:>9.3f} "
                        f"{entry['pushed_p95_ms']:>9.3f}   (commit until a listener "
                        "applied the change: every other process's arrays are dropped)"
                    )
    memory = report["memory"]
    held = (
        f"snapshot {memory['snapshot_bytes'] / 2**20:,.0f} MiB, mapped by every process"
        if "snapshot" in memory
        else f"Redis used_memory delta {memory['redis_bytes_g1'] / 2**20:,.0f} MiB for "
        f"{memory['members_cached']:,} arrays"
    )
    lines.append(
        f"memory: {memory['gb_per_million_members']} GB per million members "
        f"(target {memory['target_gb_per_million_members']}; {held}); "
        f"this process's local tier held {memory['local_tier_bytes'] / 2**20:,.0f} MiB "
        f"at the end (budget {memory['local_tier_budget_bytes'] / 2**20:,.0f} MiB)"
    )
    check = report["correctness"]
    lines.append(
        f"correctness: {check['pairs_checked']:,} pairs checked against scipy BFS, "
        f"{check['mismatches']} mismatches"
    )
    return "\n".join(lines)


def _row(entry: dict[str, Any]) -> str:
    # "ok": p95 within the target; "p50": only the median is; "MISS": neither.
    met = (
        "ok"
        if entry["p95_ms"] <= entry["target_ms"]
        else "p50"
        if entry["p50_ms"] <= entry["target_ms"]
        else "MISS"
    )
    timed_out = ">=" if entry.get("baseline_timed_out") else ""
    baseline = entry.get("baseline_ms")
    base = "-" if baseline is None else f"{timed_out}{baseline:,.1f}"
    ratio = entry.get("vs_baseline")
    versus = "-" if ratio is None else f"{timed_out}{ratio:,.0f}"
    limit = entry.get("limit_ms")
    limit_text = "-" if limit is None else f"{limit:.4f}"
    return (
        f"{entry['viewer_connections']:>7,} {entry['p50_ms']:>9.3f} {entry['p95_ms']:>9.3f} "
        f"{entry['target_ms']:>7g} {met:>4} {base:>13} {versus:>9} {limit_text:>9} "
        f"{entry.get('vs_limit', '-')!s:>8}"
    )
