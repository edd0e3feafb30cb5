/**
 * Phrases several kinds' docs share (each kind's `<kind>.docs.ts` holds its own), so that one fact is
 * said one way. The docs become the doc comments of the generated Args (scripts/lib/argsGenerator.ts):
 * each says what a property is for, its unit, the range our schema accepts, the vendor's default when
 * it is left out, and what changing it does.
 */

/** Volcengine's id rule (AppId, RoomId, TaskId, UserId, BusinessId, PublicStreamId). */
export const VOLCENGINE_ID = '1-128 letters, digits, "_", "@", "-" or ".".';

export const REPLACES = "Changing it replaces the task.";

/** An auto-named field: what it is when left out (lifecycle/naming.ts). */
export const DERIVED_NAME =
  "Left out: the resource name plus 8 hex digits derived from the project, stack, resource name and replacement generation (`stage-mix-3f2a9c1e`); an update keeps it, a replacement derives the next one.";

/** `adopt` of a kind whose vendor can read a running task back. */
export const adopt = (identity: string, window: string): string =>
  `True takes over the task already running with these ${identity} instead of starting a second one (Pulumi's import does not work for dynamic providers); the vendor finds it only ${window}. Read only by this package: setting or clearing it never changes the task. Default false.`;

/** `adopt` of a kind whose vendor has no read call. */
export const adoptUnavailable = (vendor: string): string =>
  `Not available for this resource: ${vendor} has no call that reads a running task back, so true fails at preview. Default false.`;

/** The Volcengine relays' and webcast's read window (https://www.volcengine.com/docs/6348/196883). */
export const VOLCENGINE_READ_WINDOW = "within 72 hours of its start";

/** Where the vendor's model states no default for an optional input. */
export const NO_DEFAULT = "The vendor documents no default.";
