/**
 * Correlation service: groups alerts into incidents (engine.ts), keeps incident
 * ids stable across runs, never touches analyst work, and writes only links
 * that changed, in short batched transactions.
 *
 * Id matching (shared by rebuild and incremental, so both give the same
 * result): each cluster votes with its alerts' current links (merge chains
 * resolved). Votes rank by (non-pinned alerts desc, pinned alerts desc,
 * incident id asc). A non-pinned vote claims its incident exclusively unless
 * the incident is a merge target; pinned-only votes never conflict (an
 * analyst's incident attracts alerts related to what the analyst put there).
 * Clusters without votes get `INC-` + sha1(earliest alert fingerprint)[0:10].
 *
 * Not every cluster is an incident (isIncidentCluster): a lone low/medium
 * alert with nothing corroborating it stays uncorrelated (no link; it is still
 * in the Alerts view). A cluster is an incident iff it has ≥ 2 alerts, or its
 * one alert is high or critical, or it holds an analyst-pinned alert. Such an
 * uncorrelated alert is by construction a cluster of one, so an incremental
 * run simply treats it as one more node when a new alert lands beside it.
 */
import { createHash } from 'node:crypto';
import { type CorrelateResult, type EntityType, severityRank } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { appendAudit } from '../core/audit';
import type { CoreContext } from '../core/context';
import { indexBacklog, indexedThrough } from '../ingest/alert-index';
import { getMeta, setMeta, suspendAutoCheckpoint } from '../store/workspace';
import { CorrelateRepository, narrativeAlertAt } from './correlate-repository';
import {
  type CorrelationParams,
  DEFAULT_CORRELATION_PARAMS,
  backgroundThreshold,
  clusterAlerts,
  hardHubThreshold,
  hubThreshold,
  isStoplisted,
  parseEntityIds,
  peerTypesOf,
  resolveParams,
} from './engine';
import { buildNarrative, type Narrative, type NarrativeAlert, type NarrativeEntity } from './narrative';

export interface CorrelateOptions {
  rebuild: boolean;
  params?: Partial<CorrelationParams>;
  signal?: AbortSignal;
  /** Link changes per write transaction (default 20,000). */
  batchSize?: number;
  /** A rebuild onto a store without links writes in bulk from this many links (default 100,000; tests lower it). */
  bulkLinksFrom?: number;
  /** A changed noisy set is re-clustered locally while that regroups at most this share of all alerts (default 0.2; tests raise it). */
  localReclusterMaxShare?: number;
}

export const META_WATERMARK = 'correlate.watermark';
export const META_PARAMS = 'correlate.params';
export const META_NOISY = 'correlate.noisy';

/** Link changes per write transaction. */
const DEFAULT_WRITE_BATCH = 20_000;
/** A rebuild onto a store without links writes this many or more as a bulk write (see applyWrites). */
const BULK_LINKS_FROM = 100_000;
/** A changed noisy set is handled by a local re-clustering up to this share of all alerts; beyond, by a rebuild. */
const LOCAL_RECLUSTER_MAX_SHARE = 0.2;
/** From this many cluster writes a run reads all entities in one scan rather than one by one. */
const PRELOAD_ENTITIES_FROM = 20_000;
/**
 * Version of the rules that decide which clusters are incidents; a store
 * correlated under another version is rebuilt once (e.g. to drop the lone
 * low alerts an older version made incidents of).
 */
export const META_RULES = 'correlate.rules';
const RULES_VERSION = 'incident-iff-2+-or-high-or-pinned';
/** Version of the static stoplist (engine.ts isStoplisted); a change re-examines every entity, and the alerts it regroups are re-clustered. */
const STOPLIST_VERSION = 'os-processes-1';
/**
 * Version of the words an incident is described in (title, summary, …, see
 * narrative.ts). A store correlated under another version has every
 * incident's narrative rewritten once, by its next run, so incidents written
 * before an improvement read like new ones; the grouping is not redone.
 */
export const META_NARRATIVE = 'correlate.narrative';
export const NARRATIVE_VERSION = '4-tactics-shown-short-rule-ids';
/** Incidents per transaction when every narrative is rewritten. */
const NARRATIVE_REFRESH_SLICE = 2_000;
/** severity_rank from which a lone alert is an incident by itself (high, critical). */
const LONE_INCIDENT_MIN_RANK = severityRank('high');

/** The rule (see the header): does a cluster of `size` alerts become an incident? */
export function isIncidentCluster(size: number, hasPinned: boolean, maxSeverityRank: number): boolean {
  return size >= 2 || hasPinned || maxSeverityRank >= LONE_INCIDENT_MIN_RANK;
}

interface NoisyState {
  /** Sorted entity ids that never glue alerts. */
  ids: number[];
  /** Stoplisted entity ids (static rule; `checkedThrough` says how far entities were examined). */
  stop: number[];
  checkedThrough: number;
  /** The stoplist's version the ids were examined under (absent: before process names were stoplisted). */
  stoplist?: string;
  /** Ids (of `ids`) that are noisy as always-on background, in id order; absent in states written before the rule. */
  background?: number[];
  /** The workspace's active windows when the state was computed. */
  activeWindows?: number;
  /** windowMs and window threshold the background was computed with ("1800000:360"). */
  backgroundKey?: string;
  /**
   * Active-window counts (window width windowMs) of the background candidates examined, over the alerts with
   * id <= through, as (entity id, count, exact) triples: exact 0 means the count stopped at its cap (a lower bound).
   */
  windowCounts?: { windowMs: number; through: number; entries: number[] };
}

interface RunEnv {
  ctx: CoreContext;
  repo: CorrelateRepository;
  params: CorrelationParams;
  noisy: Set<number>;
  /** Noisy as always-on background (for the words of the explanation). */
  background: Set<number>;
  activeWindows: number;
  totalAlerts: number;
  entityCache: Map<number, NarrativeEntity>;
  batchSize: number;
  bulkLinksFrom: number;
  /**
   * Narrative view of alerts loaded by this run (rebuild: all; incremental: the
   * new ones). An incident this run creates holds exactly the alerts its write
   * links, so its narrative is built from memory instead of reading them back.
   */
  loaded?: (alertId: number) => NarrativeAlert | undefined;
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Correlation was cancelled; every finished batch was kept.');
}

/**
 * The noisy set (engine.ts explains the rules): stoplisted entities, hosts
 * on ≥ hubHardShare of all alerts, hub candidates (≥ max(hubMinAlerts,
 * hubShare × total) alerts) with ≥ hubMinPeers distinct peers (PEER_TYPES),
 * and always-on background: entities active in ≥ backgroundThreshold of the
 * workspace's active windows. A pure function of the store's contents, so an
 * incremental run and a rebuild over the same store compute the same set;
 * when it changes, the run re-clusters the alerts it can regroup
 * (affectedAlerts) before its incremental step, or rebuilds if they are many.
 *
 * Cost: only entities with enough alerts are examined (an entity cannot be
 * active in more windows than it has alerts). Background is tested first —
 * a skip-scan of at most backgroundThreshold seeks on the (entity_id, ts)
 * key — because it settles the always-on entities whose peers would be
 * expensive to count (a popular domain seen by four sensors has 18k alerts
 * and four peers); peers are counted only for the rest, each stopping at
 * hubMinPeers. The state persists each examined candidate's window count
 * (windowCounts), and the next run carries it forward over the alerts added
 * since (carriedWindowCounts) instead of re-counting, so the seeks are spent
 * only on new candidates and on lower bounds the moving threshold overtook.
 */
