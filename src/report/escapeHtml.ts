// Every string that reaches report.html from a trace, a reader or the command
// line goes through here: a trace can carry any bytes in its strings, and a
// report must show them, never run them.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(s: string): string {
  // Control characters (other than tab and newline) are made visible rather
  // than passed to the browser, which would drop or misrender them.
  // (\p{Cc} less tab, newline and the C1 range: 0x00-0x08, 0x0b-0x1f, 0x7f.)
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]).replace(/(?![\t\n\x80-\x9f])\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
