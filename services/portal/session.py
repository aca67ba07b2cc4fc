"""The portal's only storage: the session cookie, signed and encrypted (Fernet: AES-128-CBC
plus HMAC-SHA256), HttpOnly, SameSite=Lax, Secure unless the portal is served on loopback.

It holds the person's tokens from identity (so a stolen database could never leak them: there
is none), the chosen organization and language, the CSRF token and flash messages. JSON is
compressed before encryption to stay well under browsers' 4 KB per cookie.
"""
import zlib
from urllib.parse import urlparse

from cryptography.fernet import Fernet, InvalidToken
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSession, SessionInterface

COOKIE = "pp_portal"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def is_loopback(url):
    return (urlparse(url).hostname or "") in LOOPBACK


class EncryptedCookieSessionInterface(SessionInterface):
    serializer = TaggedJSONSerializer()  # keeps tuples (flash messages) and bytes

    def __init__(self, key, secure, max_age):
        self.fernet, self.secure, self.max_age = Fernet(key), secure, max_age

    def open_session(self, app, request):
        raw = request.cookies.get(COOKIE)
        if not raw:
            return SecureCookieSession()
        try:
            data = self.serializer.loads(zlib.decompress(self.fernet.decrypt(raw.encode(), ttl=self.max_age)))
        except (InvalidToken, ValueError, zlib.error, TypeError):
            return SecureCookieSession()  # tampered, expired or from an older key: start afresh
        return SecureCookieSession(data)

    def save_session(self, app, session, response):
        if not session:
            if session.modified:
                response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Lax", secure=self.secure)
            return
        if not session.modified:
            return
        payload = zlib.compress(self.serializer.dumps(dict(session)).encode())
        response.set_cookie(COOKIE, self.fernet.encrypt(payload).decode(), max_age=self.max_age, path="/",
                            httponly=True, samesite="Lax", secure=self.secure)
        response.vary.add("Cookie")
