import { describe, expect, it } from 'vitest';
import { hitSourceText, searchHitTexts } from './search-response';

describe('search responses', () => {
  it('cut each hit out of the text exactly as written', () => {
    const hit1 = '{"_index":"wazuh-alerts-4.x-2024.05.06","_id":"a","_source":{"flow_id":1959620435402694,"note":"say \\"hits\\": [1]"}}';
    const hit2 = '{\n      "_id": "b",\n      "_source": { "hits": { "hits": [] }, "x": [1, {"y": "}]"}] }\n    }';
    const text = `{"took":3,"timed_out":false,"_shards":{"total":1},"hits":{"total":{"value":2},"max_score":1.0,"hits":[ ${hit1},\n    ${hit2} ]}}`;
    expect(searchHitTexts(text)).toEqual([hit1, hit2]);
    expect(JSON.parse(searchHitTexts(text)![1]!)._source.x[1].y).toBe('}]');
  });

  it('give an empty list for a response without hits and null for anything else', () => {
    expect(searchHitTexts('{"hits":{"total":{"value":0},"hits":[]}}')).toEqual([]);
    expect(searchHitTexts('{"rule":{"level":5},"hits":3}')).toBeNull();
    expect(searchHitTexts('{"hits":{"hits":{"not":"an array"}}}')).toBeNull();
    expect(searchHitTexts('[{"hits":{"hits":[]}}]')).toBeNull();
    expect(searchHitTexts('{"hits":{"hits":[{"a":1}')).toBeNull();
    expect(searchHitTexts('{"hits":{"hits":[{"a":"unterminated}]}}')).toBeNull();
  });

  it("cut Graylog's REST search messages out, and find each one's document", () => {
    const m1 = '{"highlight_ranges":{},"message":{"_id":"1","timestamp":"2024-05-06T05:08:09.123Z","rule_level":10,"message":"a \\"}"},"index":"graylog_3","decoration_stats":null}';
    const m2 = '{"message":{"_id":"2","rule_level":3},"index":"graylog_3"}';
    const text = `{"query":"rule_level:>2","built_query":"{}","used_indices":[],"messages":[${m1},${m2}],"fields":["rule_level"],"time":4,"total_results":2}`;
    expect(searchHitTexts(text)).toEqual([m1, m2]);
    expect(hitSourceText(m1)).toBe(m1.slice(m1.indexOf('{"_id"'), m1.indexOf(',"index"')));
    // A `messages` list of anything else is not a search response.
    expect(searchHitTexts('{"messages":["a","b"],"total_results":2}')).toBeNull();
    expect(searchHitTexts('{"messages":[{"message":{"x":1}}]}')).toBeNull();
  });
});
