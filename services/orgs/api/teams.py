from flask import g
from flask.views import MethodView

from services.common.web import Blueprint

from .. import teams
from ..schemas import TeamIn, TeamOut, TeamPatch
from .tokens import person

blp = Blueprint("teams", __name__, url_prefix="/v1/organizations/<uuid:organization_id>/teams",
                description="Work teams and their product access (OR11)")

PERSON = [{"bearer": ["orgs"]}]


@blp.route("")
class Teams(MethodView):
    decorators = [person()]

    @blp.response(200, TeamOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, organization_id):
        """The organization's teams with their members and products."""
        return teams.list_teams(organization_id, g.account_id)

    @blp.arguments(TeamIn)
    @blp.response(201, TeamOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id):
        """Create a team (administrators and legal representatives)."""
        return teams.create_team(organization_id, g.account_id, body)


@blp.route("/<uuid:team_id>")
class TeamById(MethodView):
    decorators = [person()]

    @blp.response(200, TeamOut)
    @blp.doc(security=PERSON)
    def get(self, organization_id, team_id):
        """One team."""
        return teams.get_team(organization_id, g.account_id, team_id)

    @blp.arguments(TeamPatch)
    @blp.response(200, TeamOut)
    @blp.doc(security=PERSON)
    def patch(self, body, organization_id, team_id):
        """Rename, change the lead or the team's products; access follows at once."""
        return teams.update_team(organization_id, g.account_id, team_id, body)

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, organization_id, team_id):
        """Delete the team; its members keep only their direct grants."""
        teams.delete_team(organization_id, g.account_id, team_id)


@blp.route("/<uuid:team_id>/members/<uuid:account_id>")
class TeamMember(MethodView):
    decorators = [person()]

    @blp.response(200, TeamOut)
    @blp.doc(security=PERSON)
    def put(self, organization_id, team_id, account_id):
        """Add a member (external ones too) to the team."""
        return teams.add_to_team(organization_id, g.account_id, team_id, account_id)

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, organization_id, team_id, account_id):
        """Take a member out of the team."""
        teams.remove_from_team(organization_id, g.account_id, team_id, account_id)
