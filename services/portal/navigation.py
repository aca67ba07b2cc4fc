"""Where the portal may send a browser next: only its own paths (never an open redirect)."""
from urllib.parse import urlparse


def safe_next(url, default="/"):
    if not url:
        return default
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return default
    return url
