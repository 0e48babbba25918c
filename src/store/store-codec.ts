/**
 * Encodings both store backends share: the first day of a TIMEX3 date value (what date filters, pages and
 * timelines order by) and the byte form of a minhash signature.
 */

const SEASON_START: Record<string, string> = { SP: '03-01', SU: '06-01', FA: '09-01', WI: '12-01' };

/** The Monday of ISO week `week` of `year` (week 1 holds 4 January). */
export function isoWeekMonday(year: number, week: number): string {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  return new Date(jan4 - weekday * 86_400_000 + (week - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** The first day (YYYY-MM-DD) of a TIMEX3 date value, or null when it names no calendar period (PAST_REF, P1Y…). */
export function timexFirstDay(value: string | null): string | null {
  if (!value) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (m) return isoWeekMonday(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return `${m[1]}-${m[2]}-01`;
  m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value);
  if (m) return `${m[1]}-${SEASON_START[m[2]!]}`;
  m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (m) return `${m[1]}-${String(Number(m[2]) * 3 - 2).padStart(2, '0')}-01`;
  m = /^(\d{4})$/.exec(value);
  if (m) return `${m[1]}-01-01`;
  return null;
}

/** A signature as little-endian 32-bit words, whatever the machine's byte order. */
export function signatureToBytes(signature: Uint32Array): Buffer {
  const buf = Buffer.allocUnsafe(signature.length * 4);
  for (let i = 0; i < signature.length; i++) buf.writeUInt32LE(signature[i]!, i * 4);
  return buf;
}

/** The signature stored by `signatureToBytes`. */
export function bytesToSignature(bytes: Buffer): Uint32Array {
  const out = new Uint32Array(bytes.length >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt32LE(i * 4);
  return out;
}
