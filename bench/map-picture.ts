/**
 * A map as a PNG, each point a small dot coloured by its label: to look at what the benchmark's
 * numbers describe. A few lines of PNG (one IDAT of deflated RGB rows) rather than an image
 * library, which the product does not need.
 */
import { writeFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A colour per label, spread around the hue circle. */
function colourOf(label: number, labels: number): [number, number, number] {
  const hue = (label * 360) / Math.max(1, labels);
  const f = (n: number): number => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (0.55 - 0.45 * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** Writes `xy` (unit square) as a `size` × `size` PNG with points coloured by `labels`. */
export async function writeMapPicture(
  file: string,
  xy: Float32Array,
  labels: Int32Array,
  size = 800,
): Promise<void> {
  const rowBytes = 1 + 3 * size;
  const pixels = Buffer.alloc(rowBytes * size, 255);
  for (let y = 0; y < size; y++) pixels[y * rowBytes] = 0;
  let count = 0;
  for (const label of labels) count = Math.max(count, label + 1);
  for (let i = 0; i < labels.length; i++) {
    const [r, g, b] = colourOf(labels[i] as number, count);
    const cx = Math.round((xy[2 * i] as number) * (size - 3)) + 1;
    const cy = Math.round((1 - (xy[2 * i + 1] as number)) * (size - 3)) + 1;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const at = (cy + dy) * rowBytes + 1 + 3 * (cx + dx);
        pixels[at] = r;
        pixels[at + 1] = g;
        pixels[at + 2] = b;
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  await writeFile(file, png);
}
