/**
 * The IVR: call flows that answer, guide, self-serve and route callers.
 *
 * A flow is a JSON document ({@link FlowDocumentSchema}): a time zone, a start node, a
 * fallback node, and nodes with typed parameters and named exits. Each node type is a
 * verb in a registry ({@link VERBS}: `{ name, schema, exits, exec }`); nodes are checked
 * against their verb when a flow is saved, and {@link validateFlow} lists every problem
 * (unknown types, schema errors, missing exits and targets, unreachable nodes, loops that
 * never wait for the caller, unknown prompts, queues, schedules and flows) before a
 * version may be published.
 *
 * {@link runFlow} drives one call through a flow over an {@link IvrCallPort} (play,
 * collect, record, hang up) and ends in an {@link IvrRoute}: a queue for the ACD, a
 * transfer, voicemail, a callback, self-service or a hang-up. Every step is an `ivr.*`
 * event in `call_events`. Real calls and the simulator ({@link ScriptedCall} on a
 * virtual clock) run the same interpreter.
 *
 * {@link IvrDomain} ties it to storage: flow versions with drafts, publish and rollback,
 * the prompt catalogue (uploads converted to 8 kHz mono, with what plays each, so a
 * prompt in use is not deleted), schedules of business hours
 * and holidays, and the CRM look-ups, all through small ports in `services.ts`. Callers,
 * their cases and callback requests belong to the CRM, and a flow's numbers to
 * src/numbers: the IVR asks them through their `mod.ts` and keeps no SQL on their tables.
 *
 * On live calls, {@link LiveIvr} runs a flow over an {@link IvrSession}: the call's media
 * (from src/calls) as an {@link IvrCallPort}, with prompts rendered by
 * {@link CachedPromptAudio} from uploaded recordings or spoken by espeak-ng: the one
 * installed on the machine, else the one built into the program (WebAssembly, on a
 * thread of its own), so a machine with nothing else installed still speaks.
 *
 * @module
 */
export { CallerHangupError, IVR_LANGUAGES } from "./call_port.ts";
export type {
  CollectOptions,
  CollectResult,
  IvrCallPort,
  IvrLanguage,
  PlayItem,
  PlayOptions,
  PlayResult,
  RecordOptions,
  RecordResult,
} from "./call_port.ts";
export { BUILTIN_PROMPTS } from "./builtin_prompts.ts";
export { FLOW_FORMAT, FlowDocumentSchema } from "./flow_schema.ts";
export type { FlowDefinition, FlowDocument, Scalar } from "./flow_schema.ts";
export { DuplicateFlowError } from "./flow_store.ts";
export { beepTone, IvrSession } from "./ivr_session.ts";
export type { IvrMedia, IvrSessionOptions } from "./ivr_session.ts";
export { exitFor, LiveIvr } from "./live_ivr.ts";
export type { LiveIvrOptions } from "./live_ivr.ts";
export type { DraftEdit, FlowSummary, FlowVersionInfo, VersionRef } from "./flow_store.ts";
export { runFlow } from "./interpreter.ts";
export type { RunFlowOptions, RunnableFlow } from "./interpreter.ts";
export { FlowValidationError, IvrDomain } from "./ivr_domain.ts";
export type { IvrDomainOptions, VoicemailListener } from "./ivr_domain.ts";
export { localTime } from "./local_time.ts";
export type { LocalTime } from "./local_time.ts";
export type { HangupReason, IvrOutcome, IvrRoute } from "./outcome.ts";
export { espeakSynthesizer } from "./espeak_command.ts";
export { CachedPromptAudio, MissingPromptError } from "./prompt_audio.ts";
export type { CachedPromptAudioOptions, PromptAudio } from "./prompt_audio.ts";
export { PromptInUseError } from "./prompt_catalog.ts";
export type { PromptEntry } from "./prompt_catalog.ts";
export {
  convertPrompt,
  MAX_PROMPT_MS,
  PROMPT_RATE,
  PromptFormatError,
  PromptTooLongError,
  readWav,
  writeWav16,
} from "./prompt_convert.ts";
export { describeUse } from "./prompt_uses.ts";
export type { PromptUse } from "./prompt_uses.ts";
export { VERBS } from "./registry.ts";
export type { Synthesizer } from "./synthesizer.ts";
export { ScheduleNameSchema, ScheduleSchema } from "./schedule_store.ts";
export type { Schedule } from "./schedule_store.ts";
export { KEYPAD_NOTATION, parseKeypadScript, ScriptedCall } from "./scripted_call.ts";
export type { SimulatedPrompt, SimulationResult } from "./simulator.ts";
export type {
  CustomerDirectory,
  IvrCaseSummary,
  IvrCustomer,
  IvrEvent,
  IvrEventSink,
  IvrRecords,
  IvrServices,
  ScheduleBook,
} from "./services.ts";
export { CrmCustomerDirectory } from "./crm_customer_directory.ts";
export type { CrmCustomerLookups } from "./crm_customer_directory.ts";
export { IvrStepError } from "./verb.ts";
export type { Verb, VerbContext, VerbResult } from "./verb.ts";
export { validateFlow } from "./validate_flow.ts";
export type { FlowCatalog, FlowProblem, FlowProblemCode } from "./validate_flow.ts";
export type { CallIvr, IvrExit, QueueRequest } from "./ivr_exit.ts";
export type { SavedVoicemail } from "./sqlite_records.ts";
