from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.people_search_page, name="people"),
    path("groups/", views.group_search_page, name="groups"),
    path("typeahead", views.typeahead_fragment, name="typeahead"),
]
