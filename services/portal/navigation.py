"""Where the portal may send a browser next: only its own paths (never an open redirect)."""
from urllib.parse import urlparse


def safe_next(url, default="/"):
    if not url:
        return default
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc or not url.startswith("/") or url.startswith("//") or "\\" in url \
            or any(ord(char) < 32 or ord(char) == 127 for char in url):  # browsers drop tabs and newlines
        return default
    return url
