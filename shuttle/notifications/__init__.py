"""Content-free e-mail notifications: that something is waiting, never what or from whom."""
