"""FastAPI dependencies shared by every router."""

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.config import Settings
from shuttle.crypto.keyring import KeyRing
from shuttle.db import get_session

SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


# The dependencies are `async def` although they never wait: FastAPI runs a plain `def`
# dependency in its thread pool, a thread hop per request for reading an attribute.


async def get_app_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


async def get_keyring(request: Request) -> KeyRing:
    """The app's master key ring."""
    keyring: KeyRing = request.app.state.keyring
    return keyring


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
KeyRingDep = Annotated[KeyRing, Depends(get_keyring)]
