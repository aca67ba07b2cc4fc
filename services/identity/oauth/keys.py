"""Identity's token-signing keys: RSA, generated on first start under var/keys, never committed.

Every key file in the folder is published in the JWKS; the newest signs. Rotation is
adding a key (`python -m services.identity rotate-key`) and later deleting the old
file once the tokens it signed have expired.
"""
import fcntl
import time
from contextlib import contextmanager
from pathlib import Path

from joserfc.jwk import KeySet, RSAKey


@contextmanager
def _locked(folder):
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # several gunicorn workers start at once
        yield


def _key_files(folder):
    return sorted(folder.glob("signing-*.pem"))


def new_key(folder):
    key = RSAKey.generate_key(2048, private=True)
    # The time leads the kid so that file names sort oldest first; microseconds keep two
    # keys made in the same second (a rotation right after the first start) in order.
    now = time.time()
    kid = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f"{int(now % 1 * 1e6):06d}-" + key.thumbprint()[:8]
    path = folder / f"signing-{kid}.pem"
    path.write_bytes(key.as_pem(private=True))
    path.chmod(0o600)
    return kid


def ensure_key(var_dir):
    folder = Path(var_dir) / "keys"
    with _locked(folder):
        if not _key_files(folder):
            new_key(folder)


def rotate(var_dir):
    folder = Path(var_dir) / "keys"
    with _locked(folder):
        return new_key(folder)


class SigningKeys:
    def __init__(self, var_dir):
        self.folder = Path(var_dir) / "keys"
        self._loaded = None

    def _load(self):
        files = _key_files(self.folder)
        signature = tuple(str(f) for f in files)
        if self._loaded is None or self._loaded[0] != signature:
            keys = [RSAKey.import_key(f.read_bytes(), {"kid": f.stem[len("signing-"):], "use": "sig",
                                                       "alg": "RS256"}) for f in files]
            self._loaded = (signature, keys)
        return self._loaded[1]

    def current(self):
        """The newest key: the one that signs."""
        return KeySet([self._load()[-1]])

    def public_jwks(self):
        return {"keys": [key.as_dict(private=False) for key in self._load()]}
