from django.urls import path

from accordwatch.assistance import views_edit, views_flows

# Included after assistance.urls' own routes: every address here is new ("flows/",
# "records/", "rates/", "publication/"), so none shadows a page (a fund keyed "new" is
# still /assistance/funds/new/).
urlpatterns = [
    path("assistance/flows/", views_flows.flow_list, name="assistance-flows"),
    path("assistance/flows/new/", views_edit.flow_new, name="assistance-flow-new"),
    path("assistance/flows/<int:pk>/", views_flows.flow_detail, name="assistance-flow"),
    path("assistance/flows/<int:pk>/edit/", views_edit.flow_edit, name="assistance-flow-edit"),
    path(
        "assistance/flows/<int:pk>/delete/", views_edit.flow_delete, name="assistance-flow-delete"
    ),
    path("assistance/records/", views_edit.records_index, name="assistance-records"),
    path(
        "assistance/records/organisations/",
        views_edit.organisation_list,
        name="assistance-organisations",
    ),
    path(
        "assistance/records/<slug:kind>/new/",
        views_edit.record_new,
        name="assistance-record-new",
    ),
    path(
        "assistance/records/<slug:kind>/<slug:key>/edit/",
        views_edit.record_edit,
        name="assistance-record-edit",
    ),
    path(
        "assistance/publication/<slug:kind>/<slug:ref>/",
        views_edit.publication_change,
        name="assistance-publication",
    ),
    path("assistance/rates/", views_edit.rates, name="assistance-rates"),
]
