"""Migration operations for PostgreSQL-only indexes that other databases go without."""

import re
from collections.abc import Callable, Sequence
from typing import ClassVar

from django.contrib.postgres.operations import TrigramExtension
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

from core.full_text import CONFIG, document_index

# `core.full_text.CONFIG`: `simple` after `unaccent` for the word types that
# may hold letters outside ASCII. unaccent is a trusted extension, which the
# database's owner may create. (CONFIG is the module's constant, not input.)
SEARCH_CONFIGURATION = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
        CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION {CONFIG}
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END
$$;
"""  # noqa: S608


Step = Callable[[str, BaseDatabaseSchemaEditor, ProjectState], None]


def _on_postgresql(step: str, *, forwards: bool) -> Callable[..., None]:
    """An operation's `database_forwards` (`forwards`, with the state after the migration) or
    `database_backwards` (with the state before it) running its `step` on PostgreSQL only.

    `step` is looked up on the operation when it runs, so a subclass that swaps `create`
    and `drop` (`DropDocumentIndex`) migrates the other way."""

    def run(
        operation: Operation,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            action: Step = getattr(operation, step)
            action(app_label, schema_editor, to_state if forwards else from_state)

    return run


class PostgreSQLIndex(Operation):
    """An index only PostgreSQL builds: the models' state is untouched, and
    other databases (SQLite, the embedded default) go without it.

    Subclasses define `create` and `drop`, each a `Step`: `(app_label, schema_editor, state)`."""

    reversible = True

    database_forwards = _on_postgresql("create", forwards=True)
    database_backwards = _on_postgresql("drop", forwards=False)

    # What `describe()` and the migration's name say, formatted with the operation as `op`.
    description: ClassVar[str]
    name_fragment: ClassVar[str]

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def describe(self) -> str:
        return self.description.format(op=self)

    @property
    def migration_name_fragment(self) -> str:
        return self.name_fragment.format(op=self)


class TrigramIndex(PostgreSQLIndex):
    """A GIN trigram index on UPPER(column): what Django's `icontains` compares on PostgreSQL.

    `icontains` becomes `UPPER("column"::text) LIKE UPPER('%term%')`, which a
    B-tree cannot serve; this index can, for terms of three characters or
    more. On SQLite (the embedded default) the search scans the table, and
    nothing is created.
    """

    description = "Trigram index on UPPER({op.table}.{op.column})"
    name_fragment = "{op.table}_{op.column}_trgm"

    def __init__(self, table: str, column: str) -> None:
        self.table = table
        self.column = column

    @property
    def index_name(self) -> str:
        return f"{self.table}_{self.column}_trgm"[:63]

    def create(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, state: ProjectState
    ) -> None:
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(self.index_name)} ON {quote(self.table)} "
            f"USING gin (UPPER({quote(self.column)}) gin_trgm_ops)"
        )

    def drop(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, state: ProjectState
    ) -> None:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.index_name)}")


def trigram_indexes(table: str, *columns: str) -> list[Operation]:
    """pg_trgm (a no-op where it exists or off PostgreSQL), then an index for each column."""
    return [TrigramExtension(), *(TrigramIndex(table, column) for column in columns)]


class DocumentIndex(PostgreSQLIndex):
    """The GIN index of a model's full-text search document (`core.full_text`).

    The global search read one such index a table until one table of search
    entries (`SearchEntries`) served every kind; kept, with the operations
    below, for the migrations that built, rebuilt and dropped them. Other
    databases went without it, and nothing is created.
    """

    description = "Full-text index {op.name} on {op.model_name} ({op.field_list})"
    name_fragment = "{op.name}"

    def __init__(self, model_name: str, name: str, fields: Sequence[str]) -> None:
        self.model_name = model_name
        self.name = name
        self.fields = fields

    @property
    def field_list(self) -> str:
        return ", ".join(self.fields)

    def create(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, state: ProjectState
    ) -> None:
        model = state.apps.get_model(app_label, self.model_name)
        # Here rather than in a migration of its own: the migrations that
        # build these indexes came first and cannot depend on a later one.
        schema_editor.execute(SEARCH_CONFIGURATION)
        schema_editor.add_index(model, document_index(self.name, *self.fields))

    def drop(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, state: ProjectState
    ) -> None:
        model = state.apps.get_model(app_label, self.model_name)
        schema_editor.remove_index(model, document_index(self.name, *self.fields))


class RebuildDocumentIndex(DocumentIndex):
    """Builds a `DocumentIndex` again, on the same fields, from the expression searched today.

    For a change of `core.full_text.CONFIG`: the search then filters on a
    new expression, which only an index built from it can serve.
    """

    description = "Rebuild full-text index {op.name} on {op.model_name}"
    name_fragment = "rebuild_{op.name}"

    def create(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, state: ProjectState
    ) -> None:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}")
        super().create(app_label, schema_editor, state)

    drop = create


class DropDocumentIndex(DocumentIndex):
    """Drops a `DocumentIndex` (and builds it again when migrating back).

    Followed by a `DocumentIndex` of the same name on other fields, it
    rebuilds the index when a model's declared search document changes
    (`core.searchable.SearchFields.document`): the search filters on the
    new expression, which only an index built from it can serve.
    """

    description = "Drop full-text index {op.name} on {op.model_name} ({op.field_list})"
    name_fragment = "drop_{op.name}"

    create = DocumentIndex.drop
    drop = DocumentIndex.create


class SearchEntries(PostgreSQLIndex):
    """A trigger that keeps each row of a model's table in `core.SearchEntry` under `kind`.

    The entry's words are those of `titles` (weight A, ranked first) and of
    `others` (weight B): together the kind's declared document
    (`core.searchable.SearchFields.document`), columns of the table itself,
    so the trigger reads them from the row it fires for. Creating it enters
    the rows already there; dropping it removes their entries. Changing a
    kind's document needs a migration that drops this and creates it with
    the new columns (tests/test_searchable.py fails until then).

    Each kind has a GIN index of its own on the one table (partial, on its
    kind): a word's prefix is matched by reading every entry that holds
    it, so an index of all kinds would read a common word's projects to
    find its regions. Updated at once (no pending list), so a search reads
    no list of recent writes.
    """

    description = "Search entries of {op.model_name} as {op.kind}"
    name_fragment = "search_entries_{op.kind}"

    def __init__(
        self, model_name: str, kind: str, titles: Sequence[str], others: Sequence[str]
    ) -> None:
        # The kind is written into the trigger's code: a plain name, never input.
        if not re.fullmatch(r"[a-z_]+", kind):
            raise ValueError(f"A kind is a lower-case name: {kind!r}")
        self.model_name = model_name
        self.kind = kind
        self.titles = titles
        self.others = others

    @property
    def function_name(self) -> str:
        return f"core_search_entry_{self.kind}"

    @property
    def index_name(self) -> str:
        return f"core_searchentry_{self.kind}"

    def document_sql(self, quote: Callable[[str], str], row: str = "") -> str:
        """The entry's words from the columns of `row` (a trigger's NEW, or the table)."""

        def words(columns: Sequence[str], weight: str) -> str:
            texts = ", ".join(f"{row}{quote(column)}::text" for column in columns)
            return f"setweight(to_tsvector('{CONFIG}', concat_ws(' ', {texts})), '{weight}')"

        parts = [words(self.titles, "A")]
        if self.others:
            parts.append(words(self.others, "B"))
        return " || ".join(parts)

    def create(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, state: ProjectState
    ) -> None:
        model = state.apps.get_model(app_label, self.model_name)
        quote = schema_editor.quote_name
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        kind, function = self.kind, quote(self.function_name)
        # An update of other columns (a status, a date) leaves the words as they were.
        columns = ", ".join(quote(column) for column in (*self.titles, *self.others))
        schema_editor.execute(SEARCH_CONFIGURATION)
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    DELETE FROM core_searchentry WHERE kind = '{kind}' AND object_id = OLD.{pk};
                    RETURN OLD;
                END IF;
                INSERT INTO core_searchentry (kind, object_id, document)
                VALUES ('{kind}', NEW.{pk}, {self.document_sql(quote, "NEW.")})
                ON CONFLICT (kind, object_id) DO UPDATE SET document = EXCLUDED.document;
                RETURN NEW;
            END
            $$
            """  # noqa: S608 (names checked in __init__ and quoted)
        )
        schema_editor.execute(
            f"CREATE OR REPLACE TRIGGER {function} AFTER INSERT OR DELETE OR UPDATE OF {columns} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
        # Names checked in __init__ and quoted.
        enter_existing = (
            "INSERT INTO core_searchentry (kind, object_id, document) "  # noqa: S608
            f"SELECT %s, {pk}, {self.document_sql(quote)} FROM {table} "
            "ON CONFLICT (kind, object_id) DO UPDATE SET document = EXCLUDED.document"
        )
        schema_editor.execute(enter_existing, [kind])
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(self.index_name)} ON core_searchentry "
            f"USING gin (document) WITH (fastupdate = off) WHERE kind = '{kind}'"
        )

    def drop(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, state: ProjectState
    ) -> None:
        model = state.apps.get_model(app_label, self.model_name)
        quote = schema_editor.quote_name
        function = quote(self.function_name)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {function} ON {quote(model._meta.db_table)}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(self.index_name)}")
        schema_editor.execute("DELETE FROM core_searchentry WHERE kind = %s", [self.kind])
