// SPDX-License-Identifier: Apache-2.0
import { PNG } from 'pngjs';

/**
 * A synthetic passport-style portrait (a plain background with a head-and-shoulders silhouette),
 * so the demo world and tests carry real, decodable PNG files of the right size without any
 * real person's face.
 */
export function specimenPortrait(width = 600, height = 750, hue = 200): Buffer {
  const png = new PNG({ width, height });
  const cx = width / 2;
  const headY = height * 0.38;
  const headR = width * 0.2;
  const [head, shoulders, background] = [[224, 188, 160], hsl(hue, 0.35, 0.3), [236, 240, 243]] as const;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const inHead = (x - cx) ** 2 / headR ** 2 + (y - headY) ** 2 / (headR * 1.25) ** 2 <= 1;
      const inShoulders = y > height * 0.68 && Math.abs(x - cx) < width * 0.42 - (height - y) * 0.3;
      const [r, g, b] = inHead ? head : inShoulders ? shoulders : background;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  // One PNG filter (Up) for every row: trying all five per row, pngjs's default, took five times
  // as long (some 150 ms a portrait, a second of `npm start`) for a file of 5 KB instead of 8.
  return PNG.sync.write(png, { deflateLevel: 6, filterType: 2 });
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
  return [f(0), f(8), f(4)];
}

/** A minimal one-page PDF standing in for a passport scan in the demo world and tests. */
export function specimenPassportScan(documentNumber: string): Buffer {
  const text = `(SPECIMEN PASSPORT ${documentNumber.replace(/[()\\]/g, '')}) Tj`;
  const stream = `BT /F1 18 Tf 72 720 Td ${text} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
