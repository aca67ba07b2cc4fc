"""ID3: the invitation token from a sign-up link reaches orgs as one path segment, never as a
way to another orgs path, and an empty one is refused without asking."""
import pytest

from services.common.errors import NotFound, RuleViolation
from services.identity.invitations import open_invitation


class OrgsClientRecorder:
    """Records the paths identity asks orgs for; orgs answers 404 (no such invitation), which
    the service client raises as NotFound."""

    def __init__(self):
        self.paths = []

    def get(self, path):
        self.paths.append(path)
        raise NotFound("No such invitation.")


@pytest.mark.parametrize("token, path", [
    ("abc", "/v1/invitations/abc"),
    ("../accounts/x/sole-legal-representations", "/v1/invitations/..%2Faccounts%2Fx%2Fsole-legal-representations"),
    ("a?b#c", "/v1/invitations/a%3Fb%23c"),
])
def test_id3_the_invitation_token_is_one_path_segment(token, path):
    orgs = OrgsClientRecorder()
    with pytest.raises(RuleViolation):
        open_invitation(orgs, token)
    assert orgs.paths == [path]


def test_id3_an_empty_invitation_token_is_refused_without_asking_orgs():
    orgs = OrgsClientRecorder()
    with pytest.raises(RuleViolation):
        open_invitation(orgs, "")
    assert orgs.paths == []
