// What each property demands, in one line, for the top of a report (the
// definitions are the property suite's own titles).
import { PROPERTIES } from '../properties/propertySuite';

export const PROPERTY_LINES: readonly (readonly [string, string])[] = PROPERTIES.map((p) => [p.name, p.title] as const);
