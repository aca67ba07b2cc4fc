"""Operators' command line, the same for every service: `python -m services.<name> ...`."""
import argparse
import json
import sys
from datetime import date

from . import deadletters, mail
from . import runs as periodic
from .messages import describe
from .logs import setup_logging


def main(service, app, worker, extra_commands=None, argv=None, schedule=None):
    """Run a command. The service hands in what common must not import by name: `app` (its
    module with make_config() and init_database(config)) and `worker(config)`, its worker's
    composition root. `extra_commands` maps a name to fn(config, args) for service-specific
    ones (`fn.arguments(parser)`, when given, declares that command's own arguments; `fn`'s
    return value is the exit status, None meaning 0). `schedule` (services.common.runs) gives
    the commands `run NAME [--at DATE]` and `runs`."""
    extra_commands = extra_commands or {}
    parser = argparse.ArgumentParser(prog=f"python -m services.{service}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply the database migrations not yet applied")
    sub.add_parser("worker", help="consume this service's events and relay its outbox")
    dead = sub.add_parser("dead-letters", help="list, show or replay events parked after failing")
    dead.add_argument("action", choices=["list", "show", "replay"])
    dead.add_argument("message_ids", nargs="*", help="message ids (show: one; replay: none = all)")
    newest_mail = sub.add_parser("mail", help="print the newest message of the local maildir, decoded")
    newest_mail.add_argument("--to", help="the newest one sent to this address")
    if schedule is not None:
        run = sub.add_parser("run", help="start a scheduled run now (once per period key)")
        run.add_argument("name", choices=sorted(schedule.runs))
        run.add_argument("--at", type=date.fromisoformat, help="the date whose period to run (default: today, UTC)")
        sub.add_parser("runs", help="list the scheduled runs recorded, newest first")
    for name, command in extra_commands.items():
        command_parser = sub.add_parser(name, help=(command.__doc__ or "").strip().split("\n")[0] or None)
        if hasattr(command, "arguments"):
            command.arguments(command_parser)
    args = parser.parse_args(argv)

    config = app.make_config()
    setup_logging(service, config["LOG_LEVEL"])
    if args.command == "dead-letters":
        return _dead_letters(config, service, args)
    if args.command == "mail":
        return _newest_mail(config, args)
    if args.command == "worker":
        return worker(config) or 0
    app.init_database(config)
    if args.command in ("run", "runs"):
        return periodic.command(config, schedule, args)
    if args.command == "migrate":
        print(f"{service}: database migrated")
        return 0
    return extra_commands[args.command](config, args) or 0


def _dead_letters(config, service, args):
    if args.action == "replay":
        replayed = deadletters.replay(config, service, set(args.message_ids) or None)
        print(json.dumps({"replayed": replayed}))
        return 0
    letters = deadletters.list_dead_letters(config, service)
    if args.action == "show":
        letters = [letter for letter in letters if letter["message_id"] in args.message_ids]
        if not letters:
            print("no such dead letter", file=sys.stderr)
            return 1
        print(json.dumps(letters[0], indent=2))
        return 0
    for letter in letters:
        print(json.dumps({k: v for k, v in letter.items() if k != "body"}))
    print(f"{len(letters)} dead letter(s)", file=sys.stderr)
    return 0


def messages_command(messages):
    """The `messages` command of a service that sends mail or SMS (`messages` its Messages)."""

    def command(config, args):
        """list the mail and SMS of the message outbox: pending (unsent), failed (unsent, last try failed), sent"""
        listed = messages.listing(args.state)
        for message in listed:
            print(json.dumps(describe(message)))
        print(f"{len(listed)} {args.state} message(s)", file=sys.stderr)

    command.arguments = lambda parser: (parser.add_argument("action", choices=["list"]),
                                        parser.add_argument("--state", choices=["pending", "failed", "sent"],
                                                            default="pending"))
    return command


def _newest_mail(config, args):
    message = mail.newest(config, args.to)
    if message is None:
        print(f"no mail{' to ' + args.to if args.to else ''} in the local maildir (is SMTP_URL set?)",
              file=sys.stderr)
        return 1
    print(mail.as_text(message))
    return 0
