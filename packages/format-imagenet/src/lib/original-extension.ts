/** The extension of a path with its dot, in its own case (`a/b.JPEG` -> `.JPEG`), or undefined. */
export function originalExtension(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const name = path.slice(path.lastIndexOf('/') + 1);
  const i = name.lastIndexOf('.');
  return i <= 0 ? undefined : name.slice(i);
}
