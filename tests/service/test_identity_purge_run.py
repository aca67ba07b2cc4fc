"""Identity's `purge-expired` run (ID12): what can no longer be presented is deleted, once."""
from datetime import datetime, timedelta

from services.common.runs import execute
from services.identity.models import Account, BrowserSession, ScheduledRun
from services.identity.oauth.models import AuthorizationCode, RefreshToken, RevokedAccessToken
from services.identity.periodic import SCHEDULE

NOW = datetime(2026, 4, 1, 6, 0)
CONFIG = {"RUN_LEASE_SECONDS": 60, "FAILPOINTS": ""}


def code(name, session, expires_at):
    AuthorizationCode.create(code_hash=name, client_id="spa", account=session.account, session=session,
                             redirect_uri="https://app.example/cb", scope="openid", code_challenge="x",
                             code_challenge_method="S256", auth_time=0, amr="pwd", expires_at=expires_at)


def refresh(name, session, expires_at):
    RefreshToken.create(token_hash=name, family="7f000000-0000-4000-8000-000000000001", code_hash="c",
                        client_id="spa", account=session.account, session=session, scope="openid", auth_time=0,
                        amr="pwd", expires_at=expires_at)


def test_id12_purge_deletes_expired_codes_tokens_and_revocations_once_and_keeps_sessions(identity, clock):
    clock.set(NOW)
    account = Account.create(email="anna@example.ch", password_hash="x", first_name="Anna", last_name="A")
    session = BrowserSession.create(account=account)
    code("old-code", session, NOW - timedelta(days=2))
    code("recent-code", session, NOW - timedelta(hours=1))  # within the replay window: kept
    refresh("old-refresh", session, NOW - timedelta(seconds=1))
    refresh("live-refresh", session, NOW + timedelta(days=1))
    RevokedAccessToken.create(jti="old", expires_at=NOW - timedelta(seconds=1))
    RevokedAccessToken.create(jti="live", expires_at=NOW + timedelta(minutes=5))
    run = SCHEDULE.runs["purge-expired"]
    assert execute(CONFIG, ScheduledRun, run, "2026-04-01") == {"total": 3, "changed": 3, "unchanged": 0}
    assert execute(CONFIG, ScheduledRun, run, "2026-04-01") is None
    assert [c.code_hash for c in AuthorizationCode.select()] == ["recent-code"]
    assert [t.token_hash for t in RefreshToken.select()] == ["live-refresh"]
    assert [t.jti for t in RevokedAccessToken.select()] == ["live"] and BrowserSession.select().count() == 1