function computeNoisy(repo: CorrelateRepository, params: CorrelationParams, totalAlerts: number, previous: NoisyState | null): NoisyState {
  // One read snapshot: the window counts persisted below hold exactly the alerts with id <= through.
  return repo.readTransaction(() => computeNoisyIn(repo, params, totalAlerts, previous));
}

/**
 * Active-window counts of background candidates, brought up to `through`.
 * Alerts are append-only, so an entity's active windows only grow: those of
 * the alerts added since (id in (previous.through, through]) that held no
 * earlier alert of the entity (a range read on the (entity_id, ts, alert_id)
 * key) are added. An exact count stays exact; a capped one (count reached the
 * cap it was counted with) stays a lower bound.
 */
function carriedWindowCounts(repo: CorrelateRepository, windowMs: number, through: number, previous: NoisyState | null): Map<number, { count: number; exact: boolean }> {
  const counts = new Map<number, { count: number; exact: boolean }>();
  const prev = previous?.windowCounts;
  if (!prev || prev.windowMs !== windowMs || !(prev.through <= through) || prev.entries.length % 3 !== 0) return counts;
  for (let k = 0; k < prev.entries.length; k += 3) counts.set(prev.entries[k]!, { count: prev.entries[k + 1]!, exact: prev.entries[k + 2] === 1 });
  if (prev.through === through || counts.size === 0) return counts;
  const added = new Map<number, Set<number>>();
  const buffer = new Int32Array(64);
  for (const [ts, text] of repo.alertEntitiesBetween(prev.through, through)) {
    const ids = text.length / 2 + 1 > buffer.length ? new Int32Array(text.length / 2 + 1) : buffer;
    const end = parseEntityIds(text, ids, 0);
    for (let j = 0; j < end; j++) {
      const e = ids[j]!;
      // A capped count stays a valid lower bound without the seeks (activeIn recounts it if the bar rises past it).
      if (counts.get(e)?.exact !== true) continue;
      let windows = added.get(e);
      if (!windows) added.set(e, (windows = new Set()));
      windows.add(Math.floor(ts / windowMs));
    }
  }
  for (const [e, windows] of added) {
    const c = counts.get(e)!;
    for (const w of windows) if (!repo.entityActiveIn(e, w * windowMs, (w + 1) * windowMs, prev.through)) c.count++;
  }
  return counts;
}

function computeNoisyIn(repo: CorrelateRepository, params: CorrelationParams, totalAlerts: number, previous: NoisyState | null): NoisyState {
  const maxEntity = repo.maxEntityId();
  const through = repo.maxAlertId();
  // A stoplist changed since the state was written is applied to every entity again.
  const carried = previous !== null && previous.stoplist === STOPLIST_VERSION ? previous : null;
  const stop = carried ? [...carried.stop] : [];
  const from = carried ? carried.checkedThrough : 0;
  if (maxEntity > from) stop.push(...repo.stoplistedEntityIds(from));
  const ids = new Set<number>(stop);
  const background: number[] = [];
  const hard = hardHubThreshold(params, totalAlerts);
  const share = hubThreshold(params, totalAlerts);
  const activeWindows = params.windowMs > 0 ? repo.activeWindows(params.windowMs) : 0;
  const windowsNeeded = backgroundThreshold(params, activeWindows);
  // With fewer active windows than needed nothing can be background.
  const backgroundFrom = params.windowMs > 0 && activeWindows >= windowsNeeded ? Math.max(params.hubMinAlerts, windowsNeeded) : Infinity;
  const backgroundKey = `${params.windowMs}:${windowsNeeded}`;
  // Alerts are only ever appended, so an entity's active windows never grow fewer: a persisted count (exact, or a
  // lower bound that reached its cap) carried forward to this snapshot settles most candidates without the seeks.
  const counts = params.windowMs > 0 ? carriedWindowCounts(repo, params.windowMs, through, previous) : new Map<number, { count: number; exact: boolean }>();
  const activeIn = (id: number): number => {
    let c = counts.get(id);
    if (c && (c.exact || c.count >= windowsNeeded)) return c.count;
    const n = repo.entityActiveWindows(id, params.windowMs, windowsNeeded);
    counts.set(id, (c = { count: n, exact: n < windowsNeeded }));
    return n;
  };
  for (const candidate of repo.hubCandidates(Math.min(share, backgroundFrom))) {
    if (ids.has(candidate.id)) continue;
    if (candidate.type === 'host' && candidate.alertCount >= hard) {
      ids.add(candidate.id);
    } else if (candidate.alertCount >= backgroundFrom && activeIn(candidate.id) >= windowsNeeded) {
      ids.add(candidate.id);
      background.push(candidate.id);
    } else if (candidate.alertCount >= share && repo.countPeers(candidate.id, peerTypesOf(candidate.type), params.hubMinPeers) >= params.hubMinPeers) {
      ids.add(candidate.id);
    }
  }
  const entries: number[] = [];
  for (const id of [...counts.keys()].sort((a, b) => a - b)) {
    const c = counts.get(id)!;
    entries.push(id, c.count, c.exact ? 1 : 0);
  }
  const windowCounts = params.windowMs > 0 ? { windowMs: params.windowMs, through, entries } : undefined;
  return { ids: [...ids].sort((a, b) => a - b), stop, checkedThrough: Math.max(maxEntity, from), stoplist: STOPLIST_VERSION, background, activeWindows, backgroundKey, windowCounts };
}

/**
 * Stored params, if written by this version (every current key present);
 * params from an older hub rule (hubShare 0.2, no peers) are dropped so the
 * current defaults apply and the changed params force one rebuild.
 */
function storedParams(text: string | null): CorrelationParams | null {
  const stored = readJson<Partial<CorrelationParams>>(text);
  if (stored === null || typeof stored !== 'object') return null;
  for (const key of Object.keys(DEFAULT_CORRELATION_PARAMS)) if (!(key in stored)) return null;
  try {
    return resolveParams(stored);
  } catch {
    return null;
  }
}

function readJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Follows incident_merges chains from→into (cycle-safe). */
function mergeResolver(merges: Array<{ fromId: string; intoId: string }>): { resolve: (id: string) => string; involved: Set<string>; targets: Set<string> } {
  const into = new Map(merges.map((m) => [m.fromId, m.intoId]));
  const cache = new Map<string, string>();
  const resolve = (id: string): string => {
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    let current = id;
    const seen = new Set<string>([current]);
    for (let next = into.get(current); next !== undefined && !seen.has(next); next = into.get(current)) {
      seen.add(next);
      current = next;
    }
    cache.set(id, current);
    return current;
  };
  const involved = new Set<string>();
  const targets = new Set<string>();
  for (const m of merges) {
    involved.add(m.fromId);
    involved.add(m.intoId);
    targets.add(resolve(m.intoId));
  }
  return { resolve, involved, targets };
}

interface Vote {
  incident: string;
  nonPinned: number;
  pinned: number;
}

function compareVotes(a: Vote, b: Vote): number {
  return b.nonPinned - a.nonPinned || b.pinned - a.pinned || (a.incident < b.incident ? -1 : a.incident > b.incident ? 1 : 0);
}

/** New incident id for a cluster whose earliest alert has this fingerprint. */
function newIncidentId(fingerprint: Uint8Array | string, taken: (id: string) => boolean): string {
  const base = `INC-${createHash('sha1').update(fingerprint).digest('hex').slice(0, 10)}`;
  let id = base;
  for (let k = 2; taken(id); k++) id = `${base}-${k}`;
  return id;
}

export function runCorrelation(ctx: CoreContext, options: CorrelateOptions): CorrelateResult {
  const { sqlite } = ctx.workspace;
  // The correlation job checkpoints after it has answered (jobs/correlate-worker.ts).
  const restoreCheckpoints = suspendAutoCheckpoint(sqlite);
  try {
    // Alerts an interrupted import left without entity links are linked first (a slice per transaction: the app's
    // connection, which may be catching up on the same alerts, writes in between); alerts an import is writing
    // meanwhile (not linked yet) are left for the next run.
    indexBacklog(sqlite);
    return correlateOnce(ctx, options, indexedThrough(sqlite));
  } finally {
    restoreCheckpoints();
  }
}

function correlateOnce(ctx: CoreContext, options: CorrelateOptions, throughId: number): CorrelateResult {
  const started = performance.now();
  const repo = new CorrelateRepository(ctx.workspace.sqlite, throughId);
  const sqlite = ctx.workspace.sqlite;
  repo.transaction(() => repo.ensureLinkIndex()); // after a bulk write that was killed
  const stored = storedParams(getMeta(sqlite, META_PARAMS));
  const params = resolveParams(options.params ?? stored ?? undefined);
  const totalAlerts = repo.countAlerts();
  const storedNoisy = readJson<NoisyState>(getMeta(sqlite, META_NOISY));
  const noisy = computeNoisy(repo, params, totalAlerts, storedNoisy);
  const watermarkText = getMeta(sqlite, META_WATERMARK);
  // Incidents written by an earlier version of the narrative rules (a store never correlated has none).
  const narrativeCurrent = getMeta(sqlite, META_NARRATIVE) === NARRATIVE_VERSION;
  const staleNarratives = watermarkText !== null && !narrativeCurrent;
  const sameRun =
    !options.rebuild &&
    watermarkText !== null &&
    storedNoisy !== null &&
    stored !== null &&
    JSON.stringify(stored) === JSON.stringify(params) &&
    getMeta(sqlite, META_RULES) === RULES_VERSION;
  const env: RunEnv = { ctx, repo, params, noisy: new Set(noisy.ids), background: new Set(noisy.background ?? []), activeWindows: noisy.activeWindows ?? 0, totalAlerts, entityCache: new Map(), batchSize: options.batchSize ?? DEFAULT_WRITE_BATCH, bulkLinksFrom: options.bulkLinksFrom ?? BULK_LINKS_FROM };
  const watermark = Number(watermarkText);
  // A changed noisy set is handled locally (see affectedAlerts) unless that touches too much of the store.
  let local: number[] | null = null;
  if (sameRun && !sameIds(storedNoisy!.ids, noisy.ids)) {
    checkCancelled(options.signal);
    local = affectedAlerts(env, watermark, symmetricDifference(storedNoisy!.ids, noisy.ids), Math.floor((options.localReclusterMaxShare ?? LOCAL_RECLUSTER_MAX_SHARE) * totalAlerts));
  }
  const canIncrement = sameRun && (local !== null || sameIds(storedNoisy!.ids, noisy.ids));
  let outcome: Outcome;
  if (!canIncrement) {
    outcome = rebuild(env, noisy, options.signal);
  } else {
    const before = local ? rebuild(env, noisy, options.signal, { alertIds: local, watermark }) : null;
    env.loaded = undefined;
    outcome = incremental(env, watermark, noisy, options.signal);
    if (before) {
      outcome.linksChanged += before.linksChanged;
      outcome.incidentsWritten += before.incidentsWritten;
    }
  }
  if (staleNarratives) outcome.incidentsWritten += rewriteNarratives(env, options.signal);
  else if (!narrativeCurrent) repo.transaction(() => setMeta(sqlite, META_NARRATIVE, NARRATIVE_VERSION));
  const result: CorrelateResult = {
    incidents: outcome.incidents,
    alerts: totalAlerts,
    ms: Math.round(performance.now() - started),
    mode: canIncrement ? 'incremental' : 'rebuild',
    newAlerts: outcome.newAlerts,
    uncorrelated: Math.max(0, totalAlerts - repo.countLinks()),
  };
  repo.transaction(() =>
    appendAudit(sqlite, {
      at: ctx.clock.now(),
      actor: ctx.actor,
      action: canIncrement ? 'correlate.incremental' : 'correlate.rebuild',
      targetType: 'workspace',
      targetId: ctx.workspace.dir,
      after: { ...result, linksChanged: outcome.linksChanged, incidentsWritten: outcome.incidentsWritten, params },
    }),
  );
  ctx.events.emit('db.changed', { tables: ['incidents', 'incident_alerts'] });
  return result;
}

interface Outcome {
  incidents: number;
  newAlerts: number;
  linksChanged: number;
  incidentsWritten: number;
}

/** One unit of writing: a cluster's target and the link changes it needs. */
interface ClusterWrite {
  /** null: the alerts leave their incidents (a cluster that is no incident). */
  target: string | null;
  create: boolean;
  /** Alerts to (re)link to target. */
  alertIds: number[];
  /** Incidents whose non-pinned alerts all move to target. */
  moveIncidents: string[];
  /** Incidents losing or gaining alerts (refresh after). */
  affected: Set<string>;
  /** True for alerts of alertIds known to have no link yet (plain insert). */
  isUnlinked?: (alertId: number) => boolean;
}

/**
 * Writes cluster by cluster in transactions of about batchSize link changes;
 * each commits its links with the refreshed incidents they touch, and the last
 * one with `finalize` (the watermark), so a kill leaves a consistent store.
 *
 * `bulk` (a rebuild onto a store without links: every write creates its
 * incident, whose alerts are all in memory): the incident_id index of
 * incident_alerts is dropped in the first transaction and rebuilt in the last
 * (one sort instead of a million random inserts); nothing in such a write
 * reads links by incident. If the run stops early the index is rebuilt before
 * returning; after a kill, at the start of the next run (ensureLinkIndex).
 * Foreign-key checks are off for the bulk write (a lookup into the large
 * alerts table per link): each link's alert was just read and its incident row
 * is written first in the same transaction, and a write that could not do so
 * throws before linking anything.
 */
