import { Kbd, NavLink, Stack, Text } from '@mantine/core';
import { useUiStore, type View } from '../state/ui-store';

const NAV_ITEMS: Array<{ view: View; label: string; testId: string; keys: string }> = [
  { view: 'alerts', label: 'Alerts', testId: 'nav-alerts', keys: 'g a' },
  { view: 'incidents', label: 'Incidents', testId: 'nav-incidents', keys: 'g i' },
  { view: 'import', label: 'Import', testId: 'nav-import', keys: 'g m' },
];

export function AppNav() {
  const view = useUiStore((s) => s.view);
  const setView = useUiStore((s) => s.setView);
  return (
    <Stack gap={4} justify="space-between" h="100%">
      <nav aria-label="Main">
        <Stack gap={2}>
          {NAV_ITEMS.map((item, index) => (
            <NavLink
              key={item.view}
              component="button"
              type="button"
              label={item.label}
              active={view === item.view}
              aria-current={view === item.view ? 'page' : undefined}
              aria-keyshortcuts={`Alt+${index + 1}`}
              data-testid={item.testId}
              rightSection={<Kbd size="xs">{item.keys}</Kbd>}
              onClick={() => setView(item.view)}
            />
          ))}
        </Stack>
      </nav>
      <Text size="xs" c="dimmed" component="div" aria-label="Keyboard shortcuts">
        <div>
          <Kbd size="xs">Alt</Kbd>+<Kbd size="xs">1</Kbd>–<Kbd size="xs">3</Kbd> switch view
        </div>
        <div>
          <Kbd size="xs">/</Kbd> search · <Kbd size="xs">↑</Kbd>
          <Kbd size="xs">↓</Kbd> move · <Kbd size="xs">Enter</Kbd> open
        </div>
      </Text>
    </Stack>
  );
}
