/**
 * Messages of the supervision area's later additions (voicemail for waiting callers, skill
 * levels for the day, keyboard-safe actions); merged into the catalogs of `i18n.ts`, which
 * is why the Chinese one must have exactly the English one's keys.
 *
 * @module
 */

export const supervisionEn = {
  "supervision.sendToVoicemail": "Send to voicemail",
  "supervision.sendToVoicemailHint": "The caller leaves a message in the queue's voicemail box",
  "supervision.move": "Move",
  "supervision.moveCallOf": "Move the caller {caller} to the chosen queue",
  "supervision.apply": "Apply",
  "supervision.applyStateOf": "Apply the chosen state to {name}",
  "supervision.skillsToday": "Skills today",
  "supervision.skillsTodayOf": "Skill levels for today: {name}",
  "supervision.skillsToday.lead":
    "Levels set here apply until midnight, center time; the standing levels stay as they are. 0 takes a skill away for today.",
  "supervision.skillsToday.standing": "standing {level}",
  "supervision.skillsToday.none": "none",
  "supervision.skillsToday.until": "Today's levels apply until {time}.",
  "supervision.skillsToday.save": "Save for today",
  "supervision.skillsToday.reset": "Back to standing levels",
  "supervision.skillsToday.cancel": "Cancel",
  "supervision.skillsToday.loading": "Loading skills…",
};

export const supervisionZh: Record<keyof typeof supervisionEn, string> = {
  "supervision.sendToVoicemail": "转语音信箱",
  "supervision.sendToVoicemailHint": "来电者在该队列的语音信箱中留言",
  "supervision.move": "转移",
  "supervision.moveCallOf": "将来电者 {caller} 转到所选队列",
  "supervision.apply": "应用",
  "supervision.applyStateOf": "将所选状态应用于 {name}",
  "supervision.skillsToday": "今日技能",
  "supervision.skillsTodayOf": "今日技能等级：{name}",
  "supervision.skillsToday.lead":
    "此处设置的等级在中心时间午夜前有效，常设等级不变。设为 0 表示今日不使用该技能。",
  "supervision.skillsToday.standing": "常设 {level}",
  "supervision.skillsToday.none": "无",
  "supervision.skillsToday.until": "今日等级有效至 {time}。",
  "supervision.skillsToday.save": "保存今日设置",
  "supervision.skillsToday.reset": "恢复常设等级",
  "supervision.skillsToday.cancel": "取消",
  "supervision.skillsToday.loading": "正在加载技能…",
};
