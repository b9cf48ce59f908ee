"""Key ring, case keys and authenticated encryption. No database access here."""
