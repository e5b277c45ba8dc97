"""The results as a Markdown report: one table per database size, then the list-page checks."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from bench.load import Measured

P99_LIMIT_MS = 50.0
# Endpoints held to another p99 (the statistics: ≤ 100 ms with 1,000,000 dossiers, issue 19).
P99_LIMITS_MS = {"stats": 100.0, "stats-trend": 100.0, "stats-agencies": 100.0}
# Share of the hello-world ceiling each endpoint must reach.
RATIO_TARGETS = {"search": 0.50, "detail": 0.35, "submit": 0.10}
# List page: CPU per request at the largest size vs the smallest, each in units of the ceiling's
# CPU per request measured right beside it (the machine's mood moves both alike on shared
# cores): the median of PAIRS short runs of the ceiling and the list back to back, so that one
# run caught in a slow or fast moment does not decide. Generous: single pairs still moved by up
# to ±30 %; a lost index or an extra query per row costs many times that.
MORE_CPU = 1.25
PAIRS = 3


@dataclass
class Row:
    name: str
    label: str
    measured: Measured
    ceiling: float
    cpu_ms: dict[str, float] = field(default_factory=dict)  # per request: see CPU_PARTS
    note: str = ""  # why the figure cannot be trusted, if it cannot
    compare_only: bool = False  # shown beside the others, judged against nothing

    @property
    def ratio(self) -> float:
        return self.measured.requests_per_second / self.ceiling if self.ceiling else 0.0

    def verdicts(self) -> tuple[str, bool]:
        if self.compare_only:
            return "(for comparison)", True
        parts, ok = [], True
        if self.name != "ceiling":
            limit = P99_LIMITS_MS.get(self.name, P99_LIMIT_MS)
            ok = self.measured.p99_ms <= limit
            parts.append(f"p99 ≤ {limit:.0f} ms")
        target = RATIO_TARGETS.get(self.name)
        if target is not None:
            ok = ok and self.ratio >= target
            parts.insert(0, f"≥ {target:.0%}")
        if self.note:
            ok = False
            parts.append(self.note)
        if not self.measured.clean:
            ok = False
            parts.append(f"{self.measured.not_2xx} non-2xx, {self.measured.socket_errors} "
                         "socket errors")
        return ", ".join(parts) or "—", ok


@dataclass
class Phase:
    dossiers: int
    rows: list[Row] = field(default_factory=list)
    transactions: dict[str, float] = field(default_factory=dict)
    plans: dict[str, dict[str, Any]] = field(default_factory=dict)
    # List CPU (server + PostgreSQL) per request over the ceiling's server CPU per request, one
    # per back-to-back pair of short runs (bench/phase.py, paired_list_cpu).
    list_cpu_units: list[float] = field(default_factory=list)

    @property
    def list_cost(self) -> float:
        """The median of the pairs; without pairs, the two main runs' figures."""
        if self.list_cpu_units:
            return statistics.median(self.list_cpu_units)
        rows = {row.name: row for row in self.rows}
        spent = rows["list"].cpu_ms
        return ((spent.get("server", 0.0) + spent.get("postgres", 0.0))
                / max(rows["ceiling"].cpu_ms.get("server", 0.0), 1e-6))


CPU_PARTS = ("server", "postgres", "redis", "wrk")


def _cpu(spent: dict[str, float]) -> str:
    if not spent:
        return "—"
    return " · ".join(f"{spent.get(k, 0.0):.2f}" for k in CPU_PARTS)


