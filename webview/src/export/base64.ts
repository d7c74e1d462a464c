/** Base64 of bytes (what `saveExport` carries), in chunks so large files do not overflow the call stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** The base64 part of a `data:…;base64,` URL. */
export function dataUrlBase64(url: string): string {
  const comma = url.indexOf(',');
  return comma >= 0 && url.slice(0, comma).endsWith(';base64') ? url.slice(comma + 1) : '';
}

/** Bytes of base64 text (the host's image grids). */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
