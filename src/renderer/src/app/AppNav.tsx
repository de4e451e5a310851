import { Group, Kbd, Loader, NavLink, Stack, Text } from '@mantine/core';
import { useImportJobStore } from '../features/import/use-import-job';
import { useUiStore, type View } from '../state/ui-store';

const NAV_ITEMS: Array<{ view: View; label: string; testId: string; keys: string }> = [
  { view: 'alerts', label: 'Alerts', testId: 'nav-alerts', keys: 'g a' },
  { view: 'incidents', label: 'Incidents', testId: 'nav-incidents', keys: 'g i' },
  { view: 'import', label: 'Import', testId: 'nav-import', keys: 'g m' },
];

export function AppNav() {
  const view = useUiStore((s) => s.view);
  const setView = useUiStore((s) => s.setView);
  // An import runs on whichever view the analyst is in; the nav says so.
  const importing = useImportJobStore((s) => s.phase.kind === 'running');
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
              rightSection={
                <Group gap={6} wrap="nowrap">
                  {item.view === 'import' && importing && <Loader size={12} aria-label="Import running" data-testid="nav-import-running" />}
                  <Kbd size="xs">{item.keys}</Kbd>
                </Group>
              }
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
