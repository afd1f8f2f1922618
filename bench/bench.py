#!/usr/bin/env python3
"""CPython twin of the multiprocessing4j benchmark runner.

Runs the workloads defined in shared/BENCHMARKS.md with CPython's own
``multiprocessing`` (start method 'fork', except the warm-start workload, which
uses 'forkserver') and prints one line per workload, ``name value unit``, in the
table's order.  Everything else on stdout is a comment line starting with '#'.

Usage: python3 bench/bench.py [WORKLOAD ...] [--repeat N]

With workload names, only those run (still in the table's order).  With
--repeat N each workload runs N times and the best figure is printed (the
minimum for ms/us, the maximum for rates).  Standard library only.
"""

import argparse
import datetime
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time

CTX = mp.get_context("fork")

START_JOIN_RUNS = 15
POOL_CREATE_RUNS = 5
MAP_N = 200_000
APPLY_N = 20_000
IMAP_N = 20_000
QUEUE_N = 200_000
ROUNDTRIP_N = 20_000
LOCK_CHILDREN = 2
LOCK_N = 50_000
DICT_N = 10_000
BULK_BYTES = 64 * 1024 * 1024
MB = 1_000_000  # "MB" in MB/s means 10^6 bytes


# ---------------------------------------------------------------- child-side functions
# Module level so they are picklable (forkserver re-imports this module as __mp_main__).

def noop():
    pass


def double(x):
    return x * 2


def queue_producer(q, n):
    for i in range(n):
        q.put(i)


def pipe_echo(conn):
    while True:
        x = conn.recv()
        if x is None:
            break
        conn.send(x)
    conn.close()


def locked_incrementer(lock, counter, n, go, out):
    go.wait()
    t0 = time.perf_counter()
    for _ in range(n):
        lock.acquire()
        counter.value += 1
        lock.release()
    out.send(time.perf_counter() - t0)
    out.close()


def bulk_sender(conn, nbytes):
    data = os.urandom(nbytes)
    conn.send("ready")
    conn.send_bytes(data)
    conn.close()


# ---------------------------------------------------------------- helpers

def _start_join_median_ms(ctx):
    times = []
    for _ in range(START_JOIN_RUNS):
        t0 = time.perf_counter()
        p = ctx.Process(target=noop)
        p.start()
        p.join()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def _warm_pool():
    pool = CTX.Pool(2)
    pool.map(double, range(16))
    return pool


def _close_pool(pool):
    pool.terminate()
    pool.join()


def _stop_helper_processes():
    """Stop and reap the forkserver and resource-tracker processes, if started.

    CPython 3.11 leaves them to exit on their own when the parent dies, unreaped
    (zombies under an init that does not reap).  _stop() is private but present
    in 3.8-3.13; skip quietly if it is missing."""
    from multiprocessing import forkserver, resource_tracker
    for helper in (forkserver._forkserver, resource_tracker._resource_tracker):
        stop = getattr(helper, "_stop", None)
        if stop is not None:
            try:
                stop()
            except Exception as e:  # cleanup must not hide the figures
                print(f"cleanup: {type(e).__name__}: {e}", file=sys.stderr)


# ---------------------------------------------------------------- workloads

def process_start_join_ms():
    """Median of 15 x (Process(target=noop), start, join) with the fork context."""
    return _start_join_median_ms(CTX)


def process_start_join_warm_ms():
    """Same as process_start_join_ms, but with the forkserver context (CPython's
    'warm start'): one untimed warm-up process first, so the server is running."""
    fs = mp.get_context("forkserver")
    p = fs.Process(target=noop)
    p.start()
    p.join()
    return _start_join_median_ms(fs)


def _create_and_map_s():
    """One Pool(2) made and used for a one-item map, in seconds; terminate untimed."""
    t0 = time.perf_counter()
    pool = CTX.Pool(2)
    try:
        out = pool.map(double, [1])
        elapsed = time.perf_counter() - t0
    finally:
        _close_pool(pool)
    assert out == [2]
    return elapsed


