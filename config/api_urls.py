"""Every REST endpoint under /api/v1/ (API.md)."""

from django.urls import path

from accounts.api import views as accounts
from connections.api import views as connections
from exports.api import views as exports
from feed.api import views as feed
from groups.api import views as groups
from messaging.api import views as messaging
from moderation.api import views as moderation
from network.api import views as network
from notifications.api import views as notifications
from search.api import views as search

urlpatterns = [
    path("auth/register", accounts.RegisterApi.as_view(), name="register"),
    path("auth/token", accounts.TokenObtainApi.as_view(), name="token"),
    path("auth/appeal", accounts.SuspensionAppealApi.as_view(), name="suspension-appeal"),
    path("auth/token/refresh", accounts.TokenRefreshApi.as_view(), name="token-refresh"),
    path("auth/logout", accounts.LogoutApi.as_view(), name="logout"),
    path("auth/email/confirm", accounts.EmailConfirmApi.as_view(), name="email-confirm"),
    path("auth/email/resend", accounts.EmailResendApi.as_view(), name="email-resend"),
    path("me", accounts.MeApi.as_view(), name="me"),
    path("me/photo", accounts.MePhotoApi.as_view(), name="me-photo"),
    path("me/positions", accounts.PositionListApi.as_view(), name="positions"),
    path("me/positions/<id:position_id>", accounts.PositionDetailApi.as_view(), name="position"),
    path("me/education", accounts.EducationListApi.as_view(), name="education-list"),
    path(
        "me/education/<id:education_id>",
        accounts.EducationDetailApi.as_view(),
        name="education-detail",
    ),
    path("me/settings", accounts.MeSettingsApi.as_view(), name="settings"),
    path("me/deactivate", accounts.MeDeactivateApi.as_view(), name="deactivate"),
    path("me/delete", accounts.MeDeleteApi.as_view(), name="delete"),
    path("me/limits", connections.MeLimitsApi.as_view(), name="limits"),
    path("me/reports", moderation.MyReportListApi.as_view(), name="my-reports"),
    path("me/standing", moderation.MyStandingApi.as_view(), name="my-standing"),
    path("me/appeals", moderation.MyAppealCreateApi.as_view(), name="my-appeals"),
    path("reports", moderation.ReportCreateApi.as_view(), name="reports"),
    path("moderation/reports", moderation.CaseListApi.as_view(), name="moderation-cases"),
    path(
        "moderation/reports/<id:case_id>/resolve",
        moderation.CaseResolveApi.as_view(),
        name="moderation-case-resolve",
    ),
    path(
        "moderation/appeals", moderation.ModeratorAppealListApi.as_view(), name="moderation-appeals"
    ),
    path(
        "moderation/appeals/<id:appeal_id>/decide",
        moderation.AppealDecideApi.as_view(),
        name="moderation-appeal-decide",
    ),
    path("moderation/log", moderation.AuditLogApi.as_view(), name="moderation-log"),
    path("members/<id:member_id>", network.MemberDetailApi.as_view(), name="member"),
    path(
        "members/<id:member_id>/connections",
        connections.MemberConnectionListApi.as_view(),
        name="member-connections",
    ),
    path(
        "members/<id:member_id>/mutual-connections",
        network.MutualConnectionsApi.as_view(),
        name="mutual-connections",
    ),
    path("members/<id:member_id>/path", network.PathApi.as_view(), name="path"),
    path("network/suggestions", network.SuggestionsApi.as_view(), name="suggestions"),
    path(
        "network/suggestions/<id:member_id>/dismiss",
        network.SuggestionDismissApi.as_view(),
        name="suggestion-dismiss",
    ),
    path("network/summary", network.NetworkSummaryApi.as_view(), name="network-summary"),
    path("invitations", connections.InvitationSendApi.as_view(), name="invitations"),
    path(
        "invitations/received",
        connections.InvitationReceivedListApi.as_view(),
        name="invitations-received",
    ),
    path("invitations/sent", connections.InvitationSentListApi.as_view(), name="invitations-sent"),
    path(
        "invitations/preflight",
        connections.InvitationPreflightApi.as_view(),
        name="invitation-preflight",
    ),
    path(
        "invitations/<id:invitation_id>/accept",
        connections.InvitationAcceptApi.as_view(),
        name="invitation-accept",
    ),
    path(
        "invitations/<id:invitation_id>/ignore",
        connections.InvitationIgnoreApi.as_view(),
        name="invitation-ignore",
    ),
    path(
        "invitations/<id:invitation_id>/withdraw",
        connections.InvitationWithdrawApi.as_view(),
        name="invitation-withdraw",
    ),
    path("connections", connections.ConnectionListApi.as_view(), name="connections"),
    path(
        "connections/<id:member_id>", connections.ConnectionDetailApi.as_view(), name="connection"
    ),
    path("blocks", connections.BlockListApi.as_view(), name="blocks"),
    path("blocks/<id:member_id>", accounts.BlockDetailApi.as_view(), name="block"),
    path("notifications", notifications.NotificationListApi.as_view(), name="notifications"),
    path(
        "notifications/read",
        notifications.NotificationsReadApi.as_view(),
        name="notifications-read",
    ),
    path("me/export", exports.MeExportApi.as_view(), name="me-export"),
    path(
        "me/export/<id:export_id>/download",
        exports.MeExportDownloadApi.as_view(),
        name="me-export-download",
    ),
    path(
        "me/notification-settings",
        notifications.NotificationSettingsApi.as_view(),
        name="notification-settings",
    ),
    path("conversations", messaging.ConversationListApi.as_view(), name="conversations"),
    path(
        "conversations/<id:conversation_id>",
        messaging.ConversationDetailApi.as_view(),
        name="conversation",
    ),
    path(
        "conversations/<id:conversation_id>/messages",
        messaging.ConversationMessagesApi.as_view(),
        name="conversation-messages",
    ),
    path(
        "conversations/<id:conversation_id>/read",
        messaging.ConversationReadApi.as_view(),
        name="conversation-read",
    ),
    path(
        "conversations/<id:conversation_id>/archive",
        messaging.ConversationArchiveApi.as_view(),
        name="conversation-archive",
    ),
    path(
        "conversations/<id:conversation_id>/unarchive",
        messaging.ConversationUnarchiveApi.as_view(),
        name="conversation-unarchive",
    ),
    path(
        "conversations/<id:conversation_id>/leave",
        messaging.ConversationLeaveApi.as_view(),
        name="conversation-leave",
    ),
    path(
        "conversations/<id:conversation_id>/participants",
        messaging.ConversationParticipantsApi.as_view(),
        name="conversation-participants",
    ),
    path("search/people", search.PeopleSearchApi.as_view(), name="search-people"),
    path("search/typeahead", search.TypeaheadApi.as_view(), name="search-typeahead"),
    path("search/groups", search.GroupSearchApi.as_view(), name="search-groups"),
    # Groups and the feed (docs/groups.md).
    path("groups", groups.GroupListApi.as_view(), name="groups"),
    path("groups/<id:group_id>", groups.GroupDetailApi.as_view(), name="group"),
    path("groups/<id:group_id>/join", groups.GroupJoinApi.as_view(), name="group-join"),
    path("groups/<id:group_id>/leave", groups.GroupLeaveApi.as_view(), name="group-leave"),
    path(
        "groups/<id:group_id>/invitation/decline",
        groups.GroupInvitationDeclineApi.as_view(),
        name="group-invitation-decline",
    ),
    path("groups/<id:group_id>/members", groups.GroupMembersApi.as_view(), name="group-members"),
    path(
        "groups/<id:group_id>/members/<id:member_id>",
        groups.GroupMemberApi.as_view(),
        name="group-member",
    ),
    path(
        "groups/<id:group_id>/members/<id:member_id>/role",
        groups.GroupMemberRoleApi.as_view(),
        name="group-member-role",
    ),
    path("groups/<id:group_id>/transfer", groups.GroupTransferApi.as_view(), name="group-transfer"),
    path("groups/<id:group_id>/bans", groups.GroupBansApi.as_view(), name="group-bans"),
    path(
        "groups/<id:group_id>/bans/<id:member_id>", groups.GroupBanApi.as_view(), name="group-ban"
    ),
    path(
        "groups/<id:group_id>/invitations",
        groups.GroupInvitationsApi.as_view(),
        name="group-invitations",
    ),
    path("groups/<id:group_id>/requests", groups.GroupRequestsApi.as_view(), name="group-requests"),
    path(
        "groups/<id:group_id>/requests/<id:request_id>/approve",
        groups.GroupRequestApproveApi.as_view(),
        name="group-request-approve",
    ),
    path(
        "groups/<id:group_id>/requests/<id:request_id>/reject",
        groups.GroupRequestRejectApi.as_view(),
        name="group-request-reject",
    ),
    path("groups/<id:group_id>/posts", feed.GroupPostsApi.as_view(), name="group-posts"),
    path(
        "groups/<id:group_id>/posts/<id:post_id>/comments",
        feed.GroupPostCommentsApi.as_view(),
        name="group-post-comments",
    ),
    path(
        "groups/<id:group_id>/posts/<id:post_id>/pin",
        feed.GroupPostPinApi.as_view(),
        name="group-post-pin",
    ),
    path(
        "groups/<id:group_id>/posts/<id:post_id>/approve",
        feed.GroupPostApproveApi.as_view(),
        name="group-post-approve",
    ),
    path("feed", feed.FeedApi.as_view(), name="feed"),
    path("posts", feed.PostCreateApi.as_view(), name="posts"),
    path("posts/<id:post_id>", feed.PostDetailApi.as_view(), name="post"),
    path("posts/<id:post_id>/comments", feed.PostCommentsApi.as_view(), name="post-comments"),
    path("posts/<id:post_id>/reactions", feed.PostReactionsApi.as_view(), name="post-reactions"),
    path("comments/<id:comment_id>", feed.CommentDetailApi.as_view(), name="comment"),
    path("members/<id:member_id>/follow", feed.FollowApi.as_view(), name="member-follow"),
    # Your attention (issue 18 part B): mutes, endorsements.
    path("members/<id:member_id>/mute", feed.MuteApi.as_view(), name="member-mute"),
    path(
        "members/<id:member_id>/endorsements",
        connections.EndorsementsApi.as_view(),
        name="member-endorsements",
    ),
    path(
        "members/<id:member_id>/endorsements/<path:skill>",
        connections.EndorsementDetailApi.as_view(),
        name="member-endorsement",
    ),
]
