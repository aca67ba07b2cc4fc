"""PA1's website check (services/partner/website_check.py): the sandbox's rule, and the real check's
way with answers, redirects and failures, against a fake of the outside web."""
import pytest
import requests

from services.partner.website_check import HttpWebsiteCheck, SandboxWebsiteCheck, make_checker


@pytest.mark.parametrize("url, reachable", [
    ("https://alpine-web.example", True), ("https://shop.alpine.ch/path", True),
    ("https://nothing.invalid", False), ("https://a.b.invalid/x", False),
    ("https://unreachable.example", False), ("https://www.unreachable.example", False),
    ("https://not-unreachable.example", True),
])
def test_the_sandbox_finds_invalid_and_unreachable_example_hosts_unreachable(url, reachable):
    check = SandboxWebsiteCheck().check(url)
    assert check.reachable is reachable and check.status.startswith("sandbox: ") and check.checked_at


class Answer:
    def __init__(self, status, location=None):
        self.status_code, self.headers = status, ({"Location": location} if location else {})
        self.is_redirect = location is not None and status in (301, 302, 303, 307, 308)

    def close(self):
        pass


class FakeWeb:
    """The outside web as the check sees it: {url: Answer | exception}, and what was asked."""

    def __init__(self, answers):
        self.answers, self.asked = answers, []

    def head(self, url, **kwargs):
        return self._answer("HEAD", url, kwargs)

    def get(self, url, **kwargs):
        return self._answer("GET", url, kwargs)

    def _answer(self, method, url, kwargs):
        assert kwargs["allow_redirects"] is False and kwargs["timeout"] == 2
        self.asked.append((method, url))
        answer = self.answers[(method, url)] if (method, url) in self.answers else self.answers[url]
        if isinstance(answer, Exception):
            raise answer
        return answer


def check(answers, url="https://alpine.ch"):
    web = FakeWeb(answers)
    return HttpWebsiteCheck(2, session=web).check(url), web.asked


def test_an_https_answer_below_400_is_reachable():
    result, asked = check({"https://alpine.ch": Answer(200)})
    assert result.reachable and result.status == "HTTP 200 from https://alpine.ch" and asked == [("HEAD", "https://alpine.ch")]


def test_head_not_allowed_asks_with_get():
    result, asked = check({("HEAD", "https://alpine.ch"): Answer(405), ("GET", "https://alpine.ch"): Answer(200)})
    assert result.reachable and [m for m, _ in asked] == ["HEAD", "GET"]


def test_https_redirects_are_followed_and_http_ones_are_not():
    result, _ = check({"https://alpine.ch": Answer(301, "/fr/"), "https://alpine.ch/fr/": Answer(200)})
    assert result.reachable and result.status.endswith("https://alpine.ch/fr/")
    result, asked = check({"https://alpine.ch": Answer(302, "http://alpine.ch/")})
    assert not result.reachable and "non-https" in result.status and len(asked) == 1


def test_a_redirect_loop_and_error_answers_are_unreachable():
    loop, _ = check({"https://alpine.ch": Answer(302, "https://alpine.ch")})
    assert not loop.reachable and loop.status == "more than 3 redirects"
    missing, _ = check({"https://alpine.ch": Answer(404)})
    assert not missing.reachable and missing.status == "HTTP 404 from https://alpine.ch"


@pytest.mark.parametrize("error, status", [(requests.ConnectTimeout(), "no answer within 2 s"),
                                           (requests.ConnectionError(), "unreachable: ConnectionError"),
                                           (requests.exceptions.SSLError(), "unreachable: SSLError")])
def test_no_answer_is_unreachable_and_says_why(error, status):
    result, _ = check({"https://alpine.ch": error})
    assert not result.reachable and result.status == status


def test_the_configuration_chooses_the_checker():
    assert isinstance(make_checker({}), SandboxWebsiteCheck)
    assert make_checker({"WEBSITE_CHECK": "http", "WEBSITE_CHECK_TIMEOUT": 3}).timeout == 3
    with pytest.raises(ValueError):
        make_checker({"WEBSITE_CHECK": "magic"})
