"""Prison relay: printed letters in, scanned replies out."""