function applyWrites(
  env: RunEnv,
  writes: ClusterWrite[],
  signal: AbortSignal | undefined,
  finalize: () => void,
  bulk = false,
): { links: number; incidents: number } {
  const { repo, ctx } = env;
  let links = 0;
  let incidents = 0;
  let k = 0;
  let indexDropped = false;
  ctx.events.emit('correlate.progress', { phase: 'write', done: 0, total: writes.length });
  if (bulk) repo.setForeignKeys(false);
  try {
    while (k < writes.length) {
      checkCancelled(signal);
      const batch: ClusterWrite[] = [];
      let size = 0;
      while (k < writes.length && (batch.length === 0 || size < env.batchSize)) {
        const w = writes[k++]!;
        batch.push(w);
        size += w.alertIds.length + w.moveIncidents.length * 10 + 1;
      }
      repo.transaction(() => {
        repo.deferForeignKeys();
        if (bulk && !indexDropped) indexDropped = repo.dropLinkIndex();
        const affected = new Set<string>();
        const created = new Set<string>();
        const now = ctx.clock.now();
        for (const w of batch) {
          if (w.target === null) {
            for (const alertId of w.alertIds) repo.deleteLink(alertId);
            links += w.alertIds.length;
            for (const id of w.affected) affected.add(id);
            continue;
          }
          if (w.create && !repo.incidentExists(w.target)) {
            // A new incident holds exactly the alerts linked here: with them in memory, write it before its links
            // (no deferred foreign-key bookkeeping, no reading them back); otherwise refresh it after.
            const alerts = loadedAlerts(env, w.alertIds);
            if (alerts) {
              writeIncident(env, w.target, alerts, null, now);
              incidents++;
            } else {
              if (bulk) throw new AppError('INTERNAL', `bulk correlation write without the alerts of ${w.target} in memory`);
              created.add(w.target);
              affected.add(w.target);
            }
          } else {
            if (bulk) throw new AppError('INTERNAL', `bulk correlation write to existing incident ${w.target}`);
            affected.add(w.target);
          }
          for (const from of w.moveIncidents) repo.moveNonPinned(from, w.target);
          for (const alertId of w.alertIds) {
            if (w.isUnlinked?.(alertId)) repo.insertLink(alertId, w.target);
            else repo.upsertLink(alertId, w.target);
          }
          links += w.alertIds.length;
          for (const id of w.affected) affected.add(id);
        }
        incidents += refreshInTransaction(env, [...affected].sort(), created);
        if (k >= writes.length) {
          if (indexDropped) repo.ensureLinkIndex();
          finalize();
        }
      });
      if (k >= writes.length) indexDropped = false;
      ctx.events.emit('correlate.progress', { phase: 'write', done: k, total: writes.length });
    }
  } finally {
    if (bulk) repo.setForeignKeys(true);
    if (indexDropped) repo.transaction(() => repo.ensureLinkIndex());
  }
  if (writes.length === 0) repo.transaction(finalize);
  return { links, incidents };
}

function persistState(env: RunEnv, noisy: NoisyState, watermark: number): void {
  const sqlite = env.ctx.workspace.sqlite;
  setMeta(sqlite, META_PARAMS, JSON.stringify(env.params));
  setMeta(sqlite, META_NOISY, JSON.stringify(noisy));
  setMeta(sqlite, META_RULES, RULES_VERSION);
  setMeta(sqlite, META_WATERMARK, String(watermark));
}

/**
 * Rewrites every incident's narrative under the current rules, in slices of
 * NARRATIVE_REFRESH_SLICE incidents per transaction; the version is recorded
 * with the last, so a run stopped early (cancelled, killed) leaves it to the
 * next one. Returns how many were written.
 */
function rewriteNarratives(env: RunEnv, signal: AbortSignal | undefined): number {
  const ids = [...env.repo.incidentIds()].sort();
  let written = 0;
  for (let start = 0; start < ids.length || start === 0; start += NARRATIVE_REFRESH_SLICE) {
    checkCancelled(signal);
    const slice = ids.slice(start, start + NARRATIVE_REFRESH_SLICE);
    const last = start + NARRATIVE_REFRESH_SLICE >= ids.length;
    env.repo.transaction(() => {
      written += refreshInTransaction(env, slice);
      if (last) setMeta(env.ctx.workspace.sqlite, META_NARRATIVE, NARRATIVE_VERSION);
    });
  }
  return written;
}

/**
 * The alerts a changed noisy set can regroup (a local re-clustering, instead of
 * a rebuild), or null when they are more than `limit`.
 *
 * Only links through the changed entities differ: an entity that became noisy
 * can only split the clusters holding its alerts, one that stopped being
 * noisy can only merge clusters holding its alerts. So the alerts (≤ watermark)
 * carrying a changed entity, plus every alert of the incidents they are in,
 * hold every cluster that changes; any other link from them runs through an
 * unchanged glue entity and so stays within their old cluster. An old cluster
 * is one incident's non-pinned alerts plus loose alerts (pinned ones, those of
 * merge-involved incidents), so loose alerts linked (under the new rules) to
 * the set join it, with their incidents, and so on to a fixed point. The
 * result is closed under the new rules: re-clustering just these alerts gives
 * exactly the clusters a rebuild would give them, and their incidents are
 * voted for by no other cluster.
 */
function affectedAlerts(env: RunEnv, watermark: number, changed: readonly number[], limit: number): number[] | null {
  const { repo, params, noisy } = env;
  const inSet = new Set<number>();
  const pending: number[] = [];
  const add = (alertId: number): boolean => {
    if (alertId > watermark || inSet.has(alertId)) return false;
    inSet.add(alertId);
    pending.push(alertId);
    return true;
  };
  for (const e of changed) {
    for (const alertId of repo.alertIdsWithEntity(e)) add(alertId);
    if (inSet.size > limit) return null;
  }
  // Loose alerts and their neighbours under the new rules (alerts ≤ watermark sharing a glue entity within the window).
  const { involved } = mergeResolver(repo.merges());
  const neighbours = new Map<number, number[]>();
  const buffer = new Int32Array(64);
  const W = params.windowMs;
  for (const loose of repo.looseAlerts([...involved])) {
    if (loose.alertId > watermark) continue;
    const ids = loose.entityIds.length / 2 + 1 > buffer.length ? new Int32Array(loose.entityIds.length / 2 + 1) : buffer;
    const end = parseEntityIds(loose.entityIds, ids, 0);
    const list: number[] = [];
    for (let j = 0; j < end; j++) {
      const e = ids[j]!;
      if (noisy.has(e)) continue;
      for (const [alertId] of repo.alertsWithEntity(e, loose.ts - W, loose.ts + W)) if (alertId !== loose.alertId && alertId <= watermark) list.push(alertId);
    }
    neighbours.set(loose.alertId, list);
  }
  const expanded = new Set<string>();
  for (;;) {
    while (pending.length > 0) {
      if (inSet.size > limit) return null;
      const link = repo.link(pending.pop()!);
      if (!link || expanded.has(link.incidentId)) continue;
      expanded.add(link.incidentId);
      for (const alertId of repo.incidentAlertIds(link.incidentId)) add(alertId);
    }
    let grew = false;
    for (const [alertId, list] of neighbours) {
      if (inSet.has(alertId)) {
        for (const n of list) if (add(n)) grew = true;
      } else if (list.some((n) => inSet.has(n))) {
        if (add(alertId)) grew = true;
      }
    }
    if (!grew) break;
  }
  if (inSet.size > limit) return null;
  return [...inSet].sort((a, b) => a - b);
}

