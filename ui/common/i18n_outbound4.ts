/**
 * Calling out, continued: calling back from lists outside the desktop, and the reasons a
 * campaign's dialling waits, in both languages; merged into the catalogs of `i18n.ts`.
 *
 * @module
 */

export const outbound4En = {
  "vm.callBack": "Call back",
  "vm.callBackHint": "Opens your desk and calls {number} from your phone",
  "outbound.refused.not_allowed_on_trunk": "The trunk's dial plan does not allow this number.",
  "campaigns.mode.agentless": "Agentless: a notice to each answered customer, press 9 to opt out",
  "campaigns.waiting.trunk_full": "Waiting: the trunk has no free line",
  "campaigns.waiting.trunk_outbound_full": "Waiting: the trunk's limit on calls out is reached",
  "campaigns.waiting.no_trunk": "Waiting: no enabled trunk to call out on",
  "campaigns.waiting.inbound_waiting": "Held back: inbound callers are waiting",
  "campaigns.waiting.service_level": "Held back: the queue's service level is under its floor",
  "campaigns.waiting.outbound_share": "Held back: the share of agents on calls out is reached",
  "campaigns.trunkLoad": "Trunk {name}: {outbound} of {max} calls out",
  "campaigns.notice": "Notice",
  "campaigns.noticeHint": "What each answered customer hears, spoken; then how to opt out",
  "campaigns.amd": "Detect answering machines",
  "campaigns.amdAction": "On a machine",
  "campaigns.amd.hang_up": "Hang up, try again later",
  "campaigns.amd.leave_message": "Leave a message after the greeting",
  "campaigns.amd.agent": "Pass to an agent",
  "campaigns.amdMessage": "Message for the machine",
};

export const outbound4Zh: Record<keyof typeof outbound4En, string> = {
  "vm.callBack": "回拨",
  "vm.callBackHint": "打开您的坐席台，用您的话机呼叫 {number}",
  "outbound.refused.not_allowed_on_trunk": "中继的拨号规则不允许拨打此号码。",
  "campaigns.mode.agentless": "无坐席：向每位接通的客户播放通知，按 9 退订",
  "campaigns.waiting.trunk_full": "等待中：中继没有空闲线路",
  "campaigns.waiting.trunk_outbound_full": "等待中：已达到中继的外呼上限",
  "campaigns.waiting.no_trunk": "等待中：没有可用于外呼的中继",
  "campaigns.waiting.inbound_waiting": "已暂缓：有呼入客户在等待",
  "campaigns.waiting.service_level": "已暂缓：队列服务水平低于下限",
  "campaigns.waiting.outbound_share": "已暂缓：外呼坐席已达到比例上限",
  "campaigns.trunkLoad": "中继 {name}：外呼 {outbound} / {max}",
  "campaigns.notice": "通知内容",
  "campaigns.noticeHint": "每位接通的客户听到的语音内容，之后提示如何退订",
  "campaigns.amd": "检测答录机",
  "campaigns.amdAction": "遇到答录机时",
  "campaigns.amd.hang_up": "挂断，稍后重试",
  "campaigns.amd.leave_message": "在问候语后留言",
  "campaigns.amd.agent": "转给坐席",
  "campaigns.amdMessage": "给答录机的留言",
};
