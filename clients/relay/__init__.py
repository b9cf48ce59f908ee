"""`shuttle-relay`: the command-line tool for prison relay staff (docs/relay.md)."""
