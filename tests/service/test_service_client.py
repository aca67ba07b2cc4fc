"""Calls between services (services/common/client.py) against a real local HTTP server."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from services.common.client import PersonClient, ServiceClient, TooManyRequests
from services.common.config import load_config
from services.common.errors import BadRequest, Conflict, Forbidden, NotFound, RuleViolation, Unavailable
from services.common.problems import PROBLEM_JSON

from .served import free_port


class Callee(ThreadingHTTPServer):
    """Plays identity's token endpoint (POST /token) and another service: `answers` maps
    (method, path) to (status, body, seconds to wait first); tokens in `refused` get a 401."""

    daemon_threads, block_on_close = True, False

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers, self.calls, self.refused = {}, [], set()
        self.tokens_issued, self.expires_in = 0, 600
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_port}"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self._answer()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length)
        if self.path == "/token":
            self.server.tokens_issued += 1
            return self._send(200, {"access_token": f"t{self.server.tokens_issued}",
                                    "expires_in": self.server.expires_in, "token_type": "Bearer"})
        self._answer()

    def _answer(self):
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        self.server.calls.append((self.command, self.path, token))
        if token in self.server.refused:
            return self._send(401, {"title": "Authentication required", "status": 401}, PROBLEM_JSON)
        status, body, delay = self.server.answers[(self.command, self.path)]
        time.sleep(delay)
        self._send(status, body, PROBLEM_JSON if status >= 400 else "application/json")

    def _send(self, status, body, content_type="application/json"):
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: what the timeout tests want

    def log_message(self, *args):
        pass


@pytest.fixture
def callee():
    server = Callee()
    yield server
    server.shutdown()
    server.server_close()


def make_client(tmp_path, url, clock=time.monotonic, **settings):
    config = load_config("orgs", **{
        "VAR_DIR": str(tmp_path / "var"), "TOKEN_URL": f"{url}/token", "CLIENT_SECRET": "secret",
        "SERVICE_URLS": {"billing": url}, "SERVICE_CONNECT_TIMEOUT": 0.5, "SERVICE_READ_TIMEOUT": 0.2,
        "SERVICE_CALL_RETRIES": 2, "SERVICE_CALL_BACKOFF": 0.01, **settings})
    return ServiceClient(config, "billing", "billing:read", clock=clock)


def test_a_get_that_times_out_is_tried_the_configured_times_then_is_a_quick_503(tmp_path, callee):
    callee.answers[("GET", "/slow")] = (200, {}, 1.0)
    started = time.monotonic()
    with pytest.raises(Unavailable) as error:
        make_client(tmp_path, callee.url).get("/slow")
    assert time.monotonic() - started < 1.0  # three reads of 0.2 s and two short pauses, not 3 s
    assert [call[:2] for call in callee.calls] == [("GET", "/slow")] * 3
    assert "billing" in error.value.detail and error.value.slug == "unavailable"


def test_a_post_that_times_out_is_sent_once(tmp_path, callee):
    callee.answers[("POST", "/slow")] = (200, {}, 1.0)
    with pytest.raises(Unavailable):
        make_client(tmp_path, callee.url).post("/slow", {"a": 1})
    assert [call[:2] for call in callee.calls] == [("POST", "/slow")]


def test_retries_are_a_setting_and_an_unreachable_service_is_a_503(tmp_path, callee):
    callee.answers[("GET", "/down")] = (503, {"title": "Not ready", "status": 503}, 0)
    with pytest.raises(Unavailable):
        make_client(tmp_path, callee.url, SERVICE_CALL_RETRIES=0).get("/down")
    assert len(callee.calls) == 1
    nobody = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(Unavailable):
        make_client(tmp_path, callee.url, SERVICE_URLS={"billing": nobody}).get("/anything")


@pytest.mark.parametrize("status, problem, error", [
    (404, {"detail": "No such billing account."}, NotFound),
    (409, {"detail": "Open products.", "rule": "OR13", "blockers": [{"reason": "products"}]}, Conflict),
    (422, {"detail": "The last legal representative.", "rule": "OR7"}, RuleViolation),
    (422, {"detail": "The request body is invalid.", "errors": {"name": ["Missing."]}}, BadRequest),
    (403, {"detail": "The access token lacks the scope 'billing:read'."}, Forbidden),
    (400, {"detail": "Malformed."}, BadRequest),
])
def test_a_problem_answer_becomes_the_callers_own_error_with_its_extensions(tmp_path, callee, status, problem, error):
    callee.answers[("GET", "/x")] = (status, {"type": "/problems/x", "title": "T", "status": status, **problem}, 0)
    with pytest.raises(error) as raised:
        make_client(tmp_path, callee.url).get("/x")
    assert type(raised.value) is error and raised.value.detail == problem["detail"]
    extensions = {k: v for k, v in problem.items() if k != "detail"}
    assert raised.value.extensions == extensions  # the rule id (OR13, OR7) and the blockers are kept
    assert len(callee.calls) == 1  # the callee's considered answer is not asked again


def test_a_5xx_is_unavailable_and_a_get_is_retried(tmp_path, callee):
    callee.answers[("GET", "/broken")] = (500, {"title": "Internal server error", "status": 500}, 0)
    with pytest.raises(Unavailable):
        make_client(tmp_path, callee.url).get("/broken")
    assert len(callee.calls) == 3


def test_the_token_is_cached_until_shortly_before_it_expires(tmp_path, callee):
    callee.answers[("GET", "/x")] = (200, {"ok": True}, 0)
    now = [1000.0]
    client = make_client(tmp_path, callee.url, clock=lambda: now[0])
    assert client.get("/x") == {"ok": True} and client.get("/x") == {"ok": True}
    assert callee.tokens_issued == 1
    now[0] += 600 - 31  # still valid for more than the margin
    client.get("/x")
    assert callee.tokens_issued == 1
    now[0] += 2  # within the last 30 s of its 600
    client.get("/x")
    assert callee.tokens_issued == 2 and [call[2] for call in callee.calls] == ["t1", "t1", "t1", "t2"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_refused_token_is_replaced_once(tmp_path, callee, method):
    callee.answers[(method, "/x")] = (200, {"ok": True}, 0)
    callee.refused.add("t1")  # e.g. identity rotated its key, or the token was revoked
    client = make_client(tmp_path, callee.url)
    assert (client.get("/x") if method == "GET" else client.post("/x", {})) == {"ok": True}
    assert [call[2] for call in callee.calls] == ["t1", "t2"] and callee.tokens_issued == 2


def test_a_token_refused_again_is_unavailable_without_further_tries(tmp_path, callee):
    callee.answers[("GET", "/x")] = (200, {"ok": True}, 0)
    callee.refused.update({"t1", "t2", "t3"})
    with pytest.raises(Unavailable):
        make_client(tmp_path, callee.url).get("/x")
    assert [call[2] for call in callee.calls] == ["t1", "t2"]


def test_no_token_from_identity_is_unavailable(tmp_path, callee):
    nobody = f"http://127.0.0.1:{free_port()}"
    client = make_client(tmp_path, callee.url, TOKEN_URL=f"{nobody}/token")
    with pytest.raises(Unavailable) as error:
        client.get("/x")
    assert "access token" in error.value.detail and callee.calls == []


def test_a_public_endpoint_is_called_without_any_token_and_a_429_says_so(tmp_path, callee):
    """The portal's public pages (PA13's visitor) call partner with nobody's token; its limits'
    429 is TooManyRequests (still Unavailable to a caller that does not look closer)."""
    config = make_client(tmp_path, callee.url).config
    callee.answers[("GET", "/public")] = (200, {"ok": True}, 0)
    callee.answers[("POST", "/limited")] = (429, {"title": "Too many requests", "status": 429}, 0)
    person = PersonClient(config, "billing")
    assert person.request(None, "GET", "/public") == {"ok": True}
    with pytest.raises(TooManyRequests) as limited:
        person.request(None, "POST", "/limited", json={})
    assert isinstance(limited.value, Unavailable)
    assert [call[2] for call in callee.calls] == ["", ""]  # no Authorization header at all
