import { useEffect } from 'react';
import { useUiStore, type View } from '../state/ui-store';

const DIGIT_VIEWS: Record<string, View> = { Digit1: 'alerts', Digit2: 'incidents', Digit3: 'import' };
const G_VIEWS: Record<string, View> = { a: 'alerts', i: 'incidents', m: 'import' };
const SEQUENCE_MS = 1200;

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Focuses the search box of the view on screen (each view marks its own with data-testid). */
export function focusSearch(): boolean {
  const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
  if (!input) return false;
  input.focus();
  input.select();
  return true;
}

/** Alt+1/2/3 and `g a` / `g i` / `g m` switch views; `/` focuses the current view's search box. */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    let pendingG = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const setView = useUiStore.getState().setView;

      if (event.altKey && !event.ctrlKey && !event.metaKey) {
        const view = DIGIT_VIEWS[event.code];
        if (view) {
          event.preventDefault();
          setView(view);
        }
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
      // A modal or drawer is open: leave its keys alone.
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;

      if (pendingG && Date.now() - pendingG < SEQUENCE_MS) {
        pendingG = 0;
        const view = G_VIEWS[event.key.toLowerCase()];
        if (view) {
          event.preventDefault();
          setView(view);
          return;
        }
      }
      pendingG = 0;
      if (event.key === 'g') {
        pendingG = Date.now();
        return;
      }
      if (event.key === '/') {
        if (focusSearch()) event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
