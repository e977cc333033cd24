"""A small process that starts the fuzz runner's commands and reports how each ended, with
its peak RSS: only the standard library, so its own RSS stays ~10 MB.

Why: Linux counts the RSS a process had when it called ``exec`` in its ``ru_maxrss``, and
a child starts as a copy of its parent; a command started by the runner, which holds numpy,
Pillow and the corpus's images, would report the runner's RSS as its own.

Protocol, one JSON object a line: in, ``{"id", "argv", "stdout", "stderr", "env"}`` to
start a command (in its own session) or ``{"kill": id}``; out, ``{"id", "code",
"maxrss_kb"}`` when it ends (``code`` None when it was killed).
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys


def main() -> None:
    running: dict[int, str] = {}
    processes: dict[int, subprocess.Popen[bytes]] = {}  # kept: a dropped Popen reaps itself
    killed: set[int] = set()
    pids: dict[str, int] = {}
    stdin_open = True
    while stdin_open or running:
        if stdin_open and select.select([sys.stdin], [], [], 0.02)[0]:
            line = sys.stdin.readline()
            if not line:
                stdin_open = False
            else:
                request = json.loads(line)
                if "kill" in request:
                    pid = pids.get(request["kill"])
                    if pid in running:
                        killed.add(pid)
                        os.killpg(pid, signal.SIGKILL)
                else:
                    with open(request["stdout"], "wb") as out, \
                            open(request["stderr"], "wb") as err:
                        process = subprocess.Popen(request["argv"], stdout=out, stderr=err,
                                                   env=request["env"], start_new_session=True)
                    running[process.pid] = request["id"]
                    processes[process.pid] = process
                    pids[request["id"]] = process.pid
        elif not stdin_open:
            select.select([], [], [], 0.02)
        for pid in list(running):
            finished, status, usage = os.wait4(pid, os.WNOHANG)
            if finished:
                code = None if pid in killed else os.waitstatus_to_exitcode(status)
                processes.pop(pid).returncode = os.waitstatus_to_exitcode(status)
                print(json.dumps({"id": running.pop(pid), "code": code,
                                  "maxrss_kb": usage.ru_maxrss}), flush=True)


if __name__ == "__main__":
    main()
