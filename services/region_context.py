"""The region of the running app (data_access/region.py), for pages, callbacks and routes."""

from __future__ import annotations

from flask import current_app

from data_access.region import Region
from settings import DEFAULT_TILE_URL, Settings

REGION = "hnm_region"


def current_region() -> Region:
    return current_app.extensions[REGION]


def region_tiles(settings: Settings, region: Region) -> Settings:
    """The region's tiles, unless HNM_TILE_URL chose others."""
    if not region.tile_url or settings.tile_url != DEFAULT_TILE_URL:
        return settings
    return settings.with_overrides(tile_url=region.tile_url,
                                   tile_attribution=region.tile_attribution or settings.tile_attribution)
