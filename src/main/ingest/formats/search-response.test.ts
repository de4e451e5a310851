import { describe, expect, it } from 'vitest';
import { searchHitTexts } from './search-response';

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
});
