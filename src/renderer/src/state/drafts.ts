import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/**
 * What the analyst has typed but not saved yet (a note, a verdict and its
 * reason), per incident. Kept outside the incident view, which is unmounted
 * by Escape, Back or a view switch, and in the tab's session storage, so a
 * reload does not lose it either. A draft goes when it is saved, or set back
 * to what is stored.
 */
interface DraftState {
  drafts: Record<string, string>;
  setDraft(key: string, value: string): void;
  clearDraft(key: string): void;
}

export const useDrafts = create<DraftState>()(
  persist(
    (set) => ({
      drafts: {},
      setDraft: (key, value) => set((s) => ({ drafts: { ...s.drafts, [key]: value } })),
      clearDraft: (key) =>
        set((s) => {
          if (!(key in s.drafts)) return s;
          const drafts = { ...s.drafts };
          delete drafts[key];
          return { drafts };
        }),
    }),
    { name: 'socwb-drafts', storage: createJSONStorage(() => sessionStorage) },
  ),
);

/** A draft's value, or `fallback` when there is none; and a setter that keeps it. */
export function useDraft(key: string, fallback: string): [string, (value: string) => void, () => void] {
  const value = useDrafts((s) => s.drafts[key]);
  const setDraft = useDrafts((s) => s.setDraft);
  const clearDraft = useDrafts((s) => s.clearDraft);
  return [value ?? fallback, (next) => (next === fallback ? clearDraft(key) : setDraft(key, next)), () => clearDraft(key)];
}
