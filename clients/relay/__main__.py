"""`python -m clients.relay`, the same as `shuttle-relay`."""

from clients.relay.cli import main

main()
