import { describe, expect, it } from 'vitest';
import { RecordError, detectFormat, parseRecord } from './index';
import { alertOf, rejection } from './parsed-records.test-helpers';
import { searchHitTexts, searchResponseContext } from './search-response';

/** An aggregation event as Graylog stores it in gl-events_*: its time in Graylog's index format, UTC. */
const STORED = {
  id: '01HWXK3J9Q8ZV2T6M4N7P5R1S0',
  event_definition_type: 'aggregation-v1',
  event_definition_id: '6633a1f0c2b5d84e1e2f9a10',
  origin_context: 'urn:graylog:message:es:graylog_12:8f1c4e20-0865-11ef-9a1b-0242ac120003',
  timestamp: '2024-05-02 09:00:20.000',
  timestamp_processing: '2024-05-02 09:01:02.415',
  timerange_start: '2024-05-02 08:55:00.000',
  timerange_end: '2024-05-02 09:00:20.000',
  streams: ['000000000000000000000002'],
  source_streams: ['000000000000000000000001'],
  message: 'SSH brute force: 25 failed logins for root from 203.0.113.9',
  source: 'graylog-node-1',
  key_tuple: ['root', '203.0.113.9'],
  key: 'root|203.0.113.9',
  priority: 3,
  alert: true,
  fields: { 'Source-IP': '203.0.113.9', target_host: 'web01', hostname: 'web01', Mitre_Technique_ID: 't1110.001' },
  group_by_fields: { user_name: 'root', source_ip: '203.0.113.9' },
};

