import { Alert, Badge, Button, Code, CopyButton, Drawer, Group, Loader, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { AlertDetail } from '../../../../shared/domain';
import { useApiQuery } from '../../api/use-api-query';
import { formatUtc } from '../../app/format';
import { SeverityBadge } from '../../app/SeverityBadge';
import { useUiStore } from '../../state/ui-store';
import { canStepAlert, stepAlert } from './alert-stepping';

const DETAIL_TABLES = ['alerts', 'incident_alerts'] as const;

/** Keys on these are the control's own (a text caret, a radio group, a list…), not next/previous. */
const OWN_ARROWS = 'input, textarea, select, [contenteditable="true"], [role="radio"], [role="radiogroup"], [role="slider"], [role="listbox"], [role="combobox"], [role="menu"], [role="tablist"]';
const STEP_KEYS: Record<string, number> = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 };

/**
 * Side panel with one alert's details; opened from any alerts table. Opened
 * from a grid, ↓/j and ↑/k (or the buttons) step to that grid's next/previous alert.
 */
export function AlertDrawer() {
  const alertId = useUiStore((s) => s.openAlertId);
  const from = useUiStore((s) => s.openAlertFrom);
  const openAlert = useUiStore((s) => s.openAlert);
  const detail = useApiQuery('alerts.get', alertId === null ? null : { id: alertId }, DETAIL_TABLES);
  const current = detail.data && detail.data.id === alertId ? detail.data : undefined;
  // Stepping keeps the previous alert on screen until the next one is in (no flash, focus stays in the panel).
  const lastShown = useRef<AlertDetail | undefined>(undefined);
  if (alertId === null) lastShown.current = undefined;
  else if (current) lastShown.current = current;
  const shown = current ?? (detail.error ? undefined : lastShown.current);
  const canStep = alertId !== null && canStepAlert(from);

  useEffect(() => {
    if (!canStep) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const delta = STEP_KEYS[event.key];
      if (!delta || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(OWN_ARROWS)) return;
      // Only while the drawer is the top layer (not under a dialog it opened).
      if (target && !target.closest('[data-testid="alert-drawer"]') && target !== document.body) return;
      if (stepAlert(from, delta)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [canStep, from]);

  return (
    <Drawer
      opened={alertId !== null}
      onClose={() => openAlert(null)}
      position="right"
      size="xl"
      title={alertId === null ? 'Alert' : `Alert #${alertId}`}
      closeButtonProps={{ 'aria-label': 'Close alert details' }}
      data-testid="alert-drawer"
    >
      {canStep && (
        <Group gap="xs" mb="sm">
          <Button.Group>
            <Button size="compact-xs" variant="default" onClick={() => stepAlert(from, -1)} aria-keyshortcuts="ArrowUp k" title="Previous alert (↑ or k)">
              ↑ Previous
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => stepAlert(from, 1)} aria-keyshortcuts="ArrowDown j" title="Next alert (↓ or j)">
              ↓ Next
            </Button>
          </Button.Group>
          {shown && !current && !detail.error && <Loader size="xs" aria-label="Loading alert" />}
        </Group>
      )}
      {detail.error && (
        <Alert color="red" title="Could not load the alert" role="alert">
          {detail.error.message} ({detail.error.code})
        </Alert>
      )}
      {!shown && !detail.error && <Loader size="sm" aria-label="Loading alert" />}
      {shown && <AlertDetailBody alert={shown} />}
    </Drawer>
  );
}

function AlertDetailBody({ alert }: { alert: AlertDetail }) {
  const incidentId = alert.incidentId;
  const openIncidentFromAlerts = useUiStore((s) => s.openIncidentFromAlerts);
  // Opened from the incident's own Linked alerts: the incident is already on screen.
  const incidentOnScreen = useUiStore((s) => s.view === 'incidents' && s.selectedIncidentId !== null && s.selectedIncidentId === incidentId);
  const fields: Array<[string, ReactNode]> = [
    ['Time (UTC)', formatUtc(alert.ts)],
    ['Ingested (UTC)', formatUtc(alert.ingestedAt)],
    ['Source / format', `${alert.source} / ${alert.format}`],
    ['Rule', [alert.ruleId, alert.ruleName].filter(Boolean).join(' — ') || '—'],
    ['Source level', alert.ruleLevel ?? '—'],
    ['Category', alert.category ?? '—'],
    ['Host', alert.host ?? '—'],
    ['User', alert.user ?? '—'],
    // "Source" alone read like the sensor (the row "Source / format" above).
    ['Source IP', endpoint(alert.srcIp, alert.srcPort)],
    ['Destination IP', endpoint(alert.dstIp, alert.dstPort)],
    ['Process', alert.process ?? '—'],
    ['File hash', alert.fileHash ?? '—'],
    ['URL', alert.url ?? '—'],
    ['Domain', alert.domain ?? '—'],
    ['Asset tier', alert.assetTier ?? '—'],
    ['Fingerprint', alert.fingerprint],
  ];

  return (
    <Stack gap="sm" data-testid="alert-detail">
      <Group gap="xs">
        <SeverityBadge severity={alert.severity} />
        <Text fw={600}>{alert.title}</Text>
      </Group>
      {alert.message && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {alert.message}
        </Text>
      )}
      {alert.mitre.length > 0 && (
        <Group gap={4} aria-label="MITRE ATT&CK techniques">
          {alert.mitre.map((technique) => (
            <Badge key={technique} variant="outline" radius="sm" size="sm">
              {technique}
            </Badge>
          ))}
        </Group>
      )}
      {incidentId && incidentOnScreen && (
        <Text size="sm" data-testid="alert-incident">
          Part of this incident: <Code>{incidentId}</Code>
        </Text>
      )}
      {incidentId && !incidentOnScreen && (
        <Group gap="xs" data-testid="alert-incident">
          <Text size="sm">
            Part of incident <Code>{incidentId}</Code>
          </Text>
          <Button
            size="compact-xs"
            variant="light"
            // Escape (or Back) from the incident comes back here, to this alert.
            onClick={() => openIncidentFromAlerts(incidentId)}
          >
            Open incident
          </Button>
        </Group>
      )}
      <Table withRowBorders={false} verticalSpacing={2} fz="sm">
        <Table.Tbody>
          {fields.map(([name, value]) => (
            <Table.Tr key={name}>
              <Table.Th w={140} fw={500} c="dimmed">
                {name}
              </Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <RawRecord raw={alert.raw} />
    </Stack>
  );
}

function endpoint(ip: string | null, port: number | null): string {
  if (!ip) return '—';
  return port === null ? ip : `${ip}:${port}`;
}

/** The original record as plain text (never HTML); optionally re-indented if it is JSON. */
function RawRecord({ raw }: { raw: string }) {
  const [mode, setMode] = useState<'received' | 'formatted'>('received');
  const formatted = mode === 'formatted' ? prettyJson(raw) : null;
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text fw={600} size="sm">
          Original record
        </Text>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(value) => setMode(value as 'received' | 'formatted')}
            data={[
              { value: 'received', label: 'As received' },
              { value: 'formatted', label: 'Indented JSON' },
            ]}
            aria-label="Raw record display"
          />
          <CopyButton value={raw}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Group>
      <Code block className="raw-record" data-testid="alert-raw">
        {formatted ?? raw}
      </Code>
    </Stack>
  );
}

function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}