function symmetricDifference(a: readonly number[], b: readonly number[]): number[] {
  const sa = new Set(a);
  const sb = new Set(b);
  return [...a.filter((v) => !sb.has(v)), ...b.filter((v) => !sa.has(v))].sort((x, y) => x - y);
}

/**
 * Rebuild: re-clusters every alert, matches ids and writes what changed. With
 * `subset` (a local re-clustering after the noisy set changed; see
 * affectedAlerts) only those alerts, closed under the rules, are re-clustered
 * and matched the same way, and the watermark stays where it was.
 */
function rebuild(env: RunEnv, noisyState: NoisyState, signal: AbortSignal | undefined, subset?: { alertIds: readonly number[]; watermark: number }): Outcome {
  const { repo, ctx, params } = env;
  checkCancelled(signal);
  // Until this rebuild finishes, the next run must rebuild too (after a killed local re-clustering, a full one).
  repo.transaction(() => repo.deleteMeta(META_WATERMARK));
  ctx.events.emit('correlate.progress', { phase: 'load', done: 0, total: subset ? subset.alertIds.length : env.totalAlerts });
  const alerts = subset ? repo.loadAlertColumnsFor(subset.alertIds) : repo.loadAlertColumns(0);
  const n = alerts.count;
  let maxId = 0;
  for (let i = 0; i < n; i++) if (alerts.ids[i]! > maxId) maxId = alerts.ids[i]!;
  let maxEntity = 0;
  for (const e of noisyState.ids) if (e > maxEntity) maxEntity = e;
  const noisyFlags = new Uint8Array(maxEntity + 1);
  for (const e of noisyState.ids) noisyFlags[e] = 1;

  checkCancelled(signal);
  ctx.events.emit('correlate.progress', { phase: 'cluster', done: 0, total: n });
  const clusters = clusterAlerts(alerts, noisyFlags, params.windowMs);

  // Current links, interned.
  checkCancelled(signal);
  ctx.events.emit('correlate.progress', { phase: 'match', done: 0, total: clusters.count });
  const indexOfId = new Int32Array(maxId + 1).fill(-1);
  for (let i = 0; i < n; i++) indexOfId[alerts.ids[i]!] = i;
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const intern = (s: string): number => {
    let v = nameIndex.get(s);
    if (v === undefined) {
      v = names.length;
      names.push(s);
      nameIndex.set(s, v);
    }
    return v;
  };
  const rawLink = new Int32Array(n).fill(-1);
  const pinned = new Uint8Array(n);
  if (subset) {
    for (let i = 0; i < n; i++) {
      const link = repo.link(alerts.ids[i]!);
      if (!link) continue;
      rawLink[i] = intern(link.incidentId);
      pinned[i] = link.pinned ? 1 : 0;
    }
  } else {
    for (const [alertId, incidentId, pin] of repo.iterateLinks()) {
      const i = alertId <= maxId ? indexOfId[alertId]! : -1;
      if (i < 0) continue;
      rawLink[i] = intern(incidentId);
      pinned[i] = pin === 1 ? 1 : 0;
    }
  }
  const { resolve, targets } = mergeResolver(repo.merges());
  const resolved = names.map((name) => intern(resolve(name)));
  // Clusters that are no incident take no part in matching; their alerts lose any link (cheap: mostly none).
  const isIncident = new Uint8Array(clusters.count);
  for (let c = 0; c < clusters.count; c++) {
    const first = clusters.members[clusters.start[c]!]!;
    const size = clusters.start[c + 1]! - clusters.start[c]!;
    isIncident[c] = isIncidentCluster(size, pinned[first] === 1, alerts.details.severityRank[first]!) ? 1 : 0;
  }

  // Votes → greedy matching.
  const pairs: Array<Vote & { cluster: number }> = [];
  const counts = new Map<number, [number, number]>();
  for (let c = 0; c < clusters.count; c++) {
    if (!isIncident[c]) continue;
    counts.clear();
    for (let k = clusters.start[c]!; k < clusters.start[c + 1]!; k++) {
      const i = clusters.members[k]!;
      if (rawLink[i]! < 0) continue;
      const inc = resolved[rawLink[i]!]!;
      let v = counts.get(inc);
      if (!v) counts.set(inc, (v = [0, 0]));
      v[pinned[i] ? 1 : 0]++;
    }
    for (const [inc, [np, p]] of counts) pairs.push({ cluster: c, incident: names[inc]!, nonPinned: np, pinned: p });
  }
  pairs.sort((a, b) => compareVotes(a, b) || a.cluster - b.cluster);
  const target: Array<string | undefined> = new Array(clusters.count);
  const claimed = new Set<string>();
  for (const pair of pairs) {
    if (target[pair.cluster] !== undefined) continue;
    if (pair.nonPinned > 0 && !targets.has(pair.incident)) {
      if (claimed.has(pair.incident)) continue;
      claimed.add(pair.incident);
    }
    target[pair.cluster] = pair.incident;
  }
  const existing = subset ? null : repo.incidentIds();
  const created = new Set<string>();
  const taken = (id: string): boolean => created.has(id) || (existing ? existing.has(id) : repo.incidentExists(id));
  // Only clusters with a non-pinned alert and no target get a new id; their earliest alerts' fingerprints are read in id order.
  const needsId = (c: number): boolean => {
    if (target[c] !== undefined || !isIncident[c]) return false;
    for (let k = clusters.start[c]!; k < clusters.start[c + 1]!; k++) if (pinned[clusters.members[k]!] === 0) return true;
    return false;
  };
  const earliestIds: number[] = [];
  for (let c = 0; c < clusters.count; c++) if (needsId(c)) earliestIds.push(alerts.ids[clusters.members[clusters.start[c]!]!]!);
  const fingerprints = repo.fingerprints(earliestIds);
  const isUnlinked = (alertId: number): boolean => rawLink[indexOfId[alertId]!]! < 0;

  // Diff links per cluster.
  const writes: ClusterWrite[] = [];
  let linksToWrite = 0;
  let unlink: ClusterWrite | null = null;
  for (let c = 0; c < clusters.count; c++) {
    if (!isIncident[c]) {
      // A lone, unpinned, low alert: uncorrelated. Only one still linked (from an older rule) needs a write.
      const i = clusters.members[clusters.start[c]!]!;
      if (rawLink[i]! < 0) continue;
      if (!unlink || unlink.alertIds.length >= env.batchSize) writes.push((unlink = { target: null, create: false, alertIds: [], moveIncidents: [], affected: new Set() }));
      unlink.alertIds.push(alerts.ids[i]!);
      unlink.affected.add(names[rawLink[i]!]!);
      linksToWrite++;
      continue;
    }
    let t = target[c];
    let create = false;
    if (t === undefined) {
      if (!needsId(c)) continue; // all pinned: they stay where the analyst put them
      const earliest = alerts.ids[clusters.members[clusters.start[c]!]!]!;
      t = newIncidentId(fingerprints.get(earliest) ?? String(earliest), taken);
      created.add(t);
      create = true;
    }
    const w: ClusterWrite = { target: t, create, alertIds: [], moveIncidents: [], affected: new Set(), isUnlinked };
    for (let k = clusters.start[c]!; k < clusters.start[c + 1]!; k++) {
      const i = clusters.members[k]!;
      if (pinned[i]) continue;
      const cur = rawLink[i]! >= 0 ? names[rawLink[i]!]! : null;
      if (cur === t) continue;
      w.alertIds.push(alerts.ids[i]!);
      if (cur !== null) w.affected.add(cur);
    }
    linksToWrite += w.alertIds.length;
    if (w.alertIds.length > 0 || create) writes.push(w);
  }
  env.loaded = (alertId) => {
    const i = alertId <= maxId ? indexOfId[alertId]! : -1;
    return i >= 0 ? narrativeAlertAt(alerts, alerts.details, i) : undefined;
  };
  if (writes.length >= PRELOAD_ENTITIES_FROM) preloadEntities(env);
  // Alerts imported while this ran (id > maxId) are left for the next incremental run.
  const bulk = !subset && names.length === 0 && linksToWrite >= env.bulkLinksFrom;
  const applied = applyWrites(env, writes, signal, () => persistState(env, noisyState, subset ? subset.watermark : maxId), bulk);
  // A full rebuild rewrote most incidents' search rows in many small segments; merged now, in one pass, instead of
  // piecemeal by the next writes (measured at 84k incidents: 0.5 s here, after which a refresh rewrites a row in
  // ~20 µs instead of ~110-390 µs).
  if (!subset && applied.incidents > 0) repo.transaction(() => repo.optimizeIncidentSearch());
  return {
    incidents: repo.countIncidents(),
    newAlerts: n,
    linksChanged: applied.links,
    incidentsWritten: applied.incidents,
  };
}

