"""The exception tree. Front ends translate these once, at their boundary.

::

    NewsgraphError                  base: every error newsgraph raises on purpose
    ├── ConfigError                 a bad config file, environment variable or flag value
    ├── PipelineError               stages that cannot be assembled (a need nobody adds)
    ├── DependencyMissing           an optional extra is not installed (names the command)
    ├── ModelError                  the spaCy pipeline cannot be loaded
    ├── InputError                  a document or path that cannot be read
    │   ├── UnsupportedFormat       a format we do not read (binary, unknown container)
    │   └── DocumentTooLarge        over the configured size limit
    ├── StoreError                  the database cannot be opened, migrated or written
    │   ├── SchemaTooNew            the file was written by a newer newsgraph
    │   └── SchemaTooOld            a read-only open of a file an older newsgraph wrote
    └── QueryError                  a malformed search query or unknown id (API: 4xx)
        └── NotFound                a document, actor or event that does not exist

The CLI prints ``Error: <message>`` and exits 1; the JSON API answers
``{"error": {"code", "message"}}`` with a 4xx/5xx status. Per-document failures never raise
out of a run: readers and stages turn them into ``Dropped``/error rows so the run goes on.
"""


class NewsgraphError(Exception):
    code = "error"


class ConfigError(NewsgraphError):
    code = "bad_config"


class PipelineError(NewsgraphError):
    code = "bad_pipeline"


class DependencyMissing(NewsgraphError):
    code = "missing_dependency"

    def __init__(self, what: str, install: str):
        super().__init__(f"{what} is not installed; install it with: {install}")
        self.install = install


class ModelError(NewsgraphError):
    code = "model_error"


class InputError(NewsgraphError):
    code = "bad_input"

    def __init__(self, message: str, reason: str = "unreadable"):
        super().__init__(message)
        self.reason = reason


class UnsupportedFormat(InputError):
    code = "unsupported_format"


class DocumentTooLarge(InputError):
    code = "too_large"


class StoreError(NewsgraphError):
    code = "store_error"


class SchemaTooNew(StoreError):
    code = "schema_too_new"


class SchemaTooOld(StoreError):
    code = "schema_too_old"


class QueryError(NewsgraphError):
    code = "bad_query"


class NotFound(QueryError):
    code = "not_found"
