"""Live events: stored in the database, announced over Redis pub/sub, sent over websockets."""
