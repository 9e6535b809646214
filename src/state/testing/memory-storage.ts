/** A `Storage` in memory, for tests of what the app keeps in localStorage (Node has none). */
export function memoryStorage(): Storage & { dump(): Record<string, string> } {
  const data = new Map<string, string>();
  return {
    get length() { return data.size; },
    clear: () => data.clear(),
    getItem: (k: string) => data.get(k) ?? null,
    key: (i: number) => [...data.keys()][i] ?? null,
    removeItem: (k: string) => { data.delete(k); },
    setItem: (k: string, v: string) => { data.set(k, String(v)); },
    dump: () => Object.fromEntries(data),
  };
}