def pool_create_ms():
    """Median of 5 x (from Pool(2) construction until a one-item map has returned),
    terminate untimed, after one untimed warm-up pool (as the Java runner)."""
    _create_and_map_s()
    return statistics.median(_create_and_map_s() for _ in range(POOL_CREATE_RUNS)) * 1e3


def pool_map_trivial_tasks_per_s():
    """map(double, range(200000)), default chunking, on a warmed Pool(2)."""
    pool = _warm_pool()
    try:
        t0 = time.perf_counter()
        out = pool.map(double, range(MAP_N))
        elapsed = time.perf_counter() - t0
    finally:
        _close_pool(pool)
    assert len(out) == MAP_N and out[-1] == 2 * (MAP_N - 1)
    return MAP_N / elapsed


def pool_apply_async_tasks_per_s():
    """20,000 x apply_async(double, (i,)), then get() every result, on a warmed Pool(2)."""
    pool = _warm_pool()
    try:
        t0 = time.perf_counter()
        results = [pool.apply_async(double, (i,)) for i in range(APPLY_N)]
        total = sum(r.get() for r in results)
        elapsed = time.perf_counter() - t0
    finally:
        _close_pool(pool)
    assert total == APPLY_N * (APPLY_N - 1)
    return APPLY_N / elapsed


def pool_imap_unordered_chunk1_tasks_per_s():
    """sum(imap_unordered(double, range(20000), chunksize=1)) on a warmed Pool(2)."""
    pool = _warm_pool()
    try:
        t0 = time.perf_counter()
        total = sum(pool.imap_unordered(double, range(IMAP_N), chunksize=1))
        elapsed = time.perf_counter() - t0
    finally:
        _close_pool(pool)
    assert total == IMAP_N * (IMAP_N - 1)
    return IMAP_N / elapsed


def queue_msgs_per_s():
    """A child puts 200,001 ints on a Queue; the parent gets the first untimed,
    then times getting the other 200,000."""
    q = CTX.Queue()
    p = CTX.Process(target=queue_producer, args=(q, QUEUE_N + 1))
    p.start()
    try:
        q.get()
        t0 = time.perf_counter()
        for _ in range(QUEUE_N):
            q.get()
        elapsed = time.perf_counter() - t0
    finally:
        p.join()
        q.close()
        q.join_thread()
    return QUEUE_N / elapsed


def pipe_roundtrip_us():
    """After one warm-up exchange, 20,000 x (send an int, recv it echoed by a child)."""
    parent, child = CTX.Pipe()
    p = CTX.Process(target=pipe_echo, args=(child,))
    p.start()
    child.close()
    try:
        parent.send(0)
        parent.recv()
        t0 = time.perf_counter()
        for i in range(ROUNDTRIP_N):
            parent.send(i)
            parent.recv()
        elapsed = time.perf_counter() - t0
        parent.send(None)
    finally:
        p.join()
        parent.close()
    return elapsed / ROUNDTRIP_N * 1e6


def locked_increments_per_s():
    """2 children x 50,000 x (acquire Lock, += 1 on Value('q', lock=False), release).
    Both start on an Event; each times its own loop; ops / slower child's time."""
    lock = CTX.Lock()
    counter = CTX.Value("q", 0, lock=False)
    go = CTX.Event()
    pipes, procs = [], []
    for _ in range(LOCK_CHILDREN):
        r, w = CTX.Pipe(duplex=False)
        p = CTX.Process(target=locked_incrementer, args=(lock, counter, LOCK_N, go, w))
        p.start()
        w.close()
        pipes.append(r)
        procs.append(p)
    go.set()
    try:
        times = [r.recv() for r in pipes]
    finally:
        for p in procs:
            p.join()
        for r in pipes:
            r.close()
    ops = LOCK_CHILDREN * LOCK_N
    if counter.value != ops:
        print(f"locked_increments: counter {counter.value} != {ops}", file=sys.stderr)
    return ops / max(times)


