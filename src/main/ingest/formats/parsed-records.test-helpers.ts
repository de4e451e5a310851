/** Test helpers for the format parsers: what a record became, or why it was refused. */
import { expect } from 'vitest';
import type { NormalizedAlert, NormalizedEvent, ParsedRecord } from '../../../shared/domain';
import { RecordError, parseRecord } from './index';

export function alertOf(record: ParsedRecord): NormalizedAlert {
  if (record.kind !== 'alert') throw new Error(`expected an alert, got ${record.kind}`);
  return record.alert;
}

export function eventOf(record: ParsedRecord): NormalizedEvent {
  if (record.kind !== 'event') throw new Error(`expected an event, got ${record.kind}`);
  return record.event;
}

/** The reason `text` is refused (the test fails if it is accepted, or fails otherwise than with a RecordError). */
export function rejection(text: string, forced?: Parameters<typeof parseRecord>[1]): string {
  try {
    parseRecord(text, forced);
  } catch (error) {
    expect(error).toBeInstanceOf(RecordError);
    return (error as Error).message;
  }
  throw new Error('record was accepted');
}
