"""Accounts, roles and the tamper-evident audit log of one library, kept in their own SQLite file
(`accounts.db` beside `library.db`, with its own schema version) so that the library's schema can
change without them. Imports only `config` and `errors`: the guarded operations live in `access.py`."""
