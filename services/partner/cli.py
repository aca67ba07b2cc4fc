"""Operators' commands of partner: `applications list|approve ID|reject ID --reason TEXT`."""

COMMANDS = {}
