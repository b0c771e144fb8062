// Every string that reaches report.html from a trace, a reader or the command
// line goes through here: a trace can carry any bytes in its strings, and a
// report must show them, never run them.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(s: string): string {
  // Control characters (other than tab and newline) are made visible rather
  // than passed to the browser, which would drop or misrender them.
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
