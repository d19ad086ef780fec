from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.conversation_new, name="new"),
    path("with/<id:member_id>/", views.conversation_with, name="with_member"),
    path("unread-badge", views.unread_badge, name="unread_badge"),
    path("<id:conversation_id>/", views.conversation_detail, name="conversation"),
    path("<id:conversation_id>/send", views.message_send, name="send"),
    path("<id:conversation_id>/poll", views.conversation_poll, name="poll"),
    path("<id:conversation_id>/earlier", views.conversation_earlier, name="earlier"),
    path("<id:conversation_id>/read", views.conversation_read, name="read"),
    path("<id:conversation_id>/archive", views.conversation_archive, name="archive"),
    path("<id:conversation_id>/unarchive", views.conversation_unarchive, name="unarchive"),
    path("<id:conversation_id>/leave", views.conversation_leave, name="leave"),
    path(
        "<id:conversation_id>/participants/",
        views.conversation_participants,
        name="participants",
    ),
]
