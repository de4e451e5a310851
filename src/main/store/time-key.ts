/**
 * Bytes 0–7 of `target`: `ts` (milliseconds, floored) as a big-endian number
 * offset by 2^63, so that bytewise order is time order, before 1970 too. The
 * leading part of alert and event fingerprints.
 */
export function writeTimeKey(target: Uint8Array, ts: number): void {
  const ms = Math.floor(ts);
  const high = Math.floor(ms / 0x1_0000_0000);
  const view = new DataView(target.buffer, target.byteOffset, 8);
  view.setUint32(0, (high + 0x8000_0000) >>> 0);
  view.setUint32(4, ms - high * 0x1_0000_0000);
}
