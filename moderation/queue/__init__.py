"""The review queue: claim, return with notes, release, second approval."""
