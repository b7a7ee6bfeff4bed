/**
 * Numbers: the DIDs the appliance answers and what each one reaches (an IVR flow, a
 * queue or an agent). {@link NumberDirectory} is the one place that reads and writes
 * `dids` and the one rule for matching a dialed number: exact first, then the longest
 * stored number the dialed one ends with, because trunks send the same DID in several
 * shapes (`+86 10 1000`, `1000`). The call layer asks it where an incoming call goes,
 * the IVR which flow a number runs, the admin API and queue edits which numbers point
 * where.
 *
 * @example
 * ```ts ignore
 * const target = composition.numbers.resolve("+86101000");
 * if (target?.target_type === "ivr") console.log("runs flow", target.target_id);
 * ```
 *
 * @module
 */
export { NumberDirectory, NumberInputSchema, UnknownTargetError } from "./number_directory.ts";
export type { DialedNumber, NumberInput } from "./number_directory.ts";
