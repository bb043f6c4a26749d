/**
 * A pure function of a string, with its last answers kept: validation after an edit reads the same values again (the
 * same strings, whose hash V8 keeps), so what depends on one value alone is worked out once. Bounded: the answers
 * are forgotten, all at once, when `size` of them are kept. Not for anything whose answer can change.
 */
export function remembering<T>(compute: (key: string) => T, size = 512): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    if (answers.has(key)) return answers.get(key) as T;
    const answer = compute(key);
    if (answers.size >= size) answers.clear();
    answers.set(key, answer);
    return answer;
  };
}
