// Counted nouns in what people read (terminal lines, reports): "1 event",
// "2 events", never "1 events" or "event(s)".

const IRREGULAR: Record<string, string> = { case: 'cases', 'property': 'properties', 'difference': 'differences', 'this': 'these' };

/** The plural of an English noun as tracefuzz uses them: -y → -ies, -s/-x/-sh/-ch → -es, else -s. */
export function pluralOf(noun: string): string {
  if (IRREGULAR[noun]) return IRREGULAR[noun];
  if (/[^aeiou]y$/.test(noun)) return noun.slice(0, -1) + 'ies';
  if (/(s|x|sh|ch)$/.test(noun)) return noun + 'es';
  return noun + 's';
}

/** `1 event`, `2 events`, `0 events`; the count as written by `format` (default: the number itself). */
export function plural(n: number, noun: string, format: (n: number) => string = String): string {
  return `${format(n)} ${n === 1 ? noun : pluralOf(noun)}`;
}
