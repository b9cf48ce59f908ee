"""Cases, the facilitators assigned to them, and the parties on each side."""