def manager_dict_ops_per_s():
    """From the parent, 10,000 puts then 10,000 gets through a Manager().dict() proxy;
    both phases timed together (manager start/stop untimed)."""
    with CTX.Manager() as manager:
        d = manager.dict()
        t0 = time.perf_counter()
        for i in range(DICT_N):
            d[i] = i
        for i in range(DICT_N):
            d[i]
        elapsed = time.perf_counter() - t0
    return 2 * DICT_N / elapsed


def pipe_bulk_MB_per_s():
    """A child makes 64 MiB with os.urandom, sends "ready", then send_bytes them;
    the parent times recv_bytes after "ready".  MB = 10^6 bytes."""
    r, w = CTX.Pipe(duplex=False)
    p = CTX.Process(target=bulk_sender, args=(w, BULK_BYTES))
    p.start()
    w.close()
    try:
        if r.recv() != "ready":
            raise RuntimeError("pipe_bulk: expected 'ready'")
        t0 = time.perf_counter()
        data = r.recv_bytes()
        elapsed = time.perf_counter() - t0
    finally:
        p.join()
        r.close()
    assert len(data) == BULK_BYTES
    return BULK_BYTES / MB / elapsed


# ---------------------------------------------------------------- runner

# (name, function, unit, lower_is_better, comment printed before the line or None)
WORKLOADS = [
    ("process_start_join_ms", process_start_join_ms, "ms", True, None),
    ("process_start_join_warm_ms", process_start_join_warm_ms, "ms", True,
     "# process_start_join_warm_ms: CPython's warm start = forkserver context, "
     "timed after one warm-up process (server already running)"),
    ("pool_create_ms", pool_create_ms, "ms", True,
     "# pool_create_ms: median of 5 x (Pool(2), map over one item), terminate untimed, "
     "after one untimed warm-up pool"),
    ("pool_map_trivial_tasks_per_s", pool_map_trivial_tasks_per_s, "tasks/s", False, None),
    ("pool_apply_async_tasks_per_s", pool_apply_async_tasks_per_s, "tasks/s", False, None),
    ("pool_imap_unordered_chunk1_tasks_per_s", pool_imap_unordered_chunk1_tasks_per_s,
     "tasks/s", False, None),
    ("queue_msgs_per_s", queue_msgs_per_s, "msgs/s", False, None),
    ("pipe_roundtrip_us", pipe_roundtrip_us, "us", True, None),
    ("locked_increments_per_s", locked_increments_per_s, "ops/s", False, None),
    ("manager_dict_ops_per_s", manager_dict_ops_per_s, "ops/s", False, None),
    ("pipe_bulk_MB_per_s", pipe_bulk_MB_per_s, "MB/s", False,
     "# pipe_bulk_MB_per_s: MB = 10^6 bytes; payload 64 MiB = 67,108,864 bytes"),
]


def _fmt(value, lower_is_better):
    # ms/us figures: 3 decimals; rates: integers.
    return f"{value:.3f}" if lower_is_better else f"{round(value)}"


def main(argv=None):
    names = [w[0] for w in WORKLOADS]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workloads", nargs="*", metavar="WORKLOAD",
                    help="subset to run (default: all), one of: " + ", ".join(names))
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each workload N times and print the best (default 1)")
    args = ap.parse_args(argv)
    unknown = [n for n in args.workloads if n not in names]
    if unknown:
        ap.error("unknown workload(s): " + ", ".join(unknown))
    if args.repeat < 1:
        ap.error("--repeat must be >= 1")
    selected = set(args.workloads) or set(names)

    now = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    print(f"# cpython {platform.python_version()} fork, {now}, "
          f"{os.cpu_count()} cpus, repeat {args.repeat}", flush=True)
    try:
        for name, fn, unit, lower, comment in WORKLOADS:
            if name not in selected:
                continue
            values = [fn() for _ in range(args.repeat)]
            best = min(values) if lower else max(values)
            if comment:
                print(comment)
            print(f"{name} {_fmt(best, lower)} {unit}", flush=True)
    finally:
        _stop_helper_processes()


if __name__ == "__main__":
    main()
