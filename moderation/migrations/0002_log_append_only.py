"""The audit log is append-only in the database too: a trigger refuses UPDATE and DELETE."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION moderation_logentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the moderation audit log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER moderation_logentry_append_only
    BEFORE UPDATE OR DELETE ON moderation_logentry
    FOR EACH ROW EXECUTE FUNCTION moderation_logentry_refuse_change();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS moderation_logentry_append_only ON moderation_logentry;
DROP FUNCTION IF EXISTS moderation_logentry_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
