import { describe, expect, it } from 'vitest';
import { spliceUsageCost } from './splice-usage-cost.js';
import { findTopLevelValue } from './json-scan.js';

const MEMBERS = '"cost":0.00102,"cost_status":"exact"';

describe('spliceUsageCost', () => {
  it('adds the members inside usage and leaves every other byte alone', () => {
    const json = '{\n  "id": "x",\n  "usage": {\n    "prompt_tokens": 3,\n    "details": {"a": "}"}\n  },\n  "tail": [1, {"usage": 2}]\n}';
    const spliced = spliceUsageCost(json, MEMBERS);
    expect(spliced).toBe('{\n  "id": "x",\n  "usage": {\n    "prompt_tokens": 3,\n    "details": {"a": "}"},"cost":0.00102,"cost_status":"exact"\n  },\n  "tail": [1, {"usage": 2}]\n}');
    const parsed = JSON.parse(spliced) as { usage: Record<string, unknown> };
    expect(parsed.usage.cost).toBe(0.00102);
  });

  it('fills an empty usage object and replaces a null usage', () => {
    expect(spliceUsageCost('{"usage":{}}', MEMBERS)).toBe(`{"usage":{${MEMBERS}}}`);
    expect(spliceUsageCost('{"usage": null ,"x":1}', MEMBERS)).toBe(`{"usage": {${MEMBERS}} ,"x":1}`);
  });

  it('appends a usage object when the provider sent none', () => {
    expect(spliceUsageCost('{"id":"a"}\n', MEMBERS)).toBe(`{"id":"a","usage":{${MEMBERS}}}\n`);
    expect(spliceUsageCost('{}', MEMBERS)).toBe(`{"usage":{${MEMBERS}}}`);
  });

  it('ignores a "usage" key nested deeper or inside strings', () => {
    const json = '{"choices":[{"usage":{"x":1}}],"note":"\\"usage\\": {"}';
    expect(findTopLevelValue(json, 'usage')).toBeUndefined();
    expect(JSON.parse(spliceUsageCost(json, MEMBERS))).toEqual({ choices: [{ usage: { x: 1 } }], note: '"usage": {', usage: { cost: 0.00102, cost_status: 'exact' } });
  });

  it('leaves text that is not a JSON object unchanged', () => {
    expect(spliceUsageCost('[1,2]', MEMBERS)).toBe('[1,2]');
    expect(spliceUsageCost('not json', MEMBERS)).toBe('not json');
  });

  it("replaces a provider's own cost members (OpenRouter's usage.cost) instead of writing them twice", () => {
    const json = '{"id":"gen-1","usage":{"prompt_tokens":5,"cost":0.0009,"is_byok":false,"cost_details":{"upstream_inference_cost":null},"completion_tokens":2}}';
    const spliced = spliceUsageCost(json, MEMBERS);
    expect(spliced).toBe('{"id":"gen-1","usage":{"prompt_tokens":5,"is_byok":false,"completion_tokens":2,"cost":0.00102,"cost_status":"exact"}}');
    expect(spliced.match(/"cost":/g)).toHaveLength(1);
  });

  it("keeps the other members byte for byte when the provider's cost is the only or the last member", () => {
    expect(spliceUsageCost('{"usage":{"cost":1}}', MEMBERS)).toBe(`{"usage":{${MEMBERS}}}`);
    expect(spliceUsageCost('{"usage": {\n  "total_tokens": 7,\n  "cost": 1\n}}', MEMBERS)).toBe(`{"usage": {\n  "total_tokens": 7,${MEMBERS}\n}}`);
  });
});

