/** Model registry (design.md §5). PLACEHOLDER — the full registry replaces this file. */
export interface ModelEntry { id: string; name: string; params: number; role: 'policy' | 'prm' }
export const MODELS: ModelEntry[] = [];
