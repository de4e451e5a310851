import { Alert, Badge, Button, Code, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { AuditEntry, IncidentDetail as IncidentDetailData } from '../../../../shared/domain';
import type { ApiQuery } from '../../api/use-api-query';
import { useApiQuery } from '../../api/use-api-query';
import { formatCount, formatUtc } from '../../app/format';
import { SeverityBadge } from '../../app/SeverityBadge';
import { useUiStore } from '../../state/ui-store';
import { ConfidencePanel } from './ConfidencePanel';
import { ExplanationPanel } from './ExplanationPanel';
import { IncidentActivity } from './IncidentActivity';
import { IncidentNotes } from './IncidentNotes';
import { IncidentStatusBadge, VerdictBadge } from './IncidentStatusBadge';
import { LinkedAlerts } from './LinkedAlerts';
import { RiskPanel } from './RiskPanel';
import { TriageControls } from './TriageControls';

const DETAIL_TABLES = ['incidents', 'incident_alerts', 'incident_merges', 'incident_notes'] as const;
const AUDIT_TABLES = ['audit_log', 'incidents', 'incident_notes'] as const;

/** One incident: what it is, how risky, why grouped, its alerts, and the analyst's work on it. */
export function IncidentDetail({ id }: { id: string }) {
  const selectIncident = useUiStore((s) => s.selectIncident);
  // Opened from an alert's details, going back returns to that alert.
  const backToAlert = useUiStore((s) => s.incidentOpenedFromAlert?.incidentId === id);
  const detail = useApiQuery('incidents.get', { id }, DETAIL_TABLES);
  const audit = useApiQuery('incidents.audit', { id }, AUDIT_TABLES);
  const back = () => selectIncident(null);
  const reloadAll = () => {
    detail.reload();
    audit.reload();
  };

  // Escape goes back to the queue (unless a field, menu or dialog has it).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target && (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable)) return;
      // Escape inside the alert drawer or a dialog closes that, not the incident.
      if (target?.closest('[role="dialog"]') || document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      selectIncident(null);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [selectIncident]);

  return (
    <section className="view view-scroll" aria-label={`Incident ${id}`} data-testid="incident-detail" data-incident-id={id}>
      <Group mb="xs">
        <Button size="xs" variant="subtle" onClick={back} aria-keyshortcuts="Escape">
          {backToAlert ? '← Back to the alert' : '← Back to incidents'}
        </Button>
        {detail.loading && <Loader size="xs" aria-label="Loading" />}
      </Group>
      {detail.error && (
        <Alert color="red" title={detail.error.code === 'NOT_FOUND' ? 'Incident not found' : 'Could not load the incident'} role="alert">
          {detail.error.message} ({detail.error.code})
          {detail.error.code === 'NOT_FOUND' && ' — it may have been merged into another incident.'}
        </Alert>
      )}
      {detail.data && <IncidentBody incident={detail.data} audit={audit} onChanged={reloadAll} />}
    </section>
  );
}

interface IncidentBodyProps {
  incident: IncidentDetailData;
  audit: ApiQuery<AuditEntry[]>;
  onChanged: () => void;
}

function IncidentBody({ incident, audit, onChanged }: IncidentBodyProps) {
  const titleRef = useRef<HTMLHeadingElement>(null);
  // Opening an incident moves focus to its title, so keyboard and screen-reader users start there.
  useEffect(() => titleRef.current?.focus({ preventScroll: true }), [incident.id]);
  return (
    <Stack gap="sm">
      <header>
        <Group gap="xs" align="center" wrap="wrap">
          <SeverityBadge severity={incident.severity} />
          <Title order={2} size="h3" data-testid="incident-title" tabIndex={-1} ref={titleRef} className="focus-target">
            {incident.title}
          </Title>
        </Group>
        <Group gap="xs" mt={4} wrap="wrap">
          <Code data-testid="incident-id">{incident.id}</Code>
          <IncidentStatusBadge status={incident.status} />
          <VerdictBadge verdict={incident.verdict} />
          <Text size="xs" c="dimmed">
            {formatCount(incident.alertCount)} alerts · first {formatUtc(incident.firstSeen)} · last {formatUtc(incident.lastSeen)} UTC
            {incident.assignee ? ` · assigned to ${incident.assignee}` : ''}
          </Text>
        </Group>
        {(incident.mitre.length > 0 || incident.sources.length > 0) && (
          <Group gap={4} mt={6}>
            {incident.sources.map((source) => (
              <Badge key={`src:${source}`} variant="light" color="gray" radius="sm" size="sm" tt="none">
                {source}
              </Badge>
            ))}
            {incident.mitre.map((technique) => (
              <Badge key={technique} variant="outline" radius="sm" size="sm">
                {technique}
              </Badge>
            ))}
          </Group>
        )}
      </header>

      {/* Triage spans the incident and the explanation has a row of its own, so no column is left half
          empty beside a long text; the summary and the scores beside it (of a like height) end level. */}
      <TriageControls key={`${incident.verdict ?? ''}|${incident.verdictReason ?? ''}`} incident={incident} onChanged={onChanged} />
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="sm" h="100%" className="fill-last">
            <RiskPanel
              risk={incident.risk}
              factors={incident.riskFactors}
              severity={incident.severity}
              severityRaised={incident.explanation.severityRaised}
            />
            <ConfidencePanel confidence={incident.confidence} reasons={incident.confidenceReasons} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="sm" h="100%">
            <Title order={3} size="h6" mb={4}>
              Summary
            </Title>
            <Text size="sm" className="prose-wrap" data-testid="incident-summary">
              {incident.summary}
            </Text>
          </Paper>
        </Grid.Col>
      </Grid>
      <ExplanationPanel explanation={incident.explanation} />
      {/* The alerts get the whole width: at 1280 px a two-thirds column left the title about 100 px. */}
      <LinkedAlerts incident={incident} onChanged={onChanged} />
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <IncidentNotes incidentId={incident.id} notes={incident.notes} onAdded={onChanged} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <IncidentActivity entries={audit.data} error={audit.error} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
