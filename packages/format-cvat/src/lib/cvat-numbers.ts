/**
 * The numbers of CVAT's attributes, read straight from the text: a polygon's `points` are most of a
 * CVAT file, and splitting them into strings per pair and per value costs more than the parse.
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `text[start, end)` as a number when it is a plain decimal (`-`? digits, `.`, digits; a digit at
 * least), else NaN. The value is `Number()`'s: up to 15 digits the integer of the digits and the
 * power of ten are exact doubles, so their quotient is the correctly rounded value; longer ones are
 * left to `Number()`.
 */
export function plainDecimal(text: string, start: number, end: number): number {
  let i = start;
  const negative = i < end && text.charCodeAt(i) === 45;
  if (negative) i++;
  let m = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) fraction = 0;
    else return Number.NaN;
  }
  if (digits === 0) return Number.NaN;
  if (digits > 15) return Number(text.slice(start, end));
  const v = fraction > 0 ? m / POW10[fraction]! : m;
  return negative ? -v : v;
}

/**
 * `x0,y0;x1,y1;...` as flat numbers when every value is a plain decimal and every pair has its comma;
 * undefined for anything else (white space, exponents, empty pairs, errors), which the caller reads
 * the slow way.
 */
export function plainPoints(text: string): number[] | undefined {
  const out: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const comma = text.indexOf(',', i);
    let semi = text.indexOf(';', i);
    if (semi < 0) semi = n;
    if (comma < 0 || comma > semi) return undefined;
    const x = plainDecimal(text, i, comma);
    const y = plainDecimal(text, comma + 1, semi);
    if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
    out.push(x, y);
    i = semi + 1;
  }
  return out;
}