/** Tiny growable union-find over string keys. */
class KeyedUnionFind {
  private readonly index = new Map<string, number>();
  readonly keys: string[] = [];
  private parent: number[] = [];
  private size: number[] = [];

  node(key: string): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.index.set(key, i);
      this.keys.push(key);
      this.parent.push(i);
      this.size.push(1);
    }
    return i;
  }

  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[x] !== root) {
      const next = this.parent[x]!;
      this.parent[x] = root;
      x = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
  }
}

/**
 * Incremental: only alerts with id > watermark are new. Existing incidents that
 * are not merge-involved stand for their non-pinned alerts as one node each
 * (they lie in one cluster by construction); pinned alerts and alerts of
 * merge-involved incidents are expanded individually. New and loose alerts are
 * linked to their nearest earlier/later alert per non-noisy entity within the
 * window (via the alert_entities primary key), which reproduces the rebuild's
 * components exactly.
 */
function incremental(env: RunEnv, watermark: number, noisyState: NoisyState, signal: AbortSignal | undefined): Outcome {
  const { repo, ctx, params, noisy } = env;
  checkCancelled(signal);
  ctx.events.emit('correlate.progress', { phase: 'load', done: 0, total: 0 });
  const fresh = repo.loadAlertColumns(watermark);
  if (fresh.count === 0) {
    return { incidents: repo.countIncidents(), newAlerts: 0, linksChanged: 0, incidentsWritten: 0 };
  }
  ctx.events.emit('correlate.progress', { phase: 'cluster', done: 0, total: fresh.count });
  let maxId = watermark;
  for (let i = 0; i < fresh.count; i++) if (fresh.ids[i]! > maxId) maxId = fresh.ids[i]!;
  const { resolve, involved } = mergeResolver(repo.merges());

  const links = new Map<number, { incidentId: string; pinned: boolean } | null>();
  const linkOf = (alertId: number): { incidentId: string; pinned: boolean } | null => {
    let l = links.get(alertId);
    if (l === undefined) links.set(alertId, (l = repo.link(alertId)));
    return l;
  };
  const uf = new KeyedUnionFind();
  // ts of every alert that is its own node (new, loose, or an old uncorrelated one), to find a new cluster's earliest.
  const alertTs = new Map<number, number>();
  const nodeOf = (alertId: number, ts?: number): number => {
    if (ts !== undefined && !alertTs.has(alertId)) alertTs.set(alertId, ts);
    const l = linkOf(alertId);
    return uf.node(l && !l.pinned && !involved.has(l.incidentId) ? `u:${l.incidentId}` : `a:${alertId}`);
  };

  const expand = (alertId: number, ts: number, entityIds: ArrayLike<number>): void => {
    const self = nodeOf(alertId);
    for (let j = 0; j < entityIds.length; j++) {
      const e = entityIds[j]!;
      if (noisy.has(e)) continue;
      const prev = repo.previousWithEntity(e, ts, alertId, ts - params.windowMs);
      if (prev) uf.union(self, nodeOf(prev[0], prev[1]));
      const next = repo.nextWithEntity(e, ts, alertId, ts + params.windowMs);
      if (next) uf.union(self, nodeOf(next[0], next[1]));
    }
  };

  // New alerts: per entity, one range read around each run of new timestamps (runs split at gaps > 2 windows),
  // then link consecutive alerts of that entity within the window — the engine's rule, over the merged list.
  const freshNodes: number[] = [];
  const byEntity = new Map<number, number[]>();
  // New alerts' links in one read (an analyst may have placed some already); the rest have none.
  for (const [alertId, incidentId, pinned] of repo.linksAfter(watermark)) links.set(alertId, { incidentId, pinned: pinned === 1 });
  for (let i = 0; i < fresh.count; i++) if (!links.has(fresh.ids[i]!)) links.set(fresh.ids[i]!, null);
  for (let i = 0; i < fresh.count; i++) {
    const id = fresh.ids[i]!;
    alertTs.set(id, fresh.ts[i]!);
    freshNodes.push(nodeOf(id));
    for (let j = fresh.entityStart[i]!; j < fresh.entityStart[i + 1]!; j++) {
      const e = fresh.entityIds[j]!;
      if (noisy.has(e)) continue;
      let list = byEntity.get(e);
      if (!list) byEntity.set(e, (list = []));
      list.push(fresh.ts[i]!);
    }
  }
  const W = params.windowMs;
  const ranges: number[] = [];
  for (const [e, times] of byEntity) {
    times.sort((a, b) => a - b);
    let runStart = 0;
    for (let k = 1; k <= times.length; k++) {
      if (k < times.length && times[k]! - times[k - 1]! <= 2 * W) continue;
      ranges.push(e, times[runStart]! - W, times[k - 1]! + W);
      runStart = k;
    }
  }
  // All ranges in one read, each range's rows in (ts, id) order.
  let previous: [number, number, number] | undefined;
  for (const row of repo.alertsInEntityRanges(ranges)) {
    if (previous && previous[0] === row[0] && row[2] - previous[2] <= W) uf.union(nodeOf(previous[1], previous[2]), nodeOf(row[1], row[2]));
    previous = row;
  }
  checkCancelled(signal);
  const buffer = new Int32Array(64);
  for (const loose of repo.looseAlerts([...involved])) {
    if (loose.alertId > watermark) continue; // already expanded as new
    links.set(loose.alertId, { incidentId: loose.incidentId, pinned: loose.pinned });
    alertTs.set(loose.alertId, loose.ts);
    const ids = loose.entityIds.length / 2 + 1 > buffer.length ? new Int32Array(loose.entityIds.length / 2 + 1) : buffer;
    const end = parseEntityIds(loose.entityIds, ids, 0);
    expand(loose.alertId, loose.ts, ids.subarray(0, end));
  }

  // Touched components: those holding a new alert.
  const components = new Map<number, number[]>();
  const freshOfComponent = new Map<number, number>(); // a new alert (index in fresh) of each, for a lone one's severity
  for (let i = 0; i < freshNodes.length; i++) {
    const root = uf.find(freshNodes[i]!);
    components.set(root, []);
    if (!freshOfComponent.has(root)) freshOfComponent.set(root, i);
  }
  for (let node = 0; node < uf.keys.length; node++) {
    const members = components.get(uf.find(node));
    if (members) members.push(node);
  }

  const freshIndex = new Map<number, number>();
  for (let i = 0; i < fresh.count; i++) freshIndex.set(fresh.ids[i]!, i);
  env.loaded = (alertId) => {
    const i = freshIndex.get(alertId);
    return i === undefined ? undefined : narrativeAlertAt(fresh, fresh.details, i);
  };
  const existingTaken = (id: string): boolean => repo.incidentExists(id);
  const created = new Set<string>();
  const writes: ClusterWrite[] = [];
  const roots = [...components.keys()].sort((a, b) => a - b);
  for (const root of roots) {
    const members = components.get(root)!;
    const votes = new Map<string, Vote>();
    const vote = (incident: string, np: number, p: number): void => {
      let v = votes.get(incident);
      if (!v) votes.set(incident, (v = { incident, nonPinned: 0, pinned: 0 }));
      v.nonPinned += np;
      v.pinned += p;
    };
    const units: string[] = [];
    const alertIds: number[] = [];
    let unitAlerts = 0;
    for (const node of members) {
      const key = uf.keys[node]!;
      if (key.startsWith('u:')) {
        const incident = key.slice(2);
        units.push(incident);
        const n = repo.nonPinnedCount(incident);
        unitAlerts += n;
        vote(incident, n, 0);
      } else {
        const alertId = Number(key.slice(2));
        alertIds.push(alertId);
        const l = linkOf(alertId);
        if (l) vote(resolve(l.incidentId), l.pinned ? 0 : 1, l.pinned ? 1 : 0);
      }
    }
    // The rebuild's rule on this component's alerts (each unit's non-pinned ones plus the individual ones).
    const hasPinned = alertIds.some((id) => linkOf(id)?.pinned === true);
    const size = unitAlerts + alertIds.length;
    const lone = freshOfComponent.get(root)!; // with size 1, the one alert is this new one
    if (!isIncidentCluster(size, hasPinned, size === 1 ? fresh.details.severityRank[lone]! : -1)) {
      // A lone new low alert stays uncorrelated (one already linked, by hand, leaves its incident as in a rebuild).
      const id = fresh.ids[lone]!;
      const l = linkOf(id);
      if (l) writes.push({ target: null, create: false, alertIds: [id], moveIncidents: [], affected: new Set([l.incidentId]) });
      continue;
    }
    const ranking = [...votes.values()].filter((v) => v.nonPinned + v.pinned > 0).sort(compareVotes);
    let target = ranking[0]?.incident;
    let create = false;
    if (target === undefined) {
      let earliest = -1;
      for (const id of alertIds) {
        const t = alertTs.get(id) ?? 0;
        const e = alertTs.get(earliest) ?? Infinity;
        if (earliest < 0 || t < e || (t === e && id < earliest)) earliest = id;
      }
      target = newIncidentId(repo.fingerprint(earliest), (id) => created.has(id) || existingTaken(id));
      created.add(target);
      create = true;
    }
    // New alerts normally have no link yet: a plain insert (an upsert costs several times more).
    const w: ClusterWrite = { target, create, alertIds: [], moveIncidents: [], affected: new Set(), isUnlinked: (id) => linkOf(id) === null };
    for (const unit of units.sort()) {
      if (unit === target) continue;
      w.moveIncidents.push(unit);
      w.affected.add(unit);
    }
    for (const alertId of alertIds.sort((a, b) => a - b)) {
      const l = linkOf(alertId);
      if (l?.pinned) continue;
      if (l?.incidentId === target) continue;
      w.alertIds.push(alertId);
      if (l) w.affected.add(l.incidentId);
    }
    if (w.alertIds.length > 0 || w.moveIncidents.length > 0 || create) writes.push(w);
  }
  const applied = applyWrites(env, writes, signal, () => persistState(env, noisyState, maxId));
  return {
    incidents: repo.countIncidents(),
    newAlerts: fresh.count,
    linksChanged: applied.links,
    incidentsWritten: applied.incidents,
  };
}

