"""The bench's numbers: one result per (path, operation, clients), merged over rounds, as Markdown."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass
class Result:
    path: str  # "a extension", "b direct client", "c official SDK"
    operation: str  # "show" or "list"
    clients: int
    p50_ms: float
    p99_ms: float
    per_second: float
    cpu_ms: dict[str, float] = field(default_factory=dict)  # CPU per request: bench, proxy, simulator


def median_of(rounds: list[list[Result]]) -> list[Result]:
    """Each measurement's median over the rounds (the rounds measure the same things in the same order)."""
    merged = []
    for index, first in enumerate(rounds[0]):
        same = [round_[index] for round_ in rounds]
        cpu = {name: statistics.median(r.cpu_ms[name] for r in same) for name in first.cpu_ms}
        merged.append(
            Result(
                first.path,
                first.operation,
                first.clients,
                statistics.median(r.p50_ms for r in same),
                statistics.median(r.p99_ms for r in same),
                statistics.median(r.per_second for r in same),
                cpu,
            )  # fmt: skip
        )
    return merged


def _row(r: Result) -> str:
    cpu = r.cpu_ms
    proxy = f"{cpu['proxy']:.2f}" if r.path.startswith("a") else "–"
    return (
        f"| {r.operation} | {r.clients} | {r.path} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.per_second:.0f} "
        f"| {cpu['bench']:.2f} | {proxy} | {cpu['simulator']:.2f} |"
    )


def verdicts(results: list[Result]) -> list[str]:
    """Ratios against the baselines of the same run: the direct client (b) and the official SDK (c).

    No targets: loopback latency is not what a user feels against a cloud 30-300 ms away. The
    guard of docs/benchmarks.md compares the proxy's CPU per call with an earlier run instead.
    """
    by = {(r.path[0], r.operation, r.clients): r for r in results}
    lines = []
    for operation in sorted({r.operation for r in results}, reverse=True):
        a1, b1, c1 = (by[(path, operation, 1)] for path in "abc")
        a32, b32 = by[("a", operation, 32)], by[("b", operation, 32)]
        lines.append(
            f"- {operation}: p50 through the extension is {a1.p50_ms / b1.p50_ms:.2f}x the direct client's "
            f"(+{a1.p50_ms - b1.p50_ms:.2f} ms) and {a1.p50_ms / c1.p50_ms:.2f}x the official SDK's; at 32 "
            f"clients it serves {a32.per_second / b32.per_second:.0%} of the direct client's requests per "
            f"second; the proxy spends {a1.cpu_ms['proxy']:.2f} ms of CPU per call."
        )
    return lines


def report(results: list[Result], machine: str, rounds: int, load_after: str) -> str:
    lines = [
        f"Machine: {machine}.",
        f"Median of {rounds} rounds; latency in ms; CPU in ms per request for each process "
        f"(load average at the end: {load_after}).",
        "",
        "| operation | clients | path | p50 | p99 | requests/s | CPU bench | CPU proxy | CPU simulator |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
        *(_row(r) for r in results),
        "",
        *verdicts(results),
    ]
    return "\n".join(lines) + "\n"
