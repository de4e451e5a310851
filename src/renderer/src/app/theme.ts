import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

/** Sober and dense for all-day work; system fonts only (the app runs offline). */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
  focusRing: 'auto',
  cursorType: 'pointer',
});

/** The theme choice persists in localStorage; until the analyst picks one, the OS preference applies. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'socwb.color-scheme' });
