/** V8 cuts substrings of this many characters or more as views into the string they came from. */
const SLICE_MIN_LENGTH = 13;

/**
 * A copy of `text` that refers to no other string. A factory id or an issue's value cut from a
 * decoded chunk of the upload would otherwise keep that whole chunk alive for as long as it is
 * kept; call this on anything cut from input that outlives the row.
 */
export function ownedString(text: string): string {
  return text.length < SLICE_MIN_LENGTH ? text : Buffer.from(text, "utf8").toString("utf8");
}
