"""The SMS adapter. The provider is outside the system: in dev and tests messages go to a
local outbox file (`var/sms/outbox.jsonl`), one JSON object a line; a real gateway would
be a second implementation of `send` chosen by SMS_URL."""
import json
import threading
from pathlib import Path

from . import clock

_lock = threading.Lock()


class SmsOutbox:
    def __init__(self, config):
        self.path = Path(config.get("SMS_OUTBOX") or Path(config["VAR_DIR"]) / "sms" / "outbox.jsonl")

    def send(self, to, text, message_id=None):
        """Called by the sender (services.common.sender) after commit; `message_id` is the
        message outbox row's id, so a resent copy is recognisable."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        entry = {"to": to, "text": text, "sent_at": clock.now().isoformat()}
        if message_id:
            entry["message_id"] = str(message_id)
        with _lock, self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")
        return entry

    def sent(self):
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text().splitlines() if line.strip()]
