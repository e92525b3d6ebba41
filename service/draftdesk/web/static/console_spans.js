// Where findings and claims sit in a text that the agent keeps changing: pure functions.

// Characters that show nothing: an override reason of them is no reason (as on the server).
const INVISIBLE = /[\s\u200b-\u200f\u2028-\u202f\u205f-\u206f\u3164\u2800\ufeff]/gu;

/** A finding or claim, at its span in the current text (start = -1: not in the text now). */
export function spanned(item, text) {
  const inText = item.end > item.start && text.slice(item.start, item.end) === item.excerpt;
  return { item, start: inText ? item.start : -1, end: inText ? item.end : -1 };
}

/** Spans moved along with an edit from `before` to `after`: those before the change stay,
 * those after it shift, those it touched lose their place until the next check. */
export function shift(spans, before, after) {
  let prefix = 0;
  const shortest = Math.min(before.length, after.length);
  while (prefix < shortest && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const changedUntil = before.length - suffix;
  const delta = after.length - before.length;
  return spans.map((span) => {
    if (span.start < 0 || span.end <= prefix) return span;
    if (span.start >= changedUntil) return { ...span, start: span.start + delta, end: span.end + delta };
    return { ...span, start: -1, end: -1 };
  });
}

export function visibleLength(text) {
  return text.replace(INVISIBLE, "").length;
}
