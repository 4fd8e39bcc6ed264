// The embedding map's geometry: fitting points to the canvas, finding the point under the mouse, and a box's points.

export interface MapView {
  scale: number;
  /** Screen x of data x = 0, screen y of data y = 0 (y grows downwards on screen, upwards in the data). */
  ox: number;
  oy: number;
}

/** The uniform scale (no stretching: distances mean the same across and up) that fits every point inside the padding. */
export function fitView(xy: Float32Array, width: number, height: number, pad: number): MapView {
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < xy.length; i += 2) {
    const [x, y] = [xy[i], xy[i + 1]];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX > maxX) return { scale: 1, ox: width / 2, oy: height / 2 };
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  return { scale, ox: width / 2 - ((minX + maxX) / 2) * scale, oy: height / 2 + ((minY + maxY) / 2) * scale };
}

/** Every point's screen position, count x 2. */
export function toScreen(xy: Float32Array, view: MapView): Float32Array {
  const out = new Float32Array(xy.length);
  for (let i = 0; i < xy.length; i += 2) {
    out[i] = view.ox + xy[i] * view.scale;
    out[i + 1] = view.oy - xy[i + 1] * view.scale;
  }
  return out;
}

/** Screen points bucketed into square cells, so the point under the mouse is found among a few, not 10,000. */
export class PointGrid {
  private readonly cells = new Map<number, number[]>();

  constructor(
    private readonly screen: Float32Array,
    private readonly cell: number,
  ) {
    for (let i = 0; i < screen.length / 2; i++) {
      const key = this.key(Math.floor(screen[2 * i] / cell), Math.floor(screen[2 * i + 1] / cell));
      const list = this.cells.get(key);
      if (list) list.push(i);
      else this.cells.set(key, [i]);
    }
  }

  private key(cx: number, cy: number): number {
    return (cx + 32_768) * 65_536 + (cy + 32_768);
  }

  /** The point nearest (x, y) within `radius` pixels (radius <= cell), or -1; a tie goes to the later-drawn point, which is on top. */
  nearest(x: number, y: number, radius: number): number {
    const [cx, cy] = [Math.floor(x / this.cell), Math.floor(y / this.cell)];
    let best = -1;
    let bestD = radius * radius;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const i of this.cells.get(this.key(cx + dx, cy + dy)) ?? []) {
          const d = (this.screen[2 * i] - x) ** 2 + (this.screen[2 * i + 1] - y) ** 2;
          if (d < bestD || (d === bestD && i > best)) [best, bestD] = [i, d];
        }
      }
    }
    return best;
  }
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The indices of the screen points inside a box drawn in any direction, ascending. */
export function pointsInBox(screen: Float32Array, box: Box): number[] {
  const [left, right] = [Math.min(box.x0, box.x1), Math.max(box.x0, box.x1)];
  const [top, bottom] = [Math.min(box.y0, box.y1), Math.max(box.y0, box.y1)];
  const out: number[] = [];
  for (let i = 0; i < screen.length / 2; i++) {
    const [x, y] = [screen[2 * i], screen[2 * i + 1]];
    if (x >= left && x <= right && y >= top && y <= bottom) out.push(i);
  }
  return out;
}
