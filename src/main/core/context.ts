/**
 * What every core service receives: the workspace, a clock, an event sink and
 * the acting user. Services never reach for globals, Electron or the network
 * on their own.
 */
import type { UiEventName, UiEvents } from '../../shared/contract';
import type { Workspace } from '../store/workspace';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface EventSink {
  emit<E extends UiEventName>(event: E, payload: UiEvents[E]): void;
}

export const nullEventSink: EventSink = { emit: () => undefined };

/** Fan-out sink: transports subscribe, services emit. */
export class EventHub implements EventSink {
  private listeners = new Set<(event: UiEventName, payload: unknown) => void>();

  emit<E extends UiEventName>(event: E, payload: UiEvents[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // one broken subscriber must not break the others
      }
    }
  }

  subscribe(listener: (event: UiEventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface CoreContext {
  workspace: Workspace;
  clock: Clock;
  events: EventSink;
  /** Who is acting, for the audit log (the OS user in the desktop app). */
  actor: string;
}
