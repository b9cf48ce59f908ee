"""Delivery of released letters, and the consent and pauses that hold it back."""
