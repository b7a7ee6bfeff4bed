/**
 * Calling out: the agent's dialler and click-to-call, the reasons a call is refused,
 * campaigns and the do-not-call list, in both languages; merged into the catalogs of
 * `i18n.ts`, which is why the Chinese one must have exactly the English one's keys.
 *
 * @module
 */

export const outboundEn = {
  "outbound.dialLabel": "Call a number",
  "outbound.numberPlaceholder": "Number to call",
  "outbound.call": "Call",
  "outbound.callNumber": "Call {number}",
  "outbound.placing": "Your phone rings first; answer it and the number is called…",
  "outbound.busyLine": "Finish the current call before calling out.",
  "outbound.refused.bad_number": "That number cannot be dialled.",
  "outbound.refused.do_not_call": "This number is on the do-not-call list.",
  "outbound.refused.outside_hours": "It is outside calling hours for this number.",
  "outbound.refused.no_consent": "The customer has not agreed to be called.",
  "outbound.refused.no_trunk": "No trunk is set up for calling out.",
  "outbound.refused.trunk_full": "All outside lines are in use; try again shortly.",
  "outbound.refused.no_phone": "You have no phone extension to be rung first.",
  "outbound.refused.other": "The call could not be placed.",
} as const;

export const outboundZh: Record<keyof typeof outboundEn, string> = {
  "outbound.dialLabel": "拨打号码",
  "outbound.numberPlaceholder": "要拨打的号码",
  "outbound.call": "呼叫",
  "outbound.callNumber": "呼叫 {number}",
  "outbound.placing": "先振铃您的话机，接听后即呼叫该号码…",
  "outbound.busyLine": "请先结束当前通话再外呼。",
  "outbound.refused.bad_number": "该号码无法拨打。",
  "outbound.refused.do_not_call": "该号码在免打扰名单中。",
  "outbound.refused.outside_hours": "当前不在该号码的允许呼叫时段内。",
  "outbound.refused.no_consent": "客户未同意接听外呼。",
  "outbound.refused.no_trunk": "尚未配置用于外呼的中继。",
  "outbound.refused.trunk_full": "外线全部占用，请稍后再试。",
  "outbound.refused.no_phone": "您没有可先振铃的分机。",
  "outbound.refused.other": "无法发起呼叫。",
};
