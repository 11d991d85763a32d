/** True for characters XML 1.0 allows in text (tab, newline, carriage return and up). */
function allowed(char: string): boolean {
  const code = char.codePointAt(0) ?? 0
  return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d
}

/** Escapes text for XML/HTML content and attribute values (quotes included). */
export function escapeXml(text: string): string {
  return [...text]
    .filter(allowed)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}
