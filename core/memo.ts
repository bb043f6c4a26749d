/**
 * A pure function of a string, with its last answers kept: validation after an edit reads the same values again (the
 * same strings, whose hash V8 keeps), so what depends on one value alone is worked out once. Bounded: the answers
 * are forgotten, all at once, when `size` of them are kept. Not for anything whose answer can change.
 */
export function remembering<T>(compute: (key: string) => T, size = 512): (key: string) => T {
  const answers = new Map<string, T>();
  everyMemory.push(answers);
  return (key) => {
    if (answers.has(key)) return answers.get(key) as T;
    const answer = compute(key);
    if (answers.size >= size) answers.clear();
    answers.set(key, answer);
    return answer;
  };
}

const everyMemory: Map<string, unknown>[] = [];

/**
 * Forgets every answer kept. For tests only: mutation testing (`npm run mutate`) switches the code under test within
 * one process, and an answer kept from another version of `compute` would hide the change (test/helpers/forget.ts
 * calls this before each test of the mutation set).
 */
export function forgetRemembered(): void {
  for (const answers of everyMemory) answers.clear();
}
