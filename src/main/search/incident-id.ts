/**
 * Reads what an analyst pastes from a ticket as an incident id: "INC-8cfe467fd9",
 * any case, or just the hex part. Ids are `INC-` + lowercase hex (+ `-N` when
 * two clusters would share one), so a prefix of one is a range of the primary
 * key. Returns null when the text cannot be (the start of) an incident id.
 */
export interface IncidentIdMatch {
  /** The id as typed, normalised: matched exactly, it comes first. */
  exact: string;
  /** Ids in [from, to) start with `exact`. */
  from: string;
  to: string;
}

const ID_TEXT = /^(inc-)?([0-9a-f]+)(-\d+)?$/i;
/** Fewer hex digits than this, alone, are more likely a word or a number than an id. */
const MIN_BARE_HEX = 6;
const MIN_PREFIXED_HEX = 4;

export function parseIncidentId(text: string): IncidentIdMatch | null {
  const match = ID_TEXT.exec(text.trim());
  if (!match) return null;
  const prefixed = match[1] !== undefined;
  const hex = match[2]!.toLowerCase();
  // The `-N` suffix of a twin id counts for nothing towards looking like an id.
  if (hex.length < (prefixed ? MIN_PREFIXED_HEX : MIN_BARE_HEX)) return null;
  const exact = `INC-${hex}${match[3] ?? ''}`;
  // '~' sorts after every character an id holds (0-9, a-f, '-'), so [exact, exact + '~') is the prefix.
  return { exact, from: exact, to: `${exact}~` };
}
