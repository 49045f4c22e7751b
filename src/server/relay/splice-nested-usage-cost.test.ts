import { describe, expect, it } from 'vitest';
import { spliceNestedUsageCost } from './splice-nested-usage-cost.js';

const MEMBERS = '"cost":0.000003,"cost_status":"exact"';

describe('spliceNestedUsageCost', () => {
  it("adds the members to the usage inside the named member, not to look-alikes beside it (the Responses API's tool_usage)", () => {
    const event = '{"type":"response.completed","response":{"id":"r","tool_usage":{"image_gen":{"input_tokens":0}},"usage":{"input_tokens":12,"output_tokens":2},"user":null},"sequence_number":8}';
    expect(spliceNestedUsageCost(event, MEMBERS, 'response')).toBe(
      `{"type":"response.completed","response":{"id":"r","tool_usage":{"image_gen":{"input_tokens":0}},"usage":{"input_tokens":12,"output_tokens":2,${MEMBERS}},"user":null},"sequence_number":8}`,
    );
  });

  it("falls back to the event's own usage without a member name, or when the member is no object", () => {
    expect(spliceNestedUsageCost('{"usage":{"a":1}}', MEMBERS, undefined)).toBe(`{"usage":{"a":1,${MEMBERS}}}`);
    expect(spliceNestedUsageCost('{"response":null,"usage":{"a":1}}', MEMBERS, 'response')).toBe(`{"response":null,"usage":{"a":1,${MEMBERS}}}`);
  });
});
