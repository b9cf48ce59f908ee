"""Errors of the cases domain."""

from shuttle.errors import Conflict, Gone, Invalid, NotFound


class CaseNotFound(NotFound):
    """No such case, or not one the caller may see."""

    title = "Case not found"


class PartyNotFound(NotFound):
    """No such party in this case."""

    title = "Party not found"


class InvitationInvalid(NotFound):
    """The invitation link is unknown, used or expired (one answer for all three)."""

    title = "Invitation not valid"


class NotAFacilitator(Invalid):
    """Only facilitator accounts can be assigned to cases."""

    title = "Not a facilitator"


class SpecialistRequired(Conflict):
    """High-risk cases need a specialist-trained facilitator."""

    title = "Specialist facilitator required"


class CaseContentDestroyed(Gone):
    """The case key was destroyed: its content is gone for good."""

    title = "Case content destroyed"


class CaseClosed(Conflict):
    """The case is closed."""

    title = "Case closed"


class LettersStillOpen(Conflict):
    """A case cannot close while letters still wait for review or delivery."""

    title = "Letters still waiting"


class PartyAlreadyJoined(Conflict):
    """The party has an account already; invitations are for joining."""

    title = "Party already joined"


class PartyNotOnPortal(Conflict):
    """The party takes part through a prison or by post, so has no account to join with."""

    title = "Party does not use the portal"
