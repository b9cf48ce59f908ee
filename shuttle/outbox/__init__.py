"""The outbox: follow-up work written in the same transaction as the change that needs it."""
