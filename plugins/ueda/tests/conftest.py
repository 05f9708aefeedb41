"""Fixtures of the ueda plugin's tests."""

from __future__ import annotations

import munigoals_ueda
import pytest

from munigoals import PluginHost


@pytest.fixture(scope="module")
def host() -> PluginHost:
    """A host with this plugin alone: the tests do not depend on what else is installed."""
    return PluginHost.only(ueda=munigoals_ueda)
