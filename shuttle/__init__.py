"""Shuttle: mediated, encrypted letter exchange for restorative justice."""
