import { Alert, Checkbox, Group, Loader, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { AlertRow } from '../../../../shared/domain';
import { endpoints, formatCount, formatCountOf, formatUtc } from '../../app/format';
import { SeverityBadge } from '../../app/SeverityBadge';
import { useUiStore, type AlertsPlace } from '../../state/ui-store';
import type { AlertQuery } from './alert-query';
import type { AlertSelection } from './use-alert-selection';
import { useAlertStepper } from './alert-stepping';
import { useAlertPages, type AlertPages } from './use-alert-pages';

const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 32;
/** Around the rows: the count line above the grid, its header row and borders. */
const CHROME_HEIGHT = 28 + HEADER_HEIGHT + 2;
const COLUMNS = ['Time (UTC)', 'Severity', 'Source', 'Title', 'Host', 'User', 'Src → Dst', 'Incident'] as const;
type Column = (typeof COLUMNS)[number];
/** Narrow enough for an incident's Linked alerts at 1280 px; long values end in an ellipsis (the whole value is the cell's title). */
const COLUMN_WIDTHS: Record<Column, string> = {
  'Time (UTC)': '156px',
  Severity: '88px',
  Source: 'minmax(56px, 100px)',
  Title: 'minmax(100px, 3fr)',
  Host: 'minmax(64px, 1fr)',
  User: 'minmax(56px, 1fr)',
  'Src → Dst': 'minmax(100px, 1.4fr)',
  Incident: '120px',
};
const TICK_WIDTH = '32px';

interface AlertsTableProps {
  query: AlertQuery;
  /** Accessible name of the grid, e.g. "Alerts" or "Alerts of INC-…". */
  label: string;
  /** Fixed height in px; without it the table fills its flex parent. */
  height?: number;
  /** As tall as its rows, up to this many px (instead of `height`). */
  maxHeight?: number;
  /** The Incident column (left out where all rows are of one incident). */
  showIncident?: boolean;
  testId?: string;
  /** Adds a tick column; `x` or Space ticks the row under the cursor. */
  selection?: AlertSelection;
  /** The main grid: its scroll, cursor and focus are kept (in the ui-store) while another view is on screen. */
  keepPlace?: boolean;
  /** Shown after the alert count (a status line). */
  status?: ReactNode;
}

/**
 * A virtualised grid: only the visible rows are in the DOM, pages of 200 are
 * fetched as the analyst scrolls. The grid itself holds focus (aria-activedescendant);
 * arrows/PageUp/PageDown/Home/End move the cursor, Enter opens the alert, and
 * with `selection` x/Space tick the alert under the cursor, Shift+click, Shift+Space
 * and Shift+↓/↑ tick ranges, and Ctrl/Cmd+A ticks all (the selection's `within`).
 */
export function AlertsTable(props: AlertsTableProps) {
  const { query, label, maxHeight, testId = 'alerts-table', selection, keepPlace = false, showIncident = true, status } = props;
  const columns = showIncident ? COLUMNS : COLUMNS.filter((column) => column !== 'Incident');
  const widths = [...(selection ? [TICK_WIDTH] : []), ...columns.map((column) => COLUMN_WIDTHS[column])];
  const gridStyle = {
    '--alerts-grid-columns': widths.join(' '),
    // Each track's first px figure is its minimum.
    '--alerts-grid-min-width': `${widths.reduce((sum, width) => sum + Number(/\d+/.exec(width)![0]), 0)}px`,
  } as CSSProperties;
  const [saved] = useState(() => (keepPlace ? useUiStore.getState().alertsPlace : null));
  // Newest first; the Time header flips it, so the oldest alerts are one click away however many there are.
  const [order, setOrder] = useState<'asc' | 'desc'>(saved?.order ?? 'desc');
  const scrollRef = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState(-1);
  const cursorRef = useRef(cursor);
  cursorRef.current = cursor;
  // When new alerts arrive, the cursor stays on its alert (and the rows on screen stay put) however far it moved.
  const pendingShift = useRef(0);
  const pages = useAlertPages(query, order, {
    anchor: () => {
      const row = cursor >= 0 ? pages.getRow(cursor) : undefined;
      if (row) return { id: row.id, index: cursor };
      // No cursor: hold the top row on screen, unless the analyst is watching the top of the list.
      const top = scrollRef.current?.scrollTop ?? 0;
      const index = Math.floor(top / ROW_HEIGHT);
      const topRow = top > 0 ? pages.getRow(index) : undefined;
      return topRow ? { id: topRow.id, index } : null;
    },
    moved: (shift) => {
      if (shift === 0) return;
      pendingShift.current += shift;
      setCursor((c) => (c < 0 ? c : Math.max(0, c + shift)));
    },
  });
  const openAlert = useUiStore((s) => s.openAlert);
  const gridId = useRef(`alerts-grid-${Math.random().toString(36).slice(2, 8)}`).current;
  const queryKey = JSON.stringify({ ...query, order });

  const virtualizer = useVirtualizer({
    count: pages.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { requestRange } = pages;

  useEffect(() => requestRange(first, last), [requestRange, first, last, pages.epoch]);

  // A new query starts at the top with nothing selected.
  useEffect(() => {
    setCursor(-1);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [queryKey]);

  usePlaceKept(keepPlace, saved, { queryKey, order, cursor, pages, scrollRef, setCursor, reopen: (id) => openAlert(id, gridId) });

  // Applied once the grid has its new height (the refetch grew `total` by the same shift).
  useLayoutEffect(() => {
    const shift = pendingShift.current;
    const el = scrollRef.current;
    if (shift === 0 || !el) return;
    pendingShift.current = 0;
    const visibleRows = Math.floor((el.clientHeight - HEADER_HEIGHT) / ROW_HEIGHT);
    // At the top with the cursor still on screen, new alerts simply appear above it.
    if (el.scrollTop === 0 && cursor < visibleRows) return;
    el.scrollTop += shift * ROW_HEIGHT;
  }, [pages.epoch, cursor]);

  const moveTo = (index: number) => {
    if (pages.total === 0) return;
    const next = Math.max(0, Math.min(pages.total - 1, index));
    cursorRef.current = next;
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const open = (index: number) => {
    const row = pages.getRow(index);
    if (row) openAlert(row.id, gridId);
  };

  // A row opened before its page is in (Enter on it, or the drawer's next/previous) opens when the page
  // arrives, if the cursor is still there; a step from the drawer only while the drawer is still open.
  const pendingOpen = useRef<{ index: number; fromDrawer: boolean } | null>(null);
  useAlertStepper(gridId, (delta) => {
    moveTo(cursorRef.current + delta);
    pendingOpen.current = { index: cursorRef.current, fromDrawer: true };
  });
  useEffect(() => {
    const pending = pendingOpen.current;
    const row = pending === null ? undefined : pages.getRow(pending.index);
    if (!pending || !row) return;
    pendingOpen.current = null;
    if (pending.index === cursor && (!pending.fromDrawer || useUiStore.getState().openAlertId !== null)) openAlert(row.id, gridId);
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, items.length - 2);
    const handlers: Record<string, () => void> = {
      ArrowDown: () => moveTo(cursor + 1),
      ArrowUp: () => moveTo(cursor <= 0 ? 0 : cursor - 1),
      PageDown: () => moveTo(cursor + pageRows),
      PageUp: () => moveTo(cursor - pageRows),
      Home: () => moveTo(0),
      End: () => moveTo(pages.total - 1),
      Enter: () => {
        if (cursor < 0) return;
        if (pages.getRow(cursor)) open(cursor);
        else pendingOpen.current = { index: cursor, fromDrawer: false };
      },
    };
    if (selection) {
      handlers.x = () => tickOne(cursor);
      handlers[' '] = () => tickOne(cursor);
      handlers['Shift+ '] = () => tickRange(cursor);
      handlers['Shift+ArrowDown'] = () => extendTicks(1);
      handlers['Shift+ArrowUp'] = () => extendTicks(-1);
      handlers['Mod+a'] = () => selection.selectAll();
    }
    // Keys pressed on a control inside the grid (the Time sort button) are that control's.
    if (event.altKey || event.target !== event.currentTarget) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const handler = handlers[`${mod ? 'Mod+' : ''}${event.shiftKey ? 'Shift+' : ''}${key}`] ?? (mod ? undefined : handlers[key]);
    if (!handler) return;
    event.preventDefault();
    handler();
  };

  // Ranges run from the anchor: the row last ticked on its own (x, Space or a click).
  const tickAnchor = useRef<number | null>(null);
  const tickOne = (index: number) => {
    const row = index >= 0 ? pages.getRow(index) : undefined;
    if (!row || !selection) return;
    selection.toggle(row.id);
    tickAnchor.current = index;
  };
  /** Ticks the rows from the anchor to `index`, or unticks them when all of them were ticked. */
  const tickRange = (index: number) => {
    if (!selection || index < 0) return;
    const from = tickAnchor.current ?? index;
    void pages.idsIn(Math.min(from, index), Math.max(from, index)).then((ids) => selection.set(ids, !ids.every(selection.isSelected)));
  };
  /** Shift+↓/↑: ticks the row under the cursor and the next one, and moves on. */
  const extendTicks = (delta: number) => {
    if (!selection || cursor < 0 || pages.total === 0) return;
    const next = Math.max(0, Math.min(pages.total - 1, cursor + delta));
    const anchor = (tickAnchor.current ??= cursor);
    // Moving back towards the anchor shrinks the range: the row left behind is unticked.
    const shrinking = Math.abs(next - anchor) < Math.abs(cursor - anchor);
    void pages.idsIn(shrinking ? cursor : Math.min(cursor, next), shrinking ? cursor : Math.max(cursor, next)).then((ids) => selection.set(ids, !shrinking));
    moveTo(next);
  };

  const height = maxHeight === undefined ? props.height : Math.min(maxHeight, CHROME_HEIGHT + Math.max(2, pages.total) * ROW_HEIGHT);
  return (
    <div className="alerts-table" style={height ? { height } : { flex: 1, minHeight: 0 }}>
      <Group justify="space-between" gap="xs" mb={4} wrap="nowrap">
        <Group gap="md" wrap="wrap" miw={0} style={{ rowGap: 0 }}>
          <Text size="sm" c="dimmed" data-testid="alerts-total" aria-live="polite">
            {pages.ready ? (pages.totalCapped ? `${formatCount(pages.total)}+ alerts` : formatCountOf(pages.total, 'alert')) : 'Loading alerts…'}
          </Text>
          {status}
        </Group>
        {!pages.ready && !pages.error && <Loader size="xs" aria-label="Loading" />}
      </Group>
      {pages.error && (
        <Alert color="red" variant="light" title="Could not load alerts" mb="xs" role="alert">
          {pages.error.message} ({pages.error.code})
        </Alert>
      )}
      <div
        ref={scrollRef}
        id={gridId}
        className="alerts-grid"
        style={gridStyle}
        role="grid"
        aria-label={label}
        aria-rowcount={pages.total + 1}
        aria-colcount={columns.length + (selection ? 1 : 0)}
        aria-multiselectable={selection ? true : undefined}
        aria-keyshortcuts={selection ? 'x Space Shift+Space Shift+ArrowDown Shift+ArrowUp Control+A Meta+A Enter' : undefined}
        aria-activedescendant={cursor >= 0 && cursor >= first && cursor <= last ? `${gridId}-row-${cursor}` : undefined}
        tabIndex={0}
        data-testid={testId}
        onKeyDown={onKeyDown}
        onFocus={() => pages.total > 0 && setCursor((c) => (c < 0 ? first : c))}
      >
        <div className="alerts-grid-row alerts-grid-header" role="row" aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
          {selection && (
            <div role="columnheader" className="alerts-grid-cell" aria-label="Selected" />
          )}
          {columns.map((column) =>
            column === 'Time (UTC)' ? (
              <div key={column} role="columnheader" className="alerts-grid-cell" aria-sort={order === 'desc' ? 'descending' : 'ascending'}>
                <UnstyledButton
                  className="alerts-grid-sort"
                  onClick={() => setOrder((o) => (o === 'desc' ? 'asc' : 'desc'))}
                  title={order === 'desc' ? 'Newest first: show the oldest first' : 'Oldest first: show the newest first'}
                  data-testid={`${testId}-sort-time`}
                >
                  {column} {order === 'desc' ? '↓' : '↑'}
                </UnstyledButton>
              </div>
            ) : (
              <div key={column} role="columnheader" className="alerts-grid-cell">
                {column}
              </div>
            ),
          )}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
          {items.map((item) => (
            <AlertGridRow
              key={item.key}
              id={`${gridId}-row-${item.index}`}
              index={item.index}
              row={pages.getRow(item.index)}
              top={item.start - HEADER_HEIGHT}
              selected={item.index === cursor}
              selection={selection}
              showIncident={showIncident}
              onSelect={(shift) => {
                setCursor(item.index);
                if (selection && shift) tickRange(item.index);
                else open(item.index);
              }}
              onTick={(shift) => (shift ? tickRange(item.index) : tickOne(item.index))}
            />
          ))}
        </div>
        {pages.ready && pages.total === 0 && (
          <Text size="sm" c="dimmed" p="md">
            No alerts match these filters.
          </Text>
        )}
      </div>
    </div>
  );
}

interface PlaceState {
  queryKey: string;
  order: 'asc' | 'desc';
  cursor: number;
  pages: AlertPages;
  scrollRef: RefObject<HTMLDivElement | null>;
  setCursor(index: number): void;
  /** Opens an alert's details from this grid. */
  reopen(alertId: number): void;
}

/**
 * With `keepPlace`, puts the grid back where the analyst left it (`saved`, same query): the
 * cursor on the same alert wherever it is listed now, the rows around it on
 * screen, focus on the grid if it had it, and the alert's details open again when
 * the analyst comes back from an incident opened from them. Saves the place on unmount.
 */
function usePlaceKept(keepPlace: boolean, saved: AlertsPlace | null, state: PlaceState): void {
  const { queryKey, pages, scrollRef, setCursor } = state;
  const { ready, locate } = pages;
  const latest = useRef(state);
  latest.current = state;
  const restoring = useRef(saved !== null && saved.queryKey === queryKey ? saved : null);
  // New filters before the place was back: nothing to restore any more.
  const mountedKey = useRef(queryKey);
  if (mountedKey.current !== queryKey) restoring.current = null;
  const enabled = useRef(keepPlace);
  enabled.current = keepPlace;

  useEffect(() => {
    const place = restoring.current;
    if (!place || !ready) return;
    // Reopening the details is for this return only: a later visit (even one left before the place was back) leaves them closed.
    if (place.reopenAlertId !== null) {
      const { alertsPlace, setAlertsPlace } = useUiStore.getState();
      if (alertsPlace?.reopenAlertId != null) setAlertsPlace({ ...alertsPlace, reopenAlertId: null });
    }
    let cancelled = false;
    const located = place.alertId === null ? Promise.resolve(null) : locate(place.alertId).catch(() => null);
    void located.then((offset) => {
      const el = scrollRef.current;
      // The filters changed while the alert was being located: that place is for another list.
      if (cancelled || !el || latest.current.queryKey !== place.queryKey) return;
      restoring.current = null;
      const shift = offset === null ? 0 : offset - place.cursor;
      el.scrollTop = place.scrollTop + shift * ROW_HEIGHT;
      // An alert no longer found where it can be listed (past the count cap) leaves no cursor, not one on another alert.
      const lost = offset === null && place.alertId !== null;
      if (place.cursor >= 0) setCursor(lost ? -1 : Math.min(place.cursor + shift, Math.max(0, latest.current.pages.total - 1)));
      if (place.focused) el.focus({ preventScroll: true });
      // Opened over the focused grid, so closing the details hands focus back to it.
      // Not for an alert no longer listed here.
      if (place.reopenAlertId !== null && offset !== null) latest.current.reopen(place.reopenAlertId);
    });
    return () => {
      cancelled = true;
    };
  }, [ready, locate, scrollRef, setCursor]);

  // A layout cleanup runs while the grid is still in the document (focus and scroll still readable).
  useLayoutEffect(
    () => () => {
      const el = scrollRef.current;
      // Left again before the place was back: keep the place as it was.
      if (!enabled.current || !el || restoring.current) return;
      const { queryKey: key, order, cursor, pages: current } = latest.current;
      useUiStore.getState().setAlertsPlace({
        queryKey: key,
        order,
        alertId: (cursor >= 0 ? current.getRow(cursor)?.id : undefined) ?? null,
        cursor,
        scrollTop: el.scrollTop,
        focused: document.activeElement === el,
        reopenAlertId: null,
      });
    },
    [scrollRef],
  );
}

interface AlertGridRowProps {
  id: string;
  index: number;
  row: AlertRow | undefined;
  top: number;
  selected: boolean;
  selection: AlertSelection | undefined;
  showIncident: boolean;
  /** A click on the row (with Shift: ticks the range up to it, in a tickable grid). */
  onSelect(shift: boolean): void;
  /** A click on the row's tick box. */
  onTick(shift: boolean): void;
}

function AlertGridRow({ id, index, row, top, selected, selection, showIncident, onSelect, onTick }: AlertGridRowProps) {
  const ticked = selection && row ? selection.isSelected(row.id) : undefined;
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      // Without a tick column the cursor is the selection; with one, the ticks are.
      aria-selected={selection ? (ticked ?? false) : selected}
      className="alerts-grid-row alerts-grid-body-row"
      data-testid="alert-row"
      data-alert-id={row?.id}
      data-selected={selected || undefined}
      data-checked={ticked || undefined}
      style={{ height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
      onClick={(event) => onSelect(event.shiftKey)}
      // Shift+click ticks a range; it should not also select the text between the clicks (which stays copyable otherwise).
      onMouseDown={(event) => {
        if (event.shiftKey) event.preventDefault();
      }}
    >
      {row ? (
        <>
          {selection && (
            <div
              role="gridcell"
              className="alerts-grid-cell"
              // Ticking neither opens the alert nor takes focus from the grid (so x/Space keep working).
              onClick={(event) => {
                event.stopPropagation();
                onTick(event.shiftKey);
              }}
              onMouseDown={(event) => event.preventDefault()}
            >
              <Checkbox
                size="xs"
                tabIndex={-1}
                aria-label={`Select alert ${row.id}: ${row.title}`}
                checked={ticked ?? false}
                // The cell's click ticks it (and knows about Shift).
                onChange={() => undefined}
                data-testid="alert-checkbox"
              />
            </div>
          )}
          <div role="gridcell" className="alerts-grid-cell mono">
            {formatUtc(row.ts)}
          </div>
          <div role="gridcell" className="alerts-grid-cell">
            <SeverityBadge severity={row.severity} />
          </div>
          <div role="gridcell" className="alerts-grid-cell" title={row.source}>
            {row.source}
          </div>
          <div role="gridcell" className="alerts-grid-cell" title={row.title}>
            {row.title}
          </div>
          <div role="gridcell" className="alerts-grid-cell" title={row.host ?? undefined}>
            {row.host ?? '—'}
          </div>
          <div role="gridcell" className="alerts-grid-cell" title={row.user ?? undefined}>
            {row.user ?? '—'}
          </div>
          <div role="gridcell" className="alerts-grid-cell mono" title={endpoints(row.srcIp, row.dstIp)}>
            {endpoints(row.srcIp, row.dstIp)}
          </div>
          {showIncident && (
            <div role="gridcell" className="alerts-grid-cell mono" title={row.incidentId ?? undefined}>
              {row.incidentId ?? '—'}
            </div>
          )}
        </>
      ) : (
        <div role="gridcell" className="alerts-grid-cell alerts-grid-placeholder" aria-busy="true">
          Loading…
        </div>
      )}
    </div>
  );
}
