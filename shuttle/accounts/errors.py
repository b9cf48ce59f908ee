"""Errors of the accounts domain."""

from shuttle.errors import Conflict, Forbidden, Unauthenticated


class SignInFailed(Unauthenticated):
    """Unknown account, wrong passphrase, locked or disabled account: one answer for all."""

    title = "Sign-in failed"


class SecondFactorRequired(Unauthenticated):
    """The passphrase was right; the code from the authenticator app is still to come."""

    title = "Second sign-in step needed"


class CodeNotRight(Unauthenticated):
    """A second-step code (or recovery code) that does not match."""

    title = "Code not right"


class EnrolmentRequired(Forbidden):
    """Staff must set up a second sign-in step before their first action."""

    title = "Second sign-in step not set up"


class LoginTaken(Conflict):
    """The chosen login is in use."""

    title = "Login already in use"
