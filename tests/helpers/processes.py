"""Stopping the servers tests start in their own processes."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen, grace: float = 10) -> None:
    """Ask ``process`` to end (SIGTERM), and kill it if it has not within ``grace`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