describe('Graylog events', () => {
  it('reads an event as stored: priority, the time in Graylog’s index format, and who and where from its fields', () => {
    expect(detectFormat(STORED)).toBe('graylog-event');
    const record = parseRecord(JSON.stringify(STORED));
    expect(alertOf(record)).toMatchObject({
      ts: Date.parse('2024-05-02T09:00:20Z'),
      source: 'graylog',
      format: 'graylog-event',
      ruleId: '6633a1f0c2b5d84e1e2f9a10',
      // A stored event does not carry its definition's title; its message is not a rule's name.
      ruleName: null,
      ruleLevel: 3,
      title: 'SSH brute force: 25 failed logins for root from 203.0.113.9',
      message: null,
      severity: 'high',
      category: 'aggregation-v1',
      user: 'root',
      host: 'web01',
      srcIp: '203.0.113.9',
      mitre: ['T1110.001'],
    });
    expect(record.identity).toBe('graylog-event\u000001HWXK3J9Q8ZV2T6M4N7P5R1S0');
  });

  it("reads an HTTP notification's body as the same alert, titled by its event definition", () => {
    const notification = {
      event_definition_id: STORED.event_definition_id,
      event_definition_type: 'aggregation-v1',
      event_definition_title: 'SSH brute force',
      event_definition_description: 'Many failed SSH logins for one user from one address',
      job_definition_id: '6633a1f0c2b5d84e1e2f9a11',
      job_trigger_id: '6633a24dc2b5d84e1e2f9b02',
      event: { ...STORED, timestamp: '2024-05-02T09:00:20.000Z', fields: {}, group_by_fields: { user_name: 'root', source_ip: '203.0.113.9' } },
      backlog: [{ id: '8f1c4e20-0865-11ef-9a1b-0242ac120003', index: 'graylog_12', message: 'Failed password for root from 203.0.113.9 port 50122 ssh2', timestamp: '2024-05-02T09:00:19.871Z', source: 'web01', stream_ids: [], fields: { application_name: 'sshd' } }],
    };
    expect(detectFormat(notification)).toBe('graylog-event');
    const record = parseRecord(JSON.stringify(notification));
    expect(alertOf(record)).toMatchObject({
      ts: Date.parse('2024-05-02T09:00:20Z'),
      title: 'SSH brute force',
      message: STORED.message,
      severity: 'high',
      user: 'root',
      host: 'web01',
      srcIp: '203.0.113.9',
    });
    expect(record.identity).toBe(parseRecord(JSON.stringify(STORED)).identity);
  });

  it('unpacks the events search response, each hit read as its event', () => {
    const response = JSON.stringify({
      events: [{ event: STORED, index_name: 'gl-events_3', index_type: 'message' }, { event: { ...STORED, id: '01HWXK3J9Q8ZV2T6M4N7P5R1S1', priority: 1 }, index_name: 'gl-events_3', index_type: 'message' }],
      used_indices: ['gl-events_3'],
      parameters: { page: 1, per_page: 25, timerange: { type: 'relative', range: 86400 } },
      total_events: 2,
      duration: 7,
      context: { event_definitions: { [STORED.event_definition_id]: { id: STORED.event_definition_id, title: 'SSH brute force' } }, streams: {} },
    });
    expect(() => parseRecord(response)).toThrow(RecordError);
    const hits = searchHitTexts(response);
    expect(hits).toHaveLength(2);
    // The response names each event's definition: its hits are titled as their notifications are.
    const context = searchResponseContext(response);
    const [first, second] = hits!.map((hit) => parseRecord(hit, undefined, context));
    expect(alertOf(first!)).toMatchObject({ title: 'SSH brute force', ruleName: 'SSH brute force', message: STORED.message, severity: 'high', user: 'root', raw: hits![0] });
    expect(first!.identity).toBe(parseRecord(JSON.stringify(STORED)).identity);
    expect(alertOf(second!).severity).toBe('low');
  });

  it('names a priority or a time it cannot read', () => {
    expect(rejection(JSON.stringify({ ...STORED, priority: 'urgent' }))).toBe("invalid priority 'urgent' (expected 0 info, 1 low, 2 medium, 3 high or 4 critical)");
    const { timestamp: _t, timerange_end: _e, timestamp_processing: _p, ...timeless } = STORED;
    expect(rejection(JSON.stringify(timeless))).toBe("missing timestamp (expected 'timestamp' or 'timerange_end' or 'timestamp_processing')");
  });

  it('keeps an event raised without notifying (alert: false) as an event, not an alert', () => {
    const record = parseRecord(JSON.stringify({ ...STORED, alert: false }));
    expect(record).toMatchObject({ kind: 'event', event: { ts: Date.parse('2024-05-02T09:00:20Z'), source: 'graylog', eventType: 'aggregation-v1' } });
    expect(record.identity).toBe('graylog-event\u000001HWXK3J9Q8ZV2T6M4N7P5R1S0');
  });

  it("keeps Graylog's test notification (Execute Test Notification) as an event, not an alert", () => {
    const test = {
      event_definition_id: 'EventDefinitionTestId',
      event_definition_type: 'notification-test-v1',
      event_definition_title: 'Event Definition Test Title',
      event: { id: 'NotificationTestId', event_definition_type: 'notification-test-v1', event_definition_id: 'EventDefinitionTestId', timestamp: '2024-05-02T09:00:00.000Z', message: 'Notification test message triggered from user <admin>', alert: true, priority: 2, fields: {}, key_tuple: [] },
      backlog: [],
    };
    expect(parseRecord(JSON.stringify(test))).toMatchObject({ kind: 'event', event: { eventType: 'notification-test-v1', source: 'graylog' } });
  });

  it('finds a host or user under a longer name a pipeline gave it, and names a missing time even without the usual fields', () => {
    const lockout = { id: '01HWXK3J9Q8ZV2T6M4N7P5R1S2', event_definition_id: 'x', priority: 2, timestamp: '2024-05-02 10:00:00.000', message: 'Account lockout', fields: {}, group_by_fields: { winlogbeat_host_name: 'DC-02', winlogbeat_event_data_TargetUserName: 'jdoe' } };
    expect(alertOf(parseRecord(JSON.stringify(lockout)))).toMatchObject({ host: 'DC-02', user: 'jdoe' });
    expect(rejection(JSON.stringify({ event_definition_id: 'x', priority: 2, message: 'm' }))).toBe("missing timestamp (expected 'timestamp' or 'timerange_end' or 'timestamp_processing')");
  });

  it('unwraps `event` beside `index_name` only for a Graylog event: an ECS alert with such fields is read as itself', () => {
    const ecs = { '@timestamp': '2024-05-02T09:00:00Z', index_name: 'alerts', event: { kind: 'alert', module: 'acme' }, message: 'x' };
    expect(detectFormat(ecs)).toBe('elastic-alert');
  });

  it('maps every priority, 0 info to 4 critical', () => {
    expect([0, 1, 2, 3, 4].map((priority) => alertOf(parseRecord(JSON.stringify({ ...STORED, priority }))).severity)).toEqual(['info', 'low', 'medium', 'high', 'critical']);
  });
});
