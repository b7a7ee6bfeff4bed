/**
 * The agent desktop's "my schedule" messages in both languages; merged into the catalogs
 * of `i18n.ts`, which is why the Chinese one must have exactly the English one's keys.
 *
 * @module
 */

export const scheduleEn = {
  "desk.tab.schedule": "Schedule",
  "schedule.title": "My schedule",
  "schedule.zone": "Times in {zone}",
  "schedule.loading": "Loading your schedule…",
  "schedule.error": "Your schedule could not be loaded: {reason}",
  "schedule.retry": "Try again",
  "schedule.refresh": "Refresh",
  "schedule.today": "Today",
  "schedule.dayOff": "No shift",
  "schedule.shift": "{from}–{to}",
  "schedule.hours": "{hours} h",
  "schedule.break": "Break {from}–{to}",
  "schedule.now.shift": "On shift until {time}",
  "schedule.now.break": "On a break until {time}",
  "schedule.now.next": "Next shift: {day} at {time}",
  "schedule.now.none": "No shift planned in the next 7 days",
};

export const scheduleZh: Record<keyof typeof scheduleEn, string> = {
  "desk.tab.schedule": "排班",
  "schedule.title": "我的排班",
  "schedule.zone": "时间按 {zone} 显示",
  "schedule.loading": "正在加载排班…",
  "schedule.error": "无法加载排班：{reason}",
  "schedule.retry": "重试",
  "schedule.refresh": "刷新",
  "schedule.today": "今天",
  "schedule.dayOff": "休息",
  "schedule.shift": "{from}–{to}",
  "schedule.hours": "{hours} 小时",
  "schedule.break": "休息 {from}–{to}",
  "schedule.now.shift": "当班中，{time} 下班",
  "schedule.now.break": "休息中，{time} 结束",
  "schedule.now.next": "下一个班次：{day} {time}",
  "schedule.now.none": "未来 7 天没有排班",
};
