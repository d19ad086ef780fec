from django.urls import path

from connections import views, views_network

urlpatterns = [
    path("network/", views_network.my_network, name="my_network"),
    path("in/<id:member_id>/connect", views.invitation_send, name="invitation_send"),
    path("in/<id:member_id>/connect/dialog", views.invitation_dialog, name="invitation_dialog"),
    path("network/badge", views.network_badge, name="network_badge"),
    path("in/<id:member_id>/block", views.block_member, name="block_member"),
    path("in/<id:member_id>/endorse", views.member_endorse, name="member_endorse"),
    path(
        "network/invitations/<id:invitation_id>/accept",
        views.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "network/invitations/<id:invitation_id>/ignore",
        views.invitation_ignore,
        name="invitation_ignore",
    ),
    path(
        "network/invitations/<id:invitation_id>/withdraw",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "network/connections/<id:member_id>/remove",
        views.connection_remove,
        name="connection_remove",
    ),
]
