"""Run one command as a fresh process and measure it from outside: wall time and the peak memory of
its whole process tree (every process in its session, forked render workers and Pagefind included).

`resource.getrusage(RUSAGE_CHILDREN)` reports only the largest single child, so the tree is polled
instead: every POLL_S, /proc is scanned for processes of the command's session and their memory is
summed. Two sums are kept: RSS (an upper bound: pages shared by forked workers count once per
process) and PSS (shared pages split between their users: what the tree really holds). The poller
also records when a process with a given name (e.g. "pagefind") was first and last seen, so the
time of one step inside the command can be read from outside too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

POLL_S = 0.05
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    argv: list[str]
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    peak_pss_mb: float = 0.0
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    seen: dict[str, list[float]] = field(default_factory=dict)
    """Process name -> [first, last] time seen (seconds from start)."""

    def step_seconds(self, name: str) -> float:
        first, last = self.seen.get(name, [0.0, 0.0])
        return last - first


def _session_members(sid: int) -> list[tuple[int, str]]:
    out = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == sid:  # fields[3] is the session id (stat field 6)
            out.append((int(entry.name), name))
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(rss, pss) in bytes of one process; zeros when it has just exited."""
    try:
        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
        pss = 0
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
                break
        return rss, pss
    except (OSError, ValueError, IndexError):
        return 0, 0


def _poll(proc: subprocess.Popen, run: Run, started: float, watch: tuple[str, ...], timeout: float) -> None:
    while proc.poll() is None:
        if time.perf_counter() - started > timeout:
            run.timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)  # the command's own session: only what it started
            return
        rss = pss = 0
        now = time.perf_counter() - started
        for pid, name in _session_members(proc.pid):
            r, p = _memory(pid)
            rss, pss = rss + r, pss + p
            if name in watch:
                span = run.seen.setdefault(name, [now, now])
                span[1] = now
        run.peak_rss_mb = max(run.peak_rss_mb, rss / 1e6)
        run.peak_pss_mb = max(run.peak_pss_mb, pss / 1e6)
        time.sleep(POLL_S)


def measure(
    argv: list[str],
    cwd: Path | None = None,
    env: dict | None = None,
    watch: tuple[str, ...] = (),
    timeout: float = 3600.0,
) -> Run:
    """Run argv in a new session (so its whole tree is found), timed and polled from here; killed
    (with its tree) after `timeout` seconds."""
    run = Run(argv)
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    poller = threading.Thread(target=_poll, args=(proc, run, started, watch, timeout), daemon=True)
    poller.start()
    run.stdout, run.stderr = proc.communicate()
    run.seconds = time.perf_counter() - started
    poller.join()
    run.returncode = proc.returncode
    return run
