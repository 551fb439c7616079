"""Draw the favicon set into static/icons/ with Pillow: favicon.ico (16, 32, 48 px) and apple-touch-icon.png (180 px).

The same mark as static/icons/favicon.svg: a white roof-and-door outline on the portal's blue. Run it again after
changing the mark: `.venv/bin/python scripts/make_icons.py`.
"""

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
BLUE, WHITE = (29, 58, 110, 255), (255, 255, 255, 255)


def draw_mark(size):
    """The mark at `size` px, drawn on a 64-unit grid as the SVG is."""
    scale = size / 64
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=round(12 * scale), fill=BLUE)
    width = max(1, round(5 * scale))
    roof = [(14, 44), (14, 20), (32, 12), (50, 20), (50, 44)]
    draw.line([(x * scale, y * scale) for x, y in roof], fill=WHITE, width=width, joint="curve")
    door = [(22, 48), (22, 30), (42, 30), (42, 48)]
    draw.line([(x * scale, y * scale) for x, y in door], fill=WHITE, width=width)
    return image


def main():
    draw_mark(256).save(ICONS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    draw_mark(180).convert("RGB").save(ICONS / "apple-touch-icon.png", optimize=True)
    draw_mark(512).save(ICONS / "icon-512.png", optimize=True)


if __name__ == "__main__":
    main()
