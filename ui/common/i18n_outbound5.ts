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
  "outbound5.trunk.country": "Country calling code",
  "outbound5.trunk.countryHint":
    "The trunk's own country (86 for China, 44 for the UK): its numbers are national.",
  "outbound5.trunk.format": "Number format for the PBX",
  "outbound5.trunk.format.e164": "E.164 with + (+8613800138000)",
  "outbound5.trunk.format.digits": "Digits only (8613800138000)",
  "outbound5.trunk.format.national": "National, 00 for other countries (13800138000)",
  "outbound5.trunk.strip": "Prefix to strip",
  "outbound5.trunk.stripHint": "Taken off the formatted number when it starts with it.",
  "outbound5.trunk.add": "Prefix to add",
  "outbound5.trunk.addHint": "Put before every number, such as 9 for an outside line.",
  "outbound5.trunk.allowed": "Numbers allowed (E.164 prefixes)",
  "outbound5.trunk.allowedHint": "Such as +86, +852; empty: every number. Others are refused.",
  "outbound5.trunk.maxOutbound": "Calls out at most",
  "outbound5.trunk.maxOutboundHint":
    "At once, within the call limit; empty: up to the call limit. Dialling waits when reached.",
  "outbound5.trunk.sample": "Try a number",
  "outbound5.trunk.sampleHint": "E.164; the line below shows what the PBX receives.",
  "outbound5.trunk.preview": "{number} → {dialled}",
  "outbound5.trunk.previewRefused": "{number} → refused: the numbers allowed do not include it",
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
  "outbound5.trunk.country": "国家代码",
  "outbound5.trunk.countryHint": "中继所在国家（中国 86，英国 44）：该国号码按国内格式拨出。",
  "outbound5.trunk.format": "发给 PBX 的号码格式",
  "outbound5.trunk.format.e164": "带 + 的 E.164（+8613800138000）",
  "outbound5.trunk.format.digits": "仅数字（8613800138000）",
  "outbound5.trunk.format.national": "国内格式，其他国家加 00（13800138000）",
  "outbound5.trunk.strip": "去掉的前缀",
  "outbound5.trunk.stripHint": "格式化后的号码以此开头时去掉。",
  "outbound5.trunk.add": "加拨的前缀",
  "outbound5.trunk.addHint": "加在每个号码前，例如外线前缀 9。",
  "outbound5.trunk.allowed": "允许拨打的号码（E.164 前缀）",
  "outbound5.trunk.allowedHint": "例如 +86、+852；留空：不限。其他号码一律拒绝。",
  "outbound5.trunk.maxOutbound": "同时外呼最多",
  "outbound5.trunk.maxOutboundHint": "不超过通话上限；留空：以通话上限为准。达到后拨号等待。",
  "outbound5.trunk.sample": "试拨号码",
  "outbound5.trunk.sampleHint": "E.164 格式；下方显示 PBX 实际收到的号码。",
  "outbound5.trunk.preview": "{number} → {dialled}",
  "outbound5.trunk.previewRefused": "{number} → 拒绝：不在允许拨打的号码内",
};
