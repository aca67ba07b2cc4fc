"""Asking another service over HTTP: one client, one token cache, one mapping of failures.

Only for questions that need an answer now (OR13: may this organization be deleted?);
everything else travels as events. Every call carries this service's client-credentials
token, kept until shortly before it expires and fetched anew once when the callee answers
401 (a rotated key, a revoked token). What can go wrong becomes the caller's own errors
here and nowhere else: a problem document keeps its meaning (`ANSWERS`, and a 422 naming
a rule stays a RuleViolation of that rule); an unreachable service, a timeout or a 5xx is
`Unavailable` (503). Only GETs are retried, and only after failures that may pass on their
own (`MayPass`: unreachable, timed out, 5xx, 429): a POST that timed out may have been
applied (the access check audits writes), so it is never sent twice.
"""
import logging
import threading
import time

import requests

from .config import client_secret
from .errors import BadRequest, Conflict, Forbidden, NotFound, RuleViolation, Unauthorized, Unavailable
from .logs import correlation_id

log = logging.getLogger(__name__)

# The callee's problem status -> the caller's error. Anything else (401 after a fresh token,
# 429, 5xx...) is the callee failing us, not the caller's request being wrong: Unavailable.
ANSWERS = {400: BadRequest, 403: Forbidden, 404: NotFound, 409: Conflict, 422: BadRequest}
PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance"}  # RFC 9457's own; the rest are extensions


class MayPass(Unavailable):
    """Unavailable for now (unreachable, timed out, overloaded): a GET is worth trying again."""


class TooManyRequests(MayPass):
    """429: the callee limits how often this may be done (e.g. PA13's tenders per email and IP);
    `retry_after` its Retry-After header (seconds, as text) or None."""

    def __init__(self, detail, retry_after=None):
        super().__init__(detail)
        self.retry_after = retry_after


def timeouts(config):
    """(connect, read) seconds: a dead host fails fast, a slow answer gets a little longer."""
    return config["SERVICE_CONNECT_TIMEOUT"], config["SERVICE_READ_TIMEOUT"]


class ClientCredentials:
    """This service's access token for `scope` (RFC 6749 client credentials), cached."""

    MARGIN = 30  # seconds: renew before expiry, so a token never expires on its way

    def __init__(self, config, scope, session, clock=time.monotonic, issue=None):
        self.config, self.scope, self.session, self.clock = config, scope, session, clock
        self.issue = issue  # identity mints its own tokens: (scope) -> (access token, lifetime in s)
        self._lock = threading.Lock()  # one fetch at a time; the others wait and reuse it
        self._token, self._renew_at = None, 0.0

    def token(self):
        with self._lock:
            if self._token is None or self.clock() >= self._renew_at:
                self._token, self._renew_at = self._fetch()
            return self._token

    def forget(self, token):
        """The callee refused `token`: the next call fetches another."""
        with self._lock:
            if self._token == token:
                self._token = None

    def _fetch(self):
        asked_at = self.clock()
        if self.issue is not None:
            token, lifetime = self.issue(self.scope)
            return token, asked_at + max(lifetime - self.MARGIN, lifetime / 2)
        try:
            response = self.session.post(
                self.config["TOKEN_URL"], data={"grant_type": "client_credentials", "scope": self.scope},
                auth=(self.config["CLIENT_ID"], client_secret(self.config)), timeout=timeouts(self.config))
            response.raise_for_status()
            body = response.json()
            lifetime = float(body["expires_in"])
            return body["access_token"], asked_at + max(lifetime - self.MARGIN, lifetime / 2)
        except (requests.RequestException, ValueError, KeyError, TypeError) as error:
            log.warning("no client-credentials token", extra={"scope": self.scope, "error": repr(error)})
            raise MayPass("This service could not get its access token from identity; try again later.") from None


