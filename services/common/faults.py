"""Failpoints: named places where a process can be told to die, for the fault tests.

FAILPOINTS="relay.before_publish" (or relay.after_publish, consumer.before_commit,
sender.after_send) makes the process exit at once
(os._exit, no cleanup) when it reaches one of them, the way a power cut would.
`handler.raise` makes event handlers fail instead, to exercise retries and dead letters.
"""
import os


class InjectedFault(RuntimeError):
    pass


def _active(config, name):
    return name in {p.strip() for p in (config.get("FAILPOINTS") or "").split(",")}


def crash_point(config, name):
    if _active(config, name):
        os._exit(86)


def raise_point(config, name):
    if _active(config, name):
        raise InjectedFault(f"failpoint {name} is active")
