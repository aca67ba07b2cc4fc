"""CSV as exports stream it (orgs' activity feed PX2, billing's export PA9): one cell rule and
page-at-a-time text, so that an export of any length holds one page in memory."""
import csv
import io
from datetime import datetime, timezone


def cell(value):
    """A CSV cell; text a spreadsheet would run as a formula is quoted as text (CSV injection)."""
    if value is None:
        return ""
    text = value.replace(tzinfo=timezone.utc).isoformat() if isinstance(value, datetime) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class Chunks:
    """Rows written as CSV text, handed out a chunk (a page) at a time."""

    def __init__(self):
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def row(self, values):
        self._writer.writerow([cell(value) for value in values])

    def take(self):
        """The text written since the last take."""
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text
