#!/usr/bin/env python3
"""Side-by-side table for `bench/run --both`: reads DIR/java-I.txt and DIR/python-I.txt
(I = 1..ROUNDS, each the stdout of one runner: '# ...' comments and 'name value unit' lines)
and prints the best figure per side (minimum for ms/us, maximum for rates), the ratio
Java / CPython and the goal from shared/BENCHMARKS.md.

Usage: python3 bench/compare.py DIR ROUNDS
"""

import os
import sys

# name -> (comparison, factor) from BENCHMARKS.md: the ratio Java / CPython must be <= or >= factor.
# process_start_join_warm_ms is compared with CPython's *fork* figure (process_start_join_ms).
GOALS = {
    "process_start_join_ms": ("<=", 1),
    "process_start_join_warm_ms": ("<=", 1),
    "pool_create_ms": ("<=", 1),
    "pool_map_trivial_tasks_per_s": (">=", 2),
    "pool_apply_async_tasks_per_s": (">=", 10),
    "pool_imap_unordered_chunk1_tasks_per_s": (">=", 10),
    "queue_msgs_per_s": (">=", 10),
    "pipe_roundtrip_us": ("<=", 0.2),
    "locked_increments_per_s": (">=", 3),
    "manager_dict_ops_per_s": (">=", 3),
    "pipe_bulk_MB_per_s": (">=", 4),
}
ORDER = list(GOALS)


def read(path):
    """(comments, {name: (value, unit)}) of one runner's output."""
    comments, figures = [], {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                comments.append(line)
                continue
            parts = line.split()
            if len(parts) != 3:
                raise SystemExit(f"{path}: unexpected line: {line!r}")
            figures[parts[0]] = (float(parts[1]), parts[2])
    return comments, figures


def lower_is_better(unit):
    return unit in ("ms", "us")


def best(runs, name):
    """Best figure of `name` over the runs that have it, its unit, and all the figures."""
    values = [r[name][0] for r in runs if name in r]
    if not values:
        return None, None, []
    unit = next(r[name][1] for r in runs if name in r)
    return (min(values) if lower_is_better(unit) else max(values)), unit, values


def fmt(value, unit):
    if value is None:
        return "—"
    return f"{value:.3f} {unit}" if lower_is_better(unit) else f"{round(value):,} {unit}"


def main(argv):
    if len(argv) != 3:
        raise SystemExit(__doc__)
    directory, rounds = argv[1], int(argv[2])
    sides = {}
    for side in ("java", "python"):
        outputs = [read(os.path.join(directory, f"{side}-{i}.txt")) for i in range(1, rounds + 1)]
        sides[side] = ([c for c, _ in outputs], [f for _, f in outputs])

    names = [n for n in ORDER if any(n in f for side in sides.values() for f in side[1])]
    names += sorted({n for side in sides.values() for f in side[1] for n in f} - set(names))

    rows = [("workload", "Java", "CPython", "ratio", "goal", "met")]
    detail = []
    py_fork, _, _ = best(sides["python"][1], "process_start_join_ms")
    for name in names:
        j, unit, jv = best(sides["java"][1], name)
        p, punit, pv = best(sides["python"][1], name)
        unit = unit or punit
        ratio = j / p if j is not None and p else None
        goal, met = "", ""
        if name in GOALS:
            op, factor = GOALS[name]
            goal = f"{'≤' if op == '<=' else '≥'} {factor:g}×"
            reference = p
            if name == "process_start_join_warm_ms":
                goal = "≤ CPython fork"
                reference = py_fork
            if j is not None and reference:
                r = j / reference
                met = "yes" if (r <= factor if op == "<=" else r >= factor) else "no"
        rows.append((name, fmt(j, unit), fmt(p, unit), f"{ratio:.2f}×" if ratio is not None else "—", goal, met))
        detail.append(f"# {name}: java {' '.join(f'{v:g}' for v in jv) or '—'}; "
                      f"cpython {' '.join(f'{v:g}' for v in pv) or '—'}")

    for side, label in (("java", "Java"), ("python", "CPython")):
        first = sides[side][0][0]
        if first:
            print(f"# {label}: {first[0].lstrip('# ')}")
    print(f"# best of {rounds} alternating rounds (java, python, ...); ratio = Java / CPython; "
          f"raw output in {directory}")
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    right = {1, 2, 3}
    for k, row in enumerate(rows):
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(row)]
        print("| " + " | ".join(cells) + " |")
        if k == 0:
            print("|" + "|".join("-" * (w + 1) + (":" if i in right else "-") for i, w in enumerate(widths)) + "|")
    print("# every run:")
    for line in detail:
        print(line)


if __name__ == "__main__":
    main(sys.argv)
