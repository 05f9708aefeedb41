"""Fixtures of the suzaka plugin's tests."""

from __future__ import annotations

import munigoals_suzaka
import pytest

from munigoals import PluginHost


@pytest.fixture(scope="module")
def host() -> PluginHost:
    """A host with this plugin alone: the tests do not depend on what else is installed."""
    return PluginHost.only(suzaka=munigoals_suzaka)
