import pngjs from 'pngjs';

const { PNG } = pngjs;

/**
 * The app icons are drawn from geometry rather than kept only as binary art, so anyone can change a colour or a
 * stroke in code review and regenerate them (`scripts/make-icons.ts`). Teams wants a 192×192 full-colour icon with
 * a solid background (it rounds the corners itself) and a 32×32 outline icon that is white on transparent.
 */

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;
/** Azure blue; also the manifest's accentColor, so the icon and the Teams chrome around it match. */
export const ACCENT_COLOR = '#0078D4';

/** A shape in unit coordinates: (0,0) is the top-left corner of the icon, (1,1) the bottom-right. */
type Shape = (x: number, y: number) => boolean;

interface CoinGeometry {
  ringRadius: number;
  ringStroke: number;
  /** Radius of each bowl of the "S". */
  bowlRadius: number;
  bowlStroke: number;
  barHalfHeight: number;
  barWidth: number;
}

// Thicker strokes at 32 px: a stroke under ~2 px disappears into anti-aliasing on the Teams app bar.
const COLOR_GEOMETRY: CoinGeometry = {
  ringRadius: 0.235,
  ringStroke: 0.032,
  bowlRadius: 0.062,
  bowlStroke: 0.034,
  barHalfHeight: 0.165,
  barWidth: 0.03,
};
const OUTLINE_GEOMETRY: CoinGeometry = {
  ringRadius: 0.44,
  ringStroke: 0.085,
  bowlRadius: 0.105,
  bowlStroke: 0.08,
  barHalfHeight: 0.3,
  barWidth: 0.07,
};

/** The bowls are drawn slightly wider than tall, as a "$" is in most typefaces. */
const BOWL_WIDTH_RATIO = 1.2;
const SUBSAMPLES = 8;

function angleDegrees(dx: number, dy: number): number {
  const degrees = (Math.atan2(dy, dx) * 180) / Math.PI;
  return degrees < 0 ? degrees + 360 : degrees;
}

/** Angles grow clockwise on screen (y points down); a range may wrap past 0°. */
function inAngleRange(angle: number, from: number, to: number): boolean {
  return from <= to ? angle >= from && angle <= to : angle >= from || angle <= to;
}

function disc(cx: number, cy: number, radius: number): Shape {
  return (x, y) => Math.hypot(x - cx, y - cy) <= radius;
}

function ring(cx: number, cy: number, radius: number, stroke: number): Shape {
  return (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - radius) <= stroke / 2;
}

/** An elliptical arc stroke with a round cap at its open end (the other end joins the opposite bowl). */
function bowl(cx: number, cy: number, radius: number, stroke: number, from: number, to: number, capAt: number): Shape {
  const band: Shape = (x, y) => {
    const dx = (x - cx) / BOWL_WIDTH_RATIO;
    const dy = y - cy;
    return Math.abs(Math.hypot(dx, dy) - radius) <= stroke / 2 && inAngleRange(angleDegrees(dx, dy), from, to);
  };
  const capRadians = (capAt * Math.PI) / 180;
  const cap = disc(cx + Math.cos(capRadians) * radius * BOWL_WIDTH_RATIO, cy + Math.sin(capRadians) * radius, stroke / 2);
  return (x, y) => band(x, y) || cap(x, y);
}

/** A "$" inside a coin rim: the billing motif. */
function coin(g: CoinGeometry): Shape {
  const c = 0.5;
  const upper = bowl(c, c - g.bowlRadius, g.bowlRadius, g.bowlStroke, 90, 330, 330);
  const lower = bowl(c, c + g.bowlRadius, g.bowlRadius, g.bowlStroke, 270, 150, 150);
  const bar: Shape = (x, y) => Math.abs(x - c) <= g.barWidth / 2 && Math.abs(y - c) <= g.barHalfHeight;
  const rim = ring(c, c, g.ringRadius - g.ringStroke / 2, g.ringStroke);
  return (x, y) => rim(x, y) || upper(x, y) || lower(x, y) || bar(x, y);
}

/**
 * Fraction of the pixel covered by the shape, by supersampling: cheap anti-aliasing without a vector library.
 * Pixels whose corner samples agree are taken as fully in or out (every stroke is wider than a pixel), which skips
 * the full grid for all but the edge pixels.
 */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  const sample = (sx: number, sy: number) =>
    shape((px + (sx + 0.5) / SUBSAMPLES) / size, (py + (sy + 0.5) / SUBSAMPLES) / size);
  const last = SUBSAMPLES - 1;
  const corners = [sample(0, 0), sample(last, 0), sample(0, last), sample(last, last)];
  if (corners.every((inside) => inside === corners[0])) return corners[0] ? 1 : 0;
  let inside = 0;
  for (let sy = 0; sy < SUBSAMPLES; sy++) {
    for (let sx = 0; sx < SUBSAMPLES; sx++) if (sample(sx, sy)) inside++;
  }
  return inside / (SUBSAMPLES * SUBSAMPLES);
}

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function render(size: number, paint: (covered: number) => [number, number, number, number], shape: Shape): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const offset = (y * size + x) * 4;
      png.data.set(paint(coverage(shape, x, y, size)), offset);
    }
  }
  return PNG.sync.write(png);
}

/** 192×192, opaque accent background, white glyph. */
export function renderColorIcon(): Buffer {
  const [r, g, b] = hexToRgb(ACCENT_COLOR);
  const mix = (from: number, covered: number) => Math.round(from + (255 - from) * covered);
  const paint = (covered: number): [number, number, number, number] => [mix(r, covered), mix(g, covered), mix(b, covered), 255];
  return render(COLOR_ICON_SIZE, paint, coin(COLOR_GEOMETRY));
}

/** 32×32, every pixel white; only alpha carries the glyph, as Teams requires for outline icons. */
export function renderOutlineIcon(): Buffer {
  return render(OUTLINE_ICON_SIZE, (covered) => [255, 255, 255, Math.round(255 * covered)], coin(OUTLINE_GEOMETRY));
}
