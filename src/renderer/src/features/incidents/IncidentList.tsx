import { Alert, Checkbox, Group, Loader, Pagination, Table, Text } from '@mantine/core';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { IncidentListInput } from '../../../../shared/contract';
import type { IncidentSummaryRow } from '../../../../shared/domain';
import { useApiQuery } from '../../api/use-api-query';
import { formatConfidence, formatCount, formatCountOf, formatUtc } from '../../app/format';
import { SeverityBadge } from '../../app/SeverityBadge';
import { focusSearch } from '../../app/use-global-shortcuts';
import { useUiStore } from '../../state/ui-store';
import { CorrelateControls } from './CorrelateControls';
import { IncidentFilters } from './IncidentFilters';
import { IncidentSelectionBar } from './IncidentSelectionBar';
import { IncidentStatusBadge, VerdictBadge } from './IncidentStatusBadge';

const PAGE_SIZE = 100;
const LIST_TABLES = ['incidents', 'incident_alerts', 'incident_merges'] as const;

/** The incident queue: filters, correlate controls, and a page of incidents. */
export function IncidentList() {
  const filters = useUiStore((s) => s.incidentFilters);
  const page = useUiStore((s) => s.incidentPage);
  const setPage = useUiStore((s) => s.setIncidentPage);
  const selectIncident = useUiStore((s) => s.selectIncident);
  const checked = useUiStore((s) => s.checkedIncidentIds);
  const toggleChecked = useUiStore((s) => s.toggleCheckedIncident);
  const sectionRef = useRef<HTMLElement>(null);
  // Roving tab stop: one row of the table is in the Tab order (the last one focused, else the first).
  const [focusedRowId, setFocusedRowId] = useState<string | null>(null);

  const input: IncidentListInput = {
    sort: filters.sort,
    order: 'desc',
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    ...(filters.severities.length ? { severities: filters.severities } : {}),
    ...(filters.statuses.length ? { statuses: filters.statuses } : {}),
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
  };
  const list = useApiQuery('incidents.list', input, LIST_TABLES);
  const total = list.data?.total ?? 0;
  const rows = list.data?.rows ?? [];
  const tabStopId = rows.some((r) => r.id === focusedRowId) ? focusedRowId : (rows[0]?.id ?? null);

  // Coming back from an incident: focus its row again.
  const rowsLoaded = list.data !== undefined;
  useEffect(() => {
    const id = useUiStore.getState().returnFocusIncidentId;
    if (!rowsLoaded || !id) return;
    useUiStore.getState().clearReturnFocus();
    const row = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="incident-row"]')).find(
      (el) => el.dataset.incidentId === id,
    );
    row?.focus();
  }, [rowsLoaded]);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));

  /** Focus on the table's current row (its tab stop), or on the search box when the page is empty. */
  const focusCurrentRow = () => {
    const row = sectionRef.current?.querySelector<HTMLElement>('[data-testid="incident-row"][tabindex="0"]');
    if (row) row.focus();
    else focusSearch();
  };

  return (
    <section className="view view-scroll incident-queue" aria-label="Incidents" ref={sectionRef}>
      <Group justify="space-between" align="flex-end" mb="xs" gap="xs">
        <IncidentFilters />
        <CorrelateControls onFinished={list.reload} />
      </Group>
      <Group gap="xs" mb={4} justify="space-between">
        <Group gap="xs">
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="incidents-total">
            {list.data ? (list.data.totalCapped ? `${formatCount(total)}+ incidents` : formatCountOf(total, 'incident')) : 'Loading incidents…'}
          </Text>
          {list.loading && <Loader size="xs" aria-label="Loading" />}
        </Group>
        <IncidentSelectionBar onMerged={list.reload} onCleared={focusCurrentRow} />
      </Group>
      {list.error && (
        <Alert color="red" variant="light" title="Could not load incidents" mb="xs" role="alert">
          {list.error.message} ({list.error.code})
        </Alert>
      )}
      {list.data && list.data.rows.length === 0 && (
        <Text size="sm" c="dimmed" p="md">
          {filters.severities.length || filters.statuses.length || filters.search.trim()
            ? 'No incidents match these filters.'
            : 'No incidents yet. Import alerts, then press Correlate.'}
        </Text>
      )}
      {list.data && list.data.rows.length > 0 && (
        // Fixed layout: every column but the title has the width its content needs, the title takes the rest.
        <Table
          layout="fixed"
          highlightOnHover
          striped
          stickyHeader
          verticalSpacing={4}
          horizontalSpacing={6}
          fz="sm"
          aria-label="Incidents"
          data-testid="incidents-table"
          className="incident-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={30}>
                <PageCheckbox ids={list.data.rows.map((r) => r.id)} />
              </Table.Th>
              <Table.Th w={114}>ID</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th w={84}>Severity</Table.Th>
              <Table.Th w={62}>Verdict</Table.Th>
              <Table.Th w={44} ta="right">
                Risk
              </Table.Th>
              <Table.Th w={52} ta="right">
                <abbr title="Confidence">Conf.</abbr>
              </Table.Th>
              <Table.Th w={132}>Status</Table.Th>
              <Table.Th w={56} ta="right">
                Alerts
              </Table.Th>
              <Table.Th w={150} className="incident-col-first-seen">
                First seen (UTC)
              </Table.Th>
              <Table.Th w={150}>Last seen (UTC)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.rows.map((incident) => (
              <IncidentRow
                key={incident.id}
                incident={incident}
                tabStop={incident.id === tabStopId}
                onFocus={() => setFocusedRowId(incident.id)}
                checked={checked.includes(incident.id)}
                onToggle={() => toggleChecked(incident.id)}
                onOpen={() => selectIncident(incident.id)}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pageCount > 1 && (
        <Group justify="center" mt="sm">
          <Pagination
            size="sm"
            total={pageCount}
            value={page}
            onChange={(next) => {
              setPage(next);
              // A new page starts at its first row, not where the pagination left the scroll.
              sectionRef.current?.scrollTo({ top: 0 });
            }}
            aria-label="Incident pages"
          />
        </Group>
      )}
    </section>
  );
}

/** Arrow keys, Home and End move focus between incident rows (the table is one tab stop). */
/** PageUp/PageDown move this many rows (about a screen of two-line rows). */
const ROWS_PER_PAGE_KEY = 10;

function rowsAway(row: Element, delta: number): Element | null {
  let target: Element = row;
  for (let k = 0; k < Math.abs(delta); k++) {
    const next = delta > 0 ? target.nextElementSibling : target.previousElementSibling;
    if (!next) break;
    target = next;
  }
  return target === row ? null : target;
}

function moveRowFocus(event: KeyboardEvent<HTMLTableRowElement>): void {
  const row = event.currentTarget;
  const target =
    event.key === 'ArrowDown'
      ? row.nextElementSibling
      : event.key === 'ArrowUp'
        ? row.previousElementSibling
        : event.key === 'Home'
          ? row.parentElement?.firstElementChild
          : event.key === 'End'
            ? row.parentElement?.lastElementChild
            : event.key === 'PageDown' || event.key === 'PageUp'
              ? rowsAway(row, event.key === 'PageDown' ? ROWS_PER_PAGE_KEY : -ROWS_PER_PAGE_KEY)
              : null;
  if (target instanceof HTMLElement) {
    event.preventDefault();
    target.focus();
  }
}

/** Ticks or unticks every incident on the page. */
function PageCheckbox({ ids }: { ids: string[] }) {
  const checked = useUiStore((s) => s.checkedIncidentIds);
  const setChecked = useUiStore((s) => s.setCheckedIncidents);
  const onPage = ids.filter((id) => checked.includes(id)).length;
  return (
    <Checkbox
      size="xs"
      aria-label="Select all incidents on this page"
      checked={onPage > 0 && onPage === ids.length}
      indeterminate={onPage > 0 && onPage < ids.length}
      onChange={() =>
        setChecked(onPage === ids.length ? checked.filter((id) => !ids.includes(id)) : [...checked, ...ids.filter((id) => !checked.includes(id))])
      }
    />
  );
}

interface IncidentRowProps {
  incident: IncidentSummaryRow;
  /** The row Tab lands on in the table; the others are reached with the arrow keys. */
  tabStop: boolean;
  onFocus: () => void;
  checked: boolean;
  onToggle: () => void;
  onOpen: () => void;
}

function IncidentRow({ incident, tabStop, onFocus, checked, onToggle, onOpen }: IncidentRowProps) {
  return (
    <Table.Tr
      tabIndex={tabStop ? 0 : -1}
      onFocus={onFocus}
      className="clickable-row"
      data-testid="incident-row"
      data-incident-id={incident.id}
      data-checked={checked || undefined}
      aria-label={`Incident ${incident.id}: ${incident.title}${checked ? ' (selected)' : ''}`}
      aria-keyshortcuts="Enter x Space ArrowUp ArrowDown PageUp PageDown Home End"
      onClick={onOpen}
      onKeyDown={(event) => {
        // Keys pressed on the checkbox are the checkbox's own.
        const onRow = event.target === event.currentTarget;
        // Enter opens; x or Space ticks, as in an incident's linked alerts.
        if (onRow && event.key === 'Enter') {
          event.preventDefault();
          onOpen();
        } else if (onRow && (event.key === 'x' || event.key === ' ') && !event.ctrlKey && !event.metaKey && !event.altKey) {
          event.preventDefault();
          onToggle();
        } else {
          moveRowFocus(event);
        }
      }}
    >
      <Table.Td onClick={(event) => event.stopPropagation()}>
        <Checkbox
          size="xs"
          tabIndex={-1}
          aria-label={`Select incident ${incident.id}`}
          checked={checked}
          onChange={onToggle}
          data-testid="incident-checkbox"
        />
      </Table.Td>
      <Table.Td className="mono incident-cell-clip" title={incident.id}>
        {incident.id}
      </Table.Td>
      <Table.Td data-testid="incident-title-cell">
        <Text size="sm" lineClamp={2} title={incident.title} className="incident-title">
          {incident.title}
        </Text>
      </Table.Td>
      <Table.Td>
        <SeverityBadge severity={incident.severity} />
      </Table.Td>
      <Table.Td data-testid="incident-verdict">
        <VerdictBadge verdict={incident.verdict} compact />
      </Table.Td>
      <Table.Td ta="right" fw={600}>
        {Math.round(incident.risk)}
      </Table.Td>
      <Table.Td ta="right">{formatConfidence(incident.confidence)}</Table.Td>
      <Table.Td>
        <IncidentStatusBadge status={incident.status} />
      </Table.Td>
      <Table.Td ta="right" data-testid="incident-alert-count">
        {formatCount(incident.alertCount)}
      </Table.Td>
      <Table.Td className="mono incident-cell-clip incident-col-first-seen">{formatUtc(incident.firstSeen)}</Table.Td>
      <Table.Td className="mono incident-cell-clip">{formatUtc(incident.lastSeen)}</Table.Td>
    </Table.Tr>
  );
}
