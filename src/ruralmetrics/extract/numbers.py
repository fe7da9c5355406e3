"""Numbers: 二十三 / 3.31亿 / 1220万余 -> float (no units here)."""

from __future__ import annotations
