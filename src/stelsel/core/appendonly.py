"""Database triggers that make the journal and the access log append-only.

UPDATE is always refused. DELETE and TRUNCATE are refused too, unless the connection has switched on the purge
flag; only the test suite does that, so Django can empty tables between browser tests. Production never does.
"""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

PURGE_SETTING = "stelsel.journal_purge"
APPEND_ONLY_TABLES = ("core_journalentry", "core_journalsubject", "access_accesslogentry")

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION stelsel_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('{PURGE_SETTING}', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'tabel % is alleen aanvullen: % geweigerd', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def pg_triggers_sql(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION stelsel_refuse_change();
CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION stelsel_refuse_change();
"""


def sqlite_triggers_sql(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, 'tabel {table} is alleen aanvullen: UPDATE geweigerd'); END;""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} WHEN NOT stelsel_purge_allowed()
            BEGIN SELECT RAISE(ABORT, 'tabel {table} is alleen aanvullen: DELETE geweigerd'); END;""",
    ]


def install_triggers(schema_editor: Any, table: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        schema_editor.execute(pg_triggers_sql(table), params=None)
    elif vendor == "sqlite":
        for statement in sqlite_triggers_sql(table):
            schema_editor.execute(statement)


def allow_purge_on(connection: BaseDatabaseWrapper, allowed: bool) -> None:
    """Switch the purge flag on one connection (tests only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT set_config('{PURGE_SETTING}', %s, false)", ["on" if allowed else "off"])
    elif connection.vendor == "sqlite":
        connection.connection.create_function("stelsel_purge_allowed", 0, lambda: 1 if allowed else 0)
