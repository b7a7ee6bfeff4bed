import { z } from "zod";
import { IVR_LANGUAGES } from "./call_port.ts";
import { isTimeZone } from "../clock/mod.ts";

/** The version of the flow format this program reads and writes. */
export const FLOW_FORMAT = 1;

export type Scalar = string | number | boolean | null;
export const ScalarSchema = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

export const LanguageSchema = z.enum(IVR_LANGUAGES);
export const NodeIdSchema = z.string().regex(
  /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
  "Node ids start with a letter and use letters, digits, _ and - (at most 64)",
);
export const PromptNameSchema = z.string().regex(
  /^[a-z0-9_]{1,64}$/,
  "Prompt names use lower-case letters, digits and _ (at most 64)",
);
export const VariableNameSchema = z.string().regex(
  /^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$/,
  "Variable names are lower-case words joined by _ or . (customer.vip)",
);
/** Text where `{name}` is replaced by the variable's value when the node runs. */
export const TemplateSchema = z.string().min(1).max(500);

/**
 * Something a node says: a prompt name (shorthand for `{ "prompt": name }`), TTS text,
 * or a reader that speaks digits, a number or a date (`YYYY-MM-DD`) from a template.
 * Without `language` the caller's current language is used.
 */
export const PlaySpecSchema = z.union([
  PromptNameSchema,
  z.strictObject({ prompt: PromptNameSchema }),
  z.strictObject({ tts: TemplateSchema, language: LanguageSchema.optional() }),
  z.strictObject({ digits: TemplateSchema, language: LanguageSchema.optional() }),
  z.strictObject({
    number: z.union([z.number().int(), TemplateSchema]),
    language: LanguageSchema.optional(),
  }),
  z.strictObject({ date: TemplateSchema, language: LanguageSchema.optional() }),
]);
export type PlaySpec = z.infer<typeof PlaySpecSchema>;
export const PlayListSchema = z.array(PlaySpecSchema).min(1).max(20);

export const ExitsSchema = z.record(
  z.string().regex(/^[A-Za-z0-9_*#]{1,32}$/, "Exit names are letters, digits, _, * or #"),
  NodeIdSchema,
);

/** What every node has besides its own parameters. */
export const BaseNodeShape = {
  label: z.string().max(200).optional(),
  /** Named exits to node ids; which names a node needs depends on its type. */
  exits: ExitsSchema.optional(),
  /** Where the flow editor draws the node; ignored by the interpreter. */
  ui: z.strictObject({ x: z.number(), y: z.number() }).optional(),
  /**
   * Drop the keys the caller typed ahead before reaching this node, so its prompt is
   * heard and answered afresh (keys pressed while it plays still count). By default
   * typed-ahead keys answer the next input.
   */
  clear_digits: z.boolean().optional(),
};

export interface BaseNode {
  type: string;
  label?: string;
  exits?: Record<string, string>;
  clear_digits?: boolean;
  ui?: { x: number; y: number };
}

/**
 * A flow document (what is stored, exported and imported). Node parameters are
 * checked per node type by the verb registry, so one bad node does not hide the
 * problems of the others.
 */
export const FlowDocumentSchema = z.strictObject({
  format: z.literal(FLOW_FORMAT),
  name: z.string().trim().min(1).max(100),
  description: z.string().max(1000).optional(),
  /** IANA time zone for business hours, holidays and time conditions. */
  timezone: z.string().refine(
    isTimeZone,
    "Unknown time zone (use an IANA name like Asia/Shanghai)",
  ),
  /** The prompt set callers start with; a CRM look-up or a language node may change it. */
  language: LanguageSchema.default("zh-CN"),
  start: NodeIdSchema,
  /** Where a caller goes when a node fails or a menu runs out of retries without its own exit. */
  fallback: NodeIdSchema,
  /** Variables every call starts with. */
  variables: z.record(VariableNameSchema, ScalarSchema).optional(),
  nodes: z.record(NodeIdSchema, z.looseObject({ type: z.string() })).refine(
    (nodes) => Object.keys(nodes).length > 0,
    "A flow needs at least one node",
  ),
});
export type FlowDocument = z.infer<typeof FlowDocumentSchema>;

/** A flow whose every node passed its type's schema: what the interpreter runs. */
export interface FlowDefinition extends Omit<FlowDocument, "nodes"> {
  nodes: Record<string, BaseNode>;
}
