"""Letters: versions, review transitions, release, delivery and opening."""
