// AT Protocol TIDs: 64-bit (0 top bit, 53 bits of microseconds since the epoch, 10 bits of
// clock id) written as 13 characters of sortable base32. Used as Bluesky record keys, which
// makes the key choosable before posting and so usable as the idempotency handle.
const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';

let lastMicros = 0;
const clockId = Math.floor(Math.random() * 1024);

/** A new TID, strictly increasing within this process. */
export function nextTid(nowMs: number = Date.now()): string {
  // Date.now() has millisecond resolution; fill the microseconds from a counter so TIDs
  // made in the same millisecond stay distinct and ordered.
  let micros = nowMs * 1000;
  if (micros <= lastMicros) micros = lastMicros + 1;
  lastMicros = micros;
  return tidFrom(micros, clockId);
}

export function tidFrom(micros: number, clock: number): string {
  let n = (BigInt(micros) << 10n) | BigInt(clock & 0x3ff);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

export const TID_PATTERN = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
