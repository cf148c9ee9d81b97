"""The PostgreSQL store: the SQLite store's table mixins on asyncpg, for several processes."""
