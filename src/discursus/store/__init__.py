"""The project store: SQLite for rows people read and edit, Parquet shards for tokens."""