class _Caller:
    """What both clients share: one pooled session, timeouts, retried GETs, failures mapped."""

    def __init__(self, config, service):
        self.service, self.config = service, config
        self.timeout = timeouts(config)
        self.retries, self.backoff = config["SERVICE_CALL_RETRIES"], config["SERVICE_CALL_BACKOFF"]
        self.session = requests.Session()

    def _retried(self, method, call):
        """call() once, or for a GET until it passes: a failure that may pass (MayPass) is tried
        again, at most `SERVICE_CALL_RETRIES` more times, after pauses doubling from
        `SERVICE_CALL_BACKOFF` seconds."""
        for attempt in range(self.retries + 1 if method == "GET" else 1):
            try:
                return call()
            except MayPass:
                if attempt == self.retries or method != "GET":
                    raise
                time.sleep(self.backoff * 2 ** attempt)

    def _send(self, method, path, token, headers=None, **kwargs):
        headers = {**(headers or {}), "X-Correlation-ID": correlation_id.get() or ""}
        if token is not None:  # None: a public endpoint, called without anyone's token
            headers["Authorization"] = f"Bearer {token}"
        url = self.config["SERVICE_URLS"][self.service].rstrip("/") + path  # read per call: config may move it
        try:
            return self.session.request(method, url, headers=headers, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            log.warning("service call failed", extra={"service": self.service, "path": path, "error": repr(error)})
            raise MayPass(f"The {self.service} service could not be reached in time; try again later.") from None


class ServiceClient(_Caller):
    """GET and JSON POST to one other service, as this service. Build one per app or worker
    (its session pools connections and its token is reused), never one per request."""

    def __init__(self, config, service, scope, clock=time.monotonic, issue=None):
        super().__init__(config, service)
        self.credentials = ClientCredentials(config, scope, self.session, clock, issue)

    def get(self, path, params=None):
        """The JSON answer; retried while the failure may pass (see _Caller._retried)."""
        return self._retried("GET", lambda: self._call("GET", path, params=params))

    def post(self, path, body):
        """The JSON answer; sent once (see the module's docstring)."""
        return self._call("POST", path, json=body)

    def _call(self, method, path, **kwargs):
        token = self.credentials.token()
        response = self._send(method, path, token, **kwargs)
        if response.status_code == 401:  # refused before it was handled: safe to send again, once
            self.credentials.forget(token)
            response = self._send(method, path, self.credentials.token(), **kwargs)
        return answer(self.service, response)


class PersonClient(_Caller):
    """Calls to one service with a person's own access token (the portal acts for the person
    it serves, never with a service token). A 401 is `Unauthorized`: the caller refreshes the
    person's token and tries once more, or signs the person in again."""

    def request(self, token, method, path, raw=False, **kwargs):
        """The JSON answer (or, with raw=True, the requests.Response of a 2xx, e.g. an image)."""
        def call():
            response = self._send(method, path, token, **kwargs)
            if response.status_code == 401:
                raise Unauthorized("The session with this service ended; sign in again.")
            if raw and response.status_code < 300:
                return response
            return answer(self.service, response)
        return self._retried(method, call)


def answer(service, response):
    """The body of a 2xx answer, else the caller's error for the callee's problem."""
    status = response.status_code
    if status < 300:
        try:
            return response.json() if response.content else None
        except ValueError:
            raise Unavailable(f"The {service} service answered something that is not JSON.") from None
    problem = _problem(response)
    extensions = {k: v for k, v in problem.items() if k not in PROBLEM_MEMBERS}
    detail = problem.get("detail") or f"The {service} service answered {status}."
    if status == 422 and extensions.get("rule"):
        raise RuleViolation(extensions.pop("rule"), detail, **extensions)
    if status in ANSWERS:
        raise ANSWERS[status](detail, **extensions)
    log.warning("service answered an error", extra={"service": service, "status": status, "detail": detail})
    if status == 429:
        raise TooManyRequests(detail, response.headers.get("Retry-After"))
    error = MayPass if status >= 500 or status == 429 else Unavailable
    raise error(f"The {service} service could not answer ({status}); try again later.")


def _problem(response):
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
