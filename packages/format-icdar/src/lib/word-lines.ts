export const GT_FILE = 'gt.txt';

/**
 * One line of gt.txt: `word_1.png, "PROPER"`. The caption is between the outer quotes; backslashes
 * are dropped, as Datumaro does (ICDAR escapes quotes as \"). A line with no caption names an image only.
 */
export function parseWordLine(line: string): { image: string; caption?: string } {
  const comma = line.indexOf(',');
  if (comma < 0) return { image: line.trim() };
  const image = line.slice(0, comma).trim();
  const rest = line.slice(comma + 1).trim();
  if (rest === '') return { image };
  if (rest.length >= 2 && rest.startsWith('"') && rest.endsWith('"')) {
    return { image, caption: rest.slice(1, -1).replace(/\\/g, '') };
  }
  return { image, caption: rest };
}
