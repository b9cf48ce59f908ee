"""Errors of the accounts domain."""

from shuttle.errors import Conflict, Unauthenticated


class SignInFailed(Unauthenticated):
    """Unknown account, wrong passphrase or disabled account: one answer for all three."""

    title = "Sign-in failed"


class LoginTaken(Conflict):
    """The chosen login is in use."""

    title = "Login already in use"