function narrativeEntity(env: RunEnv, id: number): NarrativeEntity | undefined {
  let cached = env.entityCache.get(id);
  if (cached === undefined) {
    const row = env.repo.entity(id);
    if (!row) return undefined;
    cached = entityInfo(env, row, id);
    env.entityCache.set(id, cached);
  }
  return cached;
}

function entityInfo(env: RunEnv, row: { type: EntityType; value: string; alertCount: number }, id: number): NarrativeEntity {
  const ignored = !env.noisy.has(id) ? null : isStoplisted(row.type, row.value) ? 'stoplist' : 'hub';
  return { type: row.type, value: row.value, alertCount: row.alertCount, ignored, ignoredWhy: ignoredWhy(env, id, row, ignored) };
}

/** The created incident's alerts from memory, in (ts, id) order; null if any is not loaded. */
function loadedAlerts(env: RunEnv, alertIds: readonly number[]): NarrativeAlert[] | null {
  if (!env.loaded) return null;
  const alerts: NarrativeAlert[] = [];
  for (const alertId of alertIds) {
    const alert = env.loaded(alertId);
    if (!alert) return null;
    alerts.push(alert);
  }
  return alerts.sort((a, b) => a.ts - b.ts || a.id - b.id);
}

/** Fills the entity cache in one scan (worth it when a run writes many incidents). */
function preloadEntities(env: RunEnv): void {
  for (const [id, type, value, alertCount] of env.repo.iterateEntities()) {
    if (env.entityCache.has(id)) continue;
    env.entityCache.set(id, entityInfo(env, { type: type as EntityType, value, alertCount }, id));
  }
}

