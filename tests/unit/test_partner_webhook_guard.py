"""PX6: the webhook endpoints' guard against server-side request forgery, on many address forms:
numeric forms are judged by the address they mean, hostnames by every address they resolve to."""
import socket

import pytest

from services.partner.webhook_guard import UnsafeEndpoint, check


def resolver(*addresses):
    """A getaddrinfo answering `addresses` for any host (a hostname's DNS answer)."""
    def resolve(host, port, type=0):  # noqa: A002 - getaddrinfo's own keyword
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in addresses]
    return resolve


REFUSED_LITERALS = [
    "https://127.0.0.1/hook", "https://127.1/hook", "https://0x7f.1/hook", "https://2130706433/hook",
    "https://0177.0.0.1/hook", "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook",
    "https://169.254.169.254/latest/meta-data", "https://10.0.0.1/", "https://10.255.255.255/",
    "https://172.16.0.1/", "https://172.31.255.254/", "https://192.168.1.1/", "https://0.0.0.0/",
    "https://[fc00::1]/", "https://[fd12:3456::1]/", "https://[fe80::1]/", "https://[::]/",
    "https://100.64.0.1/", "https://224.0.0.1/", "https://[ff02::1]/", "https://240.0.0.1/",
    "https://[::ffff:10.0.0.1]/", "https://[::ffff:169.254.169.254]/", "https://[2002:7f00:1::]/",
    "https://[64:ff9b::a00:1]/", "https://localhost/hook", "https://255.255.255.255/",
]


@pytest.mark.parametrize("url", REFUSED_LITERALS)
def test_px6_loopback_private_link_local_and_reserved_endpoints_are_refused(url):
    with pytest.raises(UnsafeEndpoint):
        check(url)


@pytest.mark.parametrize("answer", [("10.1.2.3",), ("93.184.216.34", "127.0.0.1"), ("::1",),
                                    ("192.168.0.10",), ("169.254.169.254",), ("::ffff:172.16.0.5",)])
def test_px6_a_hostname_resolving_to_any_private_address_is_refused(answer):
    with pytest.raises(UnsafeEndpoint, match="resolves to"):
        check("https://hooks.partner.example/px6", resolve=resolver(*answer))


def test_px6_a_public_https_endpoint_is_accepted_with_the_addresses_to_connect_to():
    target = check("https://hooks.partner.example:8443/in?source=pp", resolve=resolver("93.184.216.34",
                                                                                       "2606:2800:220:1::1"))
    assert (target.host, target.port, target.path) == ("hooks.partner.example", 8443, "/in?source=pp")
    assert target.addresses == ("93.184.216.34", "2606:2800:220:1::1")


@pytest.mark.parametrize("url", ["http://hooks.partner.example/", "ftp://hooks.partner.example/",
                                 "https://user:pw@hooks.partner.example/", "https:///nohost", "not a url",
                                 "https://hooks.partner.example:99999/"])
def test_px6_only_plain_https_urls_are_accepted(url):
    with pytest.raises(UnsafeEndpoint):
        check(url, resolve=resolver("93.184.216.34"))


def test_px6_a_host_that_does_not_resolve_is_refused():
    def nothing(host, port, type=0):  # noqa: A002
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    with pytest.raises(UnsafeEndpoint, match="does not resolve"):
        check("https://nowhere.invalid/", resolve=nothing)


def test_px6_the_test_configuration_allows_loopback_and_http():
    target = check("http://127.0.0.1:8080/hook", allow_private=True)
    assert target.addresses == ("127.0.0.1",) and target.scheme == "http"