def phase_table(phase: Phase) -> str:
    lines = [f"### {phase.dossiers:,} dossiers in the database", "",
             "| endpoint | req/s | p50 ms | p99 ms | ratio to ceiling | target | result "
             "| CPU ms/request: server · PostgreSQL · Redis · wrk |",
             "|---|---:|---:|---:|---:|---|---|---|"]
    for row in phase.rows:
        target, ok = row.verdicts()
        result = "—" if row.name == "ceiling" or row.compare_only else ("pass" if ok else "FAIL")
        lines.append(f"| {row.label} | {row.measured.requests_per_second:,.0f} | "
                     f"{row.measured.p50_ms:.1f} | {row.measured.p99_ms:.1f} | "
                     f"{row.ratio:.0%} | {target} | {result} | {_cpu(row.cpu_ms)} |")
    if phase.transactions:
        lines += ["", "PostgreSQL transactions per request, requests sent one at a time "
                  "(each query outside a transaction counts once, and so does a transaction "
                  "block, whatever it holds): "
                  + ", ".join(f"{k} {v:.2f}" for k, v in phase.transactions.items())]
    for name, plan in phase.plans.items():
        lines += ["", f"Plan of the {name} query: indexes {', '.join(plan['indexes']) or 'none'}; "
                  f"sequential scans {', '.join(plan['seq_scans']) or 'none'}; "
                  f"{plan['buffers']} buffers; {plan['ms']:.2f} ms", "", "```", plan["text"], "```"]
    return "\n".join(lines)


def list_check(phases: list[Phase]) -> tuple[str, bool]:
    """The list page costs the same at the largest size: the same queries, the index, the same
    pages touched, and no more CPU per request (server + PostgreSQL, in units of the ceiling's,
    Phase.list_cost) than MORE_CPU allows. The main runs' CPU and requests/s relative to each
    run's ceiling are shown beside."""
    small, large = phases[0], phases[-1]
    rows = [next(r for r in p.rows if r.name == "list") for p in (small, large)]
    held = rows[1].ratio / rows[0].ratio
    costs = [r.cpu_ms.get("server", 0.0) + r.cpu_ms.get("postgres", 0.0) for r in rows]
    units = [small.list_cost, large.list_cost]
    grew = units[1] / units[0]
    cheap = grew <= MORE_CPU
    counts = [round(p.transactions.get("list", -1)) for p in (small, large)]
    same_statements = counts[0] == counts[1]
    plan_small, plan_large = small.plans["list"], large.plans["list"]
    uses_index = all("dossier_applicant_created" in p["indexes"] and "dossier" not in p["seq_scans"]
                     for p in (plan_small, plan_large))
    same_buffers = plan_large["buffers"] <= plan_small["buffers"] + 2
    ok = cheap and same_statements and uses_index and same_buffers
    pairs = " and ".join(
        f"[{', '.join(f'{u:.1f}' for u in p.list_cpu_units)}]" for p in (small, large)
        if p.list_cpu_units)
    text = (f"List page, {small.dossiers:,} → {large.dossiers:,} dossiers: CPU per request "
            f"(server + PostgreSQL) {units[0]:.1f} → {units[1]:.1f} times the ceiling's "
            f"({grew - 1:+.0%}, at most +{MORE_CPU - 1:.0%}; "
            + (f"medians of {pairs}, short runs of each back to back; " if pairs else "")
            + f"in the main runs {costs[0]:.2f} → {costs[1]:.2f} ms); "
            f"PostgreSQL transactions per request "
            f"{counts[0]} → "
            f"{counts[1]}; index dossier_applicant_created used: "
            f"{'yes' if uses_index else 'NO'}; buffers {plan_small['buffers']} → "
            f"{plan_large['buffers']}; requests/s {rows[0].measured.requests_per_second:,.0f} → "
            f"{rows[1].measured.requests_per_second:,.0f} ({held:.0%} relative to each run's "
            f"ceiling). Result: {'pass' if ok else 'FAIL'}.")
    return text, ok


def render(header: str, phases: list[Phase], overhead: dict[str, float]) -> str:
    parts = [header, ""] + [phase_table(p) + "\n" for p in phases]
    if len(phases) > 1:
        parts.append(list_check(phases)[0] + "\n")
    parts.append("One dossier lookup (dossiers.access.own_dossier), CPU ms of the "
                 "application's process per query: "
                 + ", ".join(f"{k} {v:.3f}" for k, v in overhead.items()) + ".")
    return "\n".join(parts) + "\n"
