/**
 * SHA-256 (FIPS 180-4) of a UTF-8 string, as lower-case hex. Pure and synchronous so cache keys can be
 * computed at construction time on any runtime (Node, Deno, Bun, Workers) without a Node built-in;
 * Web Crypto's `subtle.digest` is asynchronous only.
 */
/**
 * The round constants and initial hash values: the first 32 bits of the fractional parts of the cube roots
 * (K) and square roots (H) of the first 64 / 8 primes, derived once on first use instead of shipped as
 * 72 literals (FIPS 180-4 4.2.2, 5.3.3; checked against node:crypto in sha256.test.ts).
 */
let K: Uint32Array | undefined;
let H: Uint32Array | undefined;

function constants(): [Uint32Array, Uint32Array] {
  if (!K || !H) {
    const k = new Uint32Array(64);
    const h = new Uint32Array(8);
    for (let found = 0, n = 2; found < 64; n++) {
      let prime = true;
      for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
      if (!prime) continue;
      if (found < 8) h[found] = (n ** 0.5 % 1) * 2 ** 32;
      k[found++] = (n ** (1 / 3) % 1) * 2 ** 32;
    }
    K = k;
    H = h;
  }
  return [K, H];
}

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** Hex SHA-256 digest of `text` encoded as UTF-8. */
export function sha256Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const bitLength = bytes.length * 8;
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  const [k, initial] = constants();
  const h = initial.slice();
  const w = new Uint32Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15] as number;
      const b = w[i - 2] as number;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 =
        (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (k[i] as number) + (w[i] as number)) >>>
        0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = ((h[0] as number) + a) >>> 0;
    h[1] = ((h[1] as number) + b) >>> 0;
    h[2] = ((h[2] as number) + c) >>> 0;
    h[3] = ((h[3] as number) + d) >>> 0;
    h[4] = ((h[4] as number) + e) >>> 0;
    h[5] = ((h[5] as number) + f) >>> 0;
    h[6] = ((h[6] as number) + g) >>> 0;
    h[7] = ((h[7] as number) + hh) >>> 0;
  }
  let hex = "";
  for (const word of h) hex += word.toString(16).padStart(8, "0");
  return hex;
}
