"""Draw the integration's brand images: the source of every PNG in its `brand/` folder.

Home Assistant (2026.3 and newer) shows a custom integration's own `brand/` images: the icon
is square, 256 x 256 (`@2x` 512 x 512); the logo's shortest side is 128 to 256 pixels (`@2x`
256 to 512). The icon carries its own dark tile and reads on light and dark themes alike, so
it has no dark variant; the logo's word mark is dark grey, so `dark_logo` draws it in white.

Everything is drawn with Pillow from the coordinates below on a 256-unit grid, eight times
supersampled and then scaled down, so a run writes the same images every time (for one Pillow
version: the word mark uses Pillow's bundled font). `scripts/brand` runs this with the
development venv's Pillow.

    .venv/bin/python scripts/brand.py [--output DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
BRAND = ROOT / "custom_components" / "datacenter_assistant" / "brand"
SUPERSAMPLE = 8
GRID = 256

TILE_TOP = (25, 118, 210)  # the tile's gradient, top to bottom
TILE_BOTTOM = (13, 60, 140)
SERVER = (236, 242, 250)
SLOT = (120, 144, 176)
LED = (67, 160, 71)
BADGE = (251, 140, 0)
BADGE_RING = (255, 255, 255)
WORDMARK_LIGHT = (38, 50, 56)  # on a light background
WORDMARK_DARK = (236, 239, 241)  # on a dark background
NAME = ("DataCenter", "Assistant")


def _tile_mask(size: int) -> Image.Image:
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, size - 1, size - 1), radius=round(size * 0.22), fill=255
    )
    return mask


def draw_icon(pixels: int) -> Image.Image:
    """The icon, `pixels` wide and high: a server rack on a blue tile with an upgrade badge."""
    size = pixels * SUPERSAMPLE
    unit = size / GRID

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, ...]:
        return tuple(round(v * unit) for v in (x0, y0, x1, y1))

    gradient = Image.new("RGBA", (size, size))
    draw = ImageDraw.Draw(gradient)
    for y in range(size):
        t = y / (size - 1)
        colour = tuple(
            round(a + (b - a) * t) for a, b in zip(TILE_TOP, TILE_BOTTOM, strict=True)
        )
        draw.line((0, y, size, y), fill=(*colour, 255))
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    image.paste(gradient, (0, 0), _tile_mask(size))

    draw = ImageDraw.Draw(image)
    # Three rack units.
    for top in (44, 96, 148):
        draw.rounded_rectangle(
            box(46, top, 210, top + 42), radius=round(9 * unit), fill=SERVER
        )
        for led_x in (64, 84):
            draw.ellipse(box(led_x - 6, top + 15, led_x + 6, top + 27), fill=LED)
        for slot_y in (top + 14, top + 24):
            draw.rounded_rectangle(
                box(110, slot_y, 192, slot_y + 5), radius=round(2 * unit), fill=SLOT
            )
    # The upgrade badge: an orange disc with a white ring and an arrow pointing up.
    draw.ellipse(box(150, 150, 240, 240), fill=BADGE_RING)
    draw.ellipse(box(157, 157, 233, 233), fill=BADGE)
    arrow = [
        (195, 170),
        (220, 197),
        (205, 197),
        (205, 222),
        (185, 222),
        (185, 197),
        (170, 197),
    ]
    draw.polygon(
        [(round(x * unit), round(y * unit)) for x, y in arrow], fill=BADGE_RING
    )
    return image.resize((pixels, pixels), Image.Resampling.LANCZOS)


def draw_logo(height: int, wordmark: tuple[int, int, int]) -> Image.Image:
    """The logo, `height` high: the icon, then the name on two lines in `wordmark` colour."""
    icon = draw_icon(height)
    size = height * SUPERSAMPLE
    font = ImageFont.load_default(size=round(size * 0.30))
    measure = ImageDraw.Draw(Image.new("L", (1, 1)))
    widths = [measure.textlength(line, font=font) for line in NAME]
    gap = round(size * 0.12)
    width = size + gap + round(max(widths)) + round(size * 0.04)
    text = Image.new("RGBA", (width, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(text)
    for index, line in enumerate(NAME):
        draw.text(
            (size + gap, round(size * (0.30 + 0.40 * index))),
            line,
            font=font,
            fill=(*wordmark, 255),
            anchor="ls",
        )
        # anchor "ls": the baseline sits at y, so the two lines read as a block.
    logo = text.resize((round(width / SUPERSAMPLE), height), Image.Resampling.LANCZOS)
    logo.alpha_composite(icon, (0, 0))
    return logo


def images() -> dict[str, Image.Image]:
    """Every brand image by file name."""
    return {
        "icon.png": draw_icon(256),
        "icon@2x.png": draw_icon(512),
        "logo.png": draw_logo(256, WORDMARK_LIGHT),
        "logo@2x.png": draw_logo(512, WORDMARK_LIGHT),
        "dark_logo.png": draw_logo(256, WORDMARK_DARK),
        "dark_logo@2x.png": draw_logo(512, WORDMARK_DARK),
    }


def main() -> None:
    """Write the images (to the integration's `brand/` unless told otherwise)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=BRAND)
    args = parser.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    for name, image in images().items():
        path = args.output / name
        image.save(path, optimize=True)
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{image.width} x {image.height}"
        )


if __name__ == "__main__":
    main()
