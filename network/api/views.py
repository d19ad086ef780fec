"""Member profiles as a viewer sees them (degree-limited)."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import MemberProfileSerializer
from accounts.auth import current_member
from accounts.policies import profile_access
from accounts.selectors import access_member
from network.selectors import degree_between


class MemberDetailApi(APIView):
    @extend_schema(responses={200: MemberProfileSerializer})
    def get(self, request: Request, member_id: int) -> Response:
        viewer = current_member(request)
        member = access_member(viewer=viewer, member_id=member_id)
        access = profile_access(member=member, degree=degree_between(viewer=viewer, member=member))
        return Response(MemberProfileSerializer.for_viewer(member, access))
