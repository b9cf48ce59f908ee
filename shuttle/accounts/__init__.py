"""People who sign in: accounts, passphrases and sessions."""
