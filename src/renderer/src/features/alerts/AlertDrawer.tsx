import { Alert, Badge, Button, Code, CopyButton, Drawer, Group, Loader, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { AlertDetail } from '../../../../shared/domain';
import { useApiQuery } from '../../api/use-api-query';
import { formatUtc } from '../../app/format';
import { SeverityBadge } from '../../app/SeverityBadge';
import { useUiStore } from '../../state/ui-store';

const DETAIL_TABLES = ['alerts', 'incident_alerts'] as const;

/** Side panel with one alert's details; opened from any alerts table. */
export function AlertDrawer() {
  const alertId = useUiStore((s) => s.openAlertId);
  const openAlert = useUiStore((s) => s.openAlert);
  const detail = useApiQuery('alerts.get', alertId === null ? null : { id: alertId }, DETAIL_TABLES);
  const shown = detail.data && detail.data.id === alertId ? detail.data : undefined;

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
  const fields: Array<[string, ReactNode]> = [
    ['Time (UTC)', formatUtc(alert.ts)],
    ['Ingested (UTC)', formatUtc(alert.ingestedAt)],
    ['Source / format', `${alert.source} / ${alert.format}`],
    ['Rule', [alert.ruleId, alert.ruleName].filter(Boolean).join(' — ') || '—'],
    ['Source level', alert.ruleLevel ?? '—'],
    ['Category', alert.category ?? '—'],
    ['Host', alert.host ?? '—'],
    ['User', alert.user ?? '—'],
    ['Source', endpoint(alert.srcIp, alert.srcPort)],
    ['Destination', endpoint(alert.dstIp, alert.dstPort)],
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
      {incidentId && (
        <Group gap="xs">
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
