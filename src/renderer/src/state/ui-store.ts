import { create } from 'zustand';
import type { IncidentStatus, Severity } from '../../../shared/domain';

/** UI state only: where the analyst is, what they filter on, what is selected. Never rows. */

export type View = 'alerts' | 'incidents' | 'import';

export interface AlertFilters {
  severities: Severity[];
  sources: string[];
  /** `2024-05-02T09:00`, with seconds when typed, read as UTC; '' = open. */
  from: string;
  to: string;
  text: string;
}

/** Where the analyst was in the main alerts grid, kept while another view is on screen. */
export interface AlertsPlace {
  /** The query (filters and order) the place belongs to. */
  queryKey: string;
  order: 'asc' | 'desc';
  /** The alert under the cursor, and its row then (null/-1: no cursor). */
  alertId: number | null;
  cursor: number;
  scrollTop: number;
  /** The grid had keyboard focus. */
  focused: boolean;
  /** Back from an incident opened from this alert's details: the details open again (null: they stay closed). */
  reopenAlertId: number | null;
}

export type IncidentSort = 'risk' | 'lastSeen' | 'alertCount';

export interface IncidentFilters {
  severities: Severity[];
  statuses: IncidentStatus[];
  search: string;
  sort: IncidentSort;
}

export interface Notice {
  id: number;
  tone: 'error' | 'success' | 'info';
  title: string;
  message: string;
}

interface UiState {
  view: View;
  alertFilters: AlertFilters;
  /** The alert whose details are open in the drawer (any view). */
  openAlertId: number | null;
  /** The grid the drawer was opened from (its id), which steps to the next/previous alert. */
  openAlertFrom: string | null;
  alertsPlace: AlertsPlace | null;
  /** The incident opened from an alert's details, and that alert: going back from it returns to the Alerts view, the alert open again. */
  incidentOpenedFromAlert: { incidentId: string; alertId: number | null } | null;
  incidentFilters: IncidentFilters;
  incidentPage: number;
  selectedIncidentId: string | null;
  /** The incident last closed, so the queue can put focus back on its row. */
  returnFocusIncidentId: string | null;
  /** Incidents ticked in the queue (for merging); kept across pages and filters until cleared. */
  checkedIncidentIds: string[];
  notices: Notice[];

  setView(view: View): void;
  setAlertFilters(patch: Partial<AlertFilters>): void;
  resetAlertFilters(): void;
  openAlert(id: number | null, from?: string): void;
  setAlertsPlace(place: AlertsPlace | null): void;
  openIncidentFromAlerts(id: string): void;
  setIncidentFilters(patch: Partial<IncidentFilters>): void;
  /** Clears search, severity and status filters (the sort stays). */
  resetIncidentFilters(): void;
  setIncidentPage(page: number): void;
  selectIncident(id: string | null): void;
  clearReturnFocus(): void;
  toggleCheckedIncident(id: string): void;
  setCheckedIncidents(ids: string[]): void;
  pushNotice(notice: Omit<Notice, 'id'>): void;
  dismissNotice(id: number): void;
}

const EMPTY_ALERT_FILTERS: AlertFilters = { severities: [], sources: [], from: '', to: '', text: '' };
let noticeSeq = 0;

export const useUiStore = create<UiState>()((set) => ({
  view: 'incidents',
  alertFilters: EMPTY_ALERT_FILTERS,
  openAlertId: null,
  openAlertFrom: null,
  alertsPlace: null,
  incidentOpenedFromAlert: null,
  incidentFilters: { severities: [], statuses: [], search: '', sort: 'risk' },
  incidentPage: 1,
  selectedIncidentId: null,
  returnFocusIncidentId: null,
  checkedIncidentIds: [],
  notices: [],

  // An alert's details belong to the grid they were opened from: another view closes them.
  setView: (view) => set((s) => (s.view === view ? { incidentOpenedFromAlert: null } : { view, incidentOpenedFromAlert: null, openAlertId: null, openAlertFrom: null })),
  setAlertFilters: (patch) => set((s) => ({ alertFilters: { ...s.alertFilters, ...patch } })),
  resetAlertFilters: () => set({ alertFilters: EMPTY_ALERT_FILTERS }),
  openAlert: (openAlertId, from) => set({ openAlertId, openAlertFrom: openAlertId === null ? null : (from ?? null) }),
  setAlertsPlace: (alertsPlace) => set({ alertsPlace }),
  openIncidentFromAlerts: (id) =>
    set((s) => ({
      view: 'incidents',
      selectedIncidentId: id,
      returnFocusIncidentId: null,
      openAlertId: null,
      incidentOpenedFromAlert: { incidentId: id, alertId: s.openAlertId },
    })),
  setIncidentFilters: (patch) => set((s) => ({ incidentFilters: { ...s.incidentFilters, ...patch }, incidentPage: 1 })),
  resetIncidentFilters: () => set((s) => ({ incidentFilters: { severities: [], statuses: [], search: '', sort: s.incidentFilters.sort }, incidentPage: 1 })),
  setIncidentPage: (incidentPage) => set({ incidentPage }),
  selectIncident: (selectedIncidentId) =>
    set((s) => {
      // Back from an incident opened from an alert: to that alert, its details open again over the focused grid.
      const from = s.incidentOpenedFromAlert;
      if (selectedIncidentId === null && from !== null && from.incidentId === s.selectedIncidentId) {
        return {
          view: 'alerts',
          selectedIncidentId: null,
          incidentOpenedFromAlert: null,
          alertsPlace: s.alertsPlace && { ...s.alertsPlace, focused: true, reopenAlertId: from.alertId },
        };
      }
      return {
        selectedIncidentId,
        returnFocusIncidentId: selectedIncidentId === null ? s.selectedIncidentId : null,
        incidentOpenedFromAlert: null,
      };
    }),
  clearReturnFocus: () => set({ returnFocusIncidentId: null }),
  toggleCheckedIncident: (id) =>
    set((s) => ({
      checkedIncidentIds: s.checkedIncidentIds.includes(id) ? s.checkedIncidentIds.filter((x) => x !== id) : [...s.checkedIncidentIds, id],
    })),
  setCheckedIncidents: (checkedIncidentIds) => set({ checkedIncidentIds }),
  pushNotice: (notice) => set((s) => ({ notices: [...s.notices.slice(-4), { ...notice, id: ++noticeSeq }] })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));
