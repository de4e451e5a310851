import { AppShell, MantineProvider } from '@mantine/core';
import type { ApiClient } from '../../../shared/contract';
import { ApiContext } from '../api/client';
import { AlertDrawer } from '../features/alerts/AlertDrawer';
import { AlertsView } from '../features/alerts/AlertsView';
import { ImportPanel } from '../features/import/ImportPanel';
import { useImportProgressFeed } from '../features/import/use-import-job';
import { IncidentsView } from '../features/incidents/IncidentsView';
import { useUiStore, type View } from '../state/ui-store';
import { AppHeader } from './AppHeader';
import { AppNav } from './AppNav';
import { ErrorBoundary } from './ErrorBoundary';
import { NoticeStack } from './NoticeStack';
import { colorSchemeManager, theme } from './theme';
import { useGlobalShortcuts } from './use-global-shortcuts';

const VIEW_NAMES: Record<View, string> = { alerts: 'The Alerts view', incidents: 'The Incidents view', import: 'The Import view' };

export function App({ client }: { client: ApiClient }) {
  return (
    <ApiContext.Provider value={client}>
      <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
        <ErrorBoundary area="SOC Workbench">
          <Workbench />
        </ErrorBoundary>
      </MantineProvider>
    </ApiContext.Provider>
  );
}

function Workbench() {
  useGlobalShortcuts();
  useImportProgressFeed();
  const view = useUiStore((s) => s.view);
  return (
    <AppShell header={{ height: 48 }} navbar={{ width: 190, breakpoint: 0 }} padding="sm">
      <AppShell.Header>
        <AppHeader />
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <AppNav />
      </AppShell.Navbar>
      <AppShell.Main className="workbench-main">
        <ErrorBoundary key={view} area={VIEW_NAMES[view]}>
          <CurrentView view={view} />
        </ErrorBoundary>
      </AppShell.Main>
      <ErrorBoundary area="The alert panel">
        <AlertDrawer />
      </ErrorBoundary>
      <NoticeStack />
    </AppShell>
  );
}

function CurrentView({ view }: { view: View }) {
  switch (view) {
    case 'alerts':
      return <AlertsView />;
    case 'incidents':
      return <IncidentsView />;
    case 'import':
      return <ImportPanel />;
  }
}
