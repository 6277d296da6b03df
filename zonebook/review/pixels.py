"""A redrawn chart's changed pixels, marked on a faded copy of the new chart."""

from __future__ import annotations

import io

from PIL import Image, ImageChops, ImageFilter

MARK = (213, 0, 110)  # magenta: not a colour of the house palette
FADE = 0.75  # how far the new chart is faded towards white under the marks


def _png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def _on_canvas(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    canvas = Image.new("RGB", size, "white")
    canvas.paste(image, (0, 0))
    return canvas


def changed_pixels(old_png: bytes, new_png: bytes) -> tuple[bytes, int]:
    """The marked image as PNG bytes and how many pixels differ (charts of different sizes are
    compared from their top-left corners on a white canvas)."""
    old, new = _png(old_png), _png(new_png)
    size = (max(old.width, new.width), max(old.height, new.height))
    old, new = _on_canvas(old, size), _on_canvas(new, size)
    mask = ImageChops.difference(old, new).convert("L").point(lambda v: 255 if v else 0)
    count = mask.histogram()[255]
    marked = Image.blend(new, Image.new("RGB", size, "white"), FADE)
    # widened by 2 px (a box blur, then any trace kept) so that a one-pixel change stays visible
    widened = mask.filter(ImageFilter.BoxBlur(2)).point(lambda v: 255 if v else 0)
    marked.paste(Image.new("RGB", size, MARK), mask=widened)
    out = io.BytesIO()
    marked.save(out, format="PNG", compress_level=1)  # a review artefact: speed over size
    return out.getvalue(), count