/** Words for why an entity is ignored: the rule (stoplist, share, background, share and peers) that made it noisy. */
function ignoredWhy(env: RunEnv, id: number, row: { type: EntityType; alertCount: number }, ignored: NarrativeEntity['ignored']): string | undefined {
  if (ignored === null) return undefined;
  const percent = `${Math.round((env.totalAlerts > 0 ? row.alertCount / env.totalAlerts : 0) * 100)}% of all alerts`;
  if (ignored === 'stoplist') return row.type === 'process' ? `an operating-system program, on every host of its kind; ${percent}` : `stoplisted, ${percent}`;
  if (row.type === 'host' && row.alertCount >= hardHubThreshold(env.params, env.totalAlerts)) return `on ${percent}: a host on half of all alerts or more`;
  if (env.background.has(id)) {
    const minutes = Math.round(env.params.windowMs / 60_000);
    return `on ${percent}, active in ${Math.round(env.params.backgroundShare * 100)}%+ of the ${env.activeWindows} ${minutes}-minute windows with alerts: always-on background`;
  }
  const peers = peerTypesOf(row.type).map((t) => (t === 'ip' ? 'IPs' : `${t}s`)).join('/');
  return `on ${percent} and with ${env.params.hubMinPeers}+ distinct ${peers}`;
}

/** Incidents whose alerts are read in one query by refreshInTransaction: at most this many, holding about this many alerts before the change. */
const REFRESH_READ_INCIDENTS = 512;
const REFRESH_READ_ALERTS = 20_000;

/** Recomputes derived fields of the given incidents; deletes empty untouched ones. Returns how many were written. */
function refreshInTransaction(env: RunEnv, incidentIds: readonly string[], created: ReadonlySet<string> = new Set()): number {
  const { repo, ctx } = env;
  const now = ctx.clock.now();
  let written = 0;
  for (let start = 0; start < incidentIds.length; ) {
    // A group of incidents whose alerts are read at once (bounded, as an incident may hold many).
    const group: Array<{ id: string; row: ReturnType<CorrelateRepository['incidentRow']> | null }> = [];
    let alertsBefore = 0;
    while (start < incidentIds.length && group.length < REFRESH_READ_INCIDENTS && (group.length === 0 || alertsBefore < REFRESH_READ_ALERTS)) {
      const id = incidentIds[start++]!;
      const row = created.has(id) ? null : repo.incidentRow(id);
      if (!created.has(id) && !row) continue;
      group.push({ id, row });
      alertsBefore += row?.alertCount ?? 1;
    }
    const alertsOf = repo.incidentsAlerts(group.map((g) => g.id));
    for (const { id, row } of group) {
      const alerts = alertsOf.get(id)!;
      if (alerts.length === 0 && row && !row.analystTouched) {
        repo.deleteIncident(id, row.rowid);
        continue;
      }
      writeIncident(env, id, alerts, row ?? null, now);
      written++;
    }
  }
  return written;
}

/**
 * Writes an incident's derived fields and FTS row from its alerts ((ts, id)
 * order); `row` null creates it. The FTS row holds what an analyst searches
 * for: the title, what was detected (alert titles, rule ids, techniques,
 * sources, categories), the entities and the notes. Counts and times, which
 * change with nearly every new alert, are left out, so most refreshes leave the
 * row as it is and skip rewriting it.
 */
function writeIncident(env: RunEnv, id: string, alerts: readonly NarrativeAlert[], row: { rowid: number; searchHash?: string | null } | null, now: number): void {
  const { repo } = env;
  const create = row === null;
  const entities = new Map<number, NarrativeEntity>();
  for (const a of alerts) {
    for (const e of a.entityIds) {
      if (entities.has(e)) continue;
      const info = narrativeEntity(env, e);
      if (info) entities.set(e, info);
    }
  }
  const narrative = buildNarrative({ alerts, entities, totalAlerts: env.totalAlerts, windowMs: env.params.windowMs });
  const rowid = repo.writeDerived(id, narrative, now, create) ?? row!.rowid;
  const text = {
    title: narrative.title,
    summary: detectionsText(alerts, narrative),
    entities: narrative.entities.map((e) => e.value).join(' '),
    notes: create ? '' : repo.notesText(id),
  };
  const hash = createHash('sha1').update(`${text.title}\u0001${text.summary}\u0001${text.entities}\u0001${text.notes}`).digest('base64url');
  if (create || row.searchHash !== hash) repo.writeFts(rowid, text, hash, !create);
}

/** The searchable words of what an incident's alerts detected, in a stable order. */
function detectionsText(alerts: readonly NarrativeAlert[], narrative: Narrative): string {
  const words = new Set<string>();
  for (const a of alerts) {
    words.add(a.title);
    if (a.ruleId !== null) words.add(a.ruleId);
    if (a.category !== null) words.add(a.category);
  }
  return [...[...words].sort(), ...narrative.mitre, ...narrative.sources].join('\n');
}

/**
 * Recomputes title, severity, risk, confidence, summary, explanation, entities,
 * mitre, sources, counts, first/last seen and the FTS row of these incidents
 * from their current links (for merge/split/update). Runs in one transaction.
 */
export function refreshIncidents(ctx: CoreContext, incidentIds: string[]): void {
  const repo = new CorrelateRepository(ctx.workspace.sqlite);
  const sqlite = ctx.workspace.sqlite;
  const params = resolveParams(storedParams(getMeta(sqlite, META_PARAMS)) ?? undefined);
  const totalAlerts = repo.countAlerts();
  const noisy = readJson<NoisyState>(getMeta(sqlite, META_NOISY)) ?? computeNoisy(repo, params, totalAlerts, null);
  const env: RunEnv = { ctx, repo, params, noisy: new Set(noisy.ids), background: new Set(noisy.background ?? []), activeWindows: noisy.activeWindows ?? 0, totalAlerts, entityCache: new Map(), batchSize: DEFAULT_WRITE_BATCH, bulkLinksFrom: BULK_LINKS_FROM };
  repo.transaction(() => refreshInTransaction(env, [...new Set(incidentIds)].sort()));
  ctx.events.emit('db.changed', { tables: ['incidents', 'incident_alerts'] });
}
