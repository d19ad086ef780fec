"""One member's search document refreshed by its id (search/sql.py, REFRESH_BY_ID): a profile
edit read every row of accounts_user, because a SQL function's `ids IS NULL OR u.id = ANY(ids)`
is planned for any `ids`. The same documents, one function; PL/pgSQL gives each case its plan."""

from django.db import migrations

from search import sql


class Migration(migrations.Migration):
    dependencies = [("search", "0006_gin_without_pending_list")]

    operations = [migrations.RunSQL(sql.REFRESH_BY_ID, sql.REFRESH_0005)]
