import type { SVGTemplateResult } from "lit";
import { icons } from "../../common/icons.ts";

/** The icon each node type is drawn with on the canvas and in the palette. */
const BY_TYPE: Record<string, (size?: number) => SVGTemplateResult> = {
  play: icons.speaker,
  menu: icons.dialpad,
  collect: icons.keyboard,
  condition: icons.merge,
  business_hours: icons.clock,
  crm_lookup: icons.search,
  self_service: icons.book,
  set: icons.note,
  language: icons.compass,
  queue: icons.queue,
  transfer: icons.transfer,
  voicemail: icons.inbox,
  callback: icons.phone,
  survey: icons.star,
  webhook: icons.plug,
  goto: icons.flow,
  hangup: icons.phoneOff,
};

/** The icon of a node type (a generic one for types this UI does not know yet). */
export function nodeIcon(type: string, size = 18): SVGTemplateResult {
  return (BY_TYPE[type] ?? icons.flow)(size);
}
