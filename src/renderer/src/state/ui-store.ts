import { create } from 'zustand';
import type { IncidentStatus, Severity } from '../../../shared/domain';

/** UI state only: where the analyst is, what they filter on, what is selected. Never rows. */

export type View = 'alerts' | 'incidents' | 'import';

export interface AlertFilters {
  severities: Severity[];
  sources: string[];
  /** `datetime-local` values, interpreted as UTC; '' = open. */
  from: string;
  to: string;
  text: string;
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
  openAlert(id: number | null): void;
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
  incidentFilters: { severities: [], statuses: [], search: '', sort: 'risk' },
  incidentPage: 1,
  selectedIncidentId: null,
  returnFocusIncidentId: null,
  checkedIncidentIds: [],
  notices: [],

  setView: (view) => set({ view }),
  setAlertFilters: (patch) => set((s) => ({ alertFilters: { ...s.alertFilters, ...patch } })),
  resetAlertFilters: () => set({ alertFilters: EMPTY_ALERT_FILTERS }),
  openAlert: (openAlertId) => set({ openAlertId }),
  setIncidentFilters: (patch) => set((s) => ({ incidentFilters: { ...s.incidentFilters, ...patch }, incidentPage: 1 })),
  resetIncidentFilters: () => set((s) => ({ incidentFilters: { severities: [], statuses: [], search: '', sort: s.incidentFilters.sort }, incidentPage: 1 })),
  setIncidentPage: (incidentPage) => set({ incidentPage }),
  selectIncident: (selectedIncidentId) =>
    set((s) => ({ selectedIncidentId, returnFocusIncidentId: selectedIncidentId === null ? s.selectedIncidentId : null })),
  clearReturnFocus: () => set({ returnFocusIncidentId: null }),
  toggleCheckedIncident: (id) =>
    set((s) => ({
      checkedIncidentIds: s.checkedIncidentIds.includes(id) ? s.checkedIncidentIds.filter((x) => x !== id) : [...s.checkedIncidentIds, id],
    })),
  setCheckedIncidents: (checkedIncidentIds) => set({ checkedIncidentIds }),
  pushNotice: (notice) => set((s) => ({ notices: [...s.notices.slice(-4), { ...notice, id: ++noticeSeq }] })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));
