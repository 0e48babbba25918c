/**
 * Normalise a publication date as found in feeds and corpora to ISO 8601, keeping its UTC offset:
 * `Sun, 18 Feb 2018 21:35:43 +0400` → `2018-02-18T21:35:43+04:00`, `2015-08-10 19:24:34` →
 * `2015-08-10T19:24:34`, `24/05/2017` (day first) → `2017-05-24`, `2017-01-20T21:43:00+01:00` unchanged. Returns null for what it cannot read.
 */

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const ZONES: Record<string, string> = {
  gmt: '+00:00', ut: '+00:00', utc: '+00:00', z: '+00:00',
  est: '-05:00', edt: '-04:00', cst: '-06:00', cdt: '-05:00', mst: '-07:00', mdt: '-06:00', pst: '-08:00', pdt: '-07:00',
};
const pad = (n: number): string => String(n).padStart(2, '0');

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
// Day first, as Arabic and European sites write it: 24/05/2017, 24-05-2017 14:30.
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const RFC822 = /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,3})?$/;

/** Whether y-m-d (and h:m:s) name a real calendar moment. */
function valid(y: number, m: number, d: number, h = 0, min = 0, s = 0): boolean {
  if (m < 1 || m > 12 || d < 1 || h > 23 || min > 59 || s > 60) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The ISO 8601 form of `value`, or null when it is not a date this reader knows. */
export function parsePublished(value: string): string | null {
  const s = value.trim();
  let m = ISO.exec(s);
  if (m) {
    const [, y, mo, d, h, min, sec, frac, zone] = m;
    if (!valid(+y!, +mo!, +d!, h ? +h : 0, min ? +min : 0, sec ? +sec : 0)) return null;
    if (h === undefined) return `${y}-${mo}-${d}`;
    let out = `${y}-${mo}-${d}T${h}:${min}${sec !== undefined ? ':' + sec + (frac ?? '') : ''}`;
    if (zone) out += zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    return out;
  }
  m = DMY.exec(s);
  if (m) {
    const [, d, mo, y, h, min, sec] = m;
    if (!valid(+y!, +mo!, +d!, h ? +h : 0, min ? +min : 0, sec ? +sec : 0)) return null;
    const date = `${y}-${pad(+mo!)}-${pad(+d!)}`;
    return h === undefined ? date : `${date}T${pad(+h)}:${min}:${sec ?? '00'}`;
  }
  m = RFC822.exec(s);
  if (m) {
    const [, d, mon, yRaw, h, min, sec, zone] = m;
    const month = MONTHS[mon!.toLowerCase()];
    let y = +yRaw!;
    if (yRaw!.length === 2) y += y < 50 ? 2000 : 1900;
    if (!month || !valid(y, month, +d!, +h!, +min!, sec ? +sec : 0)) return null;
    let offset = '';
    if (zone) {
      if (/^[+-]\d{4}$/.test(zone)) offset = `${zone.slice(0, 3)}:${zone.slice(3)}`;
      else {
        const named = ZONES[zone.toLowerCase()];
        if (!named) return null;
        offset = named;
      }
    }
    return `${y}-${pad(month)}-${pad(+d!)}T${pad(+h!)}:${min}:${sec ?? '00'}${offset}`;
  }
  return null;
}
