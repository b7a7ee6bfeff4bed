/**
 * Calling out, the settings in the page: a campaign's blending rule and its "press 1 for
 * an agent", a trunk's dial plan and outbound limit, and calling a task's customer, in
 * both languages; merged into the catalogs of `i18n.ts`.
 *
 * @module
 */

export const outbound5En = {
  "outbound5.blend": "Sharing agents with inbound callers",
  "outbound5.blend.waiting": "Inbound callers waiting at most",
  "outbound5.blend.waitingHint":
    "Dialling holds while more callers than this wait in the queue (0: callers first).",
  "outbound5.blend.serviceLevel": "Service level at least (%)",
  "outbound5.blend.serviceLevelHint":
    "Dialling holds while the queue's service level today is lower. Empty: no floor.",
  "outbound5.blend.noFloor": "No floor",
  "outbound5.blend.share": "Agents on calls out at most (%)",
  "outbound5.blend.shareHint":
    "Of the queue's working agents; the others stay free for inbound callers.",
  "outbound5.toAgent": "Speaking to an agent",
  "outbound5.toAgent.key": "Key for an agent",
  "outbound5.toAgent.off": "Not offered",
  "outbound5.toAgent.queue": "Queue the customer waits in",
  "outbound5.toAgent.text": "Offer spoken after the notice",
  "outbound5.toAgent.textHint":
    "The notice stops when the key is pressed, and the customer waits like an inbound caller.",
  "outbound5.toAgent.defaultText": "To speak to an agent, press {key}.",
};

export const outbound5Zh: Record<keyof typeof outbound5En, string> = {
  "outbound5.blend": "与呼入来电共享坐席",
  "outbound5.blend.waiting": "呼入排队来电最多",
  "outbound5.blend.waitingHint": "队列中等待的来电超过此数时暂停外呼（0：来电优先）。",
  "outbound5.blend.serviceLevel": "服务水平至少（%）",
  "outbound5.blend.serviceLevelHint": "队列今日服务水平低于此值时暂停外呼。留空：不设下限。",
  "outbound5.blend.noFloor": "不设下限",
  "outbound5.blend.share": "外呼坐席最多占（%）",
  "outbound5.blend.shareHint": "按队列在岗坐席计算；其余坐席留给呼入来电。",
  "outbound5.toAgent": "转人工坐席",
  "outbound5.toAgent.key": "转人工按键",
  "outbound5.toAgent.off": "不提供",
  "outbound5.toAgent.queue": "客户等待的队列",
  "outbound5.toAgent.text": "通知后播报的提示",
  "outbound5.toAgent.textHint": "客户按键后通知停止，客户像呼入来电一样排队等待。",
  "outbound5.toAgent.defaultText": "如需人工服务，请按 {key}。",
};
