import { describe, expect, it } from "vitest";
import { parsePreview } from "../../../provider/report";
import { digest, volcInputs, createStep } from "./builders";

describe("parsePreview", () => {
  it("accepts a digest and keeps unknown fields", () => {
    const d = parsePreview(digest([createStep("VolcengineWebcast", "cast", volcInputs())], { maybeCorrupt: false, future: 1 }));
    expect(d.steps).toHaveLength(2);
    expect((d as Record<string, unknown>)["future"]).toBe(1);
    expect(d.steps?.[1]?.newState?.inputs?.["appId"]).toBe("app-1");
  });

  it("accepts the raw text, also after log lines printed before the JSON", () => {
    const text = JSON.stringify(digest([]), null, 4);
    expect(parsePreview(text).steps).toHaveLength(1);
    expect(parsePreview(`warning: A new version of Pulumi is available.\n${text}\n`).steps).toHaveLength(1);
  });

  it("accepts null detailedDiff and missing optional fields", () => {
    const d = parsePreview({ steps: [{ op: "create", urn: "urn:pulumi:a::b::c:d:e::f", detailedDiff: null }] });
    expect(d.steps?.[0]?.op).toBe("create");
    expect(parsePreview({ changeSummary: {} }).steps).toBeUndefined();
  });

  it("rejects input that is not a digest, with a clear message", () => {
    expect(() => parsePreview("{")).toThrow(/not JSON/);
    expect(() => parsePreview([])).toThrow(/JSON object/);
    expect(() => parsePreview(null)).toThrow(/JSON object/);
    expect(() => parsePreview({ outputs: {} })).toThrow(/not a preview digest/);
    expect(() => parsePreview({ steps: [{ op: "create" }] })).toThrow(/steps\.0\.urn/);
    expect(() => parsePreview({ steps: "nope" })).toThrow(/steps/);
  });

  it("recognises streamed engine events", () => {
    const events = [
      { sequence: 0, timestamp: 1, preludeEvent: { config: {} } },
      { sequence: 1, timestamp: 2, summaryEvent: {} },
    ]
      .map((e) => JSON.stringify(e))
      .join("\n");
    expect(() => parsePreview(events)).toThrow(/PULUMI_ENABLE_STREAMING_JSON_PREVIEW/);
    expect(() => parsePreview({ sequence: 0, timestamp: 1, preludeEvent: {} })).toThrow(/stream of engine events/);
  });
});
