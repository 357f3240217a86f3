"""Migration operations for PostgreSQL-only indexes that other databases go without."""

from django.contrib.postgres.operations import TrigramExtension
from django.db.migrations.operations.base import Operation

from core.full_text import document_index


class TrigramIndex(Operation):
    """A GIN trigram index on UPPER(column): what Django's `icontains` compares on PostgreSQL.

    `icontains` becomes `UPPER("column"::text) LIKE UPPER('%term%')`, which a
    B-tree cannot serve; this index can, for terms of three characters or
    more. On SQLite (the embedded default) the search scans the table, and
    nothing is created.
    """

    reversible = True

    def __init__(self, table, column):
        self.table = table
        self.column = column

    @property
    def index_name(self):
        return f"{self.table}_{self.column}_trgm"[:63]

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            quote = schema_editor.quote_name
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(self.index_name)} ON {quote(self.table)} "
                f"USING gin (UPPER({quote(self.column)}) gin_trgm_ops)"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.index_name)}"
            )

    def describe(self):
        return f"Trigram index on UPPER({self.table}.{self.column})"

    @property
    def migration_name_fragment(self):
        return f"{self.table}_{self.column}_trgm"


def trigram_indexes(table, *columns):
    """pg_trgm (a no-op where it exists or off PostgreSQL), then an index for each column."""
    return [TrigramExtension(), *(TrigramIndex(table, column) for column in columns)]


class DocumentIndex(Operation):
    """The GIN index of a model's full-text search document (`core.full_text`).

    Built from the same expression the search filters on, so PostgreSQL can
    use it; other databases search without it, and nothing is created.
    """

    reversible = True

    def __init__(self, model_name, name, fields):
        self.model_name = model_name
        self.name = name
        self.fields = fields

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, document_index(self.name, *self.fields))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, document_index(self.name, *self.fields))

    def describe(self):
        return f"Full-text index {self.name} on {self.model_name} ({', '.join(self.fields)})"

    @property
    def migration_name_fragment(self):
        return self.name
