// placeholder until helper lands
export interface CliticPart { start: number; end: number; kind: 'conj' | 'prep' | 'article' | 'future' | 'stem' | 'pron' }
export function segmentClitics(_word: string): { parts: CliticPart[] } | null { return null; }
