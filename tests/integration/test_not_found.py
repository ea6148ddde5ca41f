"""A 404 names the URL it answers (never its query) and, when the base URL lacks the `/v1` every
path of the API starts with, says so: against the emulator, over loopback."""

from __future__ import annotations

import pytest

from scenario_async import AsyncScenario, NotFoundError
from scenario_async.emulator import Emulator

HINT = (
    "the API's paths start with /v1: is base_url missing it? "
    "(e.g. https://api.cloud.scenario.com/v1)"
)


async def not_found(emulator: Emulator, base_url: str) -> NotFoundError:
    async with AsyncScenario(
        api_key=emulator.api_key, api_secret=emulator.api_secret, base_url=base_url
    ) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.models.retrieve("model_x", project_id="not-shown")
    return caught.value


@pytest.mark.parametrize("suffix", ["", "/", "/api", "/v2"])
async def test_a_base_url_without_v1_is_named_as_the_likely_cause(
    scenario_emulator: Emulator, suffix: str
) -> None:
    origin = scenario_emulator.base_url.removesuffix("/v1")
    error = await not_found(scenario_emulator, origin + suffix)
    asked = f"{origin}{suffix.rstrip('/')}/models/model_x"
    assert str(error).endswith(f"(asked {asked}); {HINT}")
    assert error.message == str(error) and "not-shown" not in str(error)


async def test_a_missing_model_names_the_url_without_a_hint(scenario_emulator: Emulator) -> None:
    error = await not_found(scenario_emulator, scenario_emulator.base_url)
    assert str(error) == (
        "GET /models/model_x -> 404: model 'model_x' not found "
        f"(asked {scenario_emulator.base_url}/models/model_x)"
    )
