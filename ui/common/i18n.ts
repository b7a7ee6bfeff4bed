/**
 * Translations for the browser UI: the zh-CN and en catalogs, the current
 * language (persisted in localStorage under `cc.lang`), and a reactive
 * controller that re-renders its host whenever the language changes.
 *
 * Both catalogs have exactly the same keys; the compiler enforces it through
 * the `Messages` type derived from the English catalog.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";

/** Languages the UI ships with. */
export const LANGUAGES = ["en", "zh-CN"] as const;

/** One of {@linkcode LANGUAGES}. */
export type Language = typeof LANGUAGES[number];

/** localStorage key holding the user's explicit language choice. */
export const LANGUAGE_STORAGE_KEY = "cc.lang";

const en = {
  "app.name": "Call Center",
  "app.loading": "Loading…",
  "app.skipToContent": "Skip to main content",
  "app.version": "Version {version}",
  "app.versionUnknown": "Version unavailable",
  "app.copyright": "Call center appliance",
  "app.serverUnreachable": "The server cannot be reached. Retrying…",

  "lang.label": "Language",
  "lang.en": "English",
  "lang.zh-CN": "简体中文",

  "login.title": "Sign in",
  "login.subtitle": "Use the account your administrator gave you.",
  "login.username": "Username",
  "login.password": "Password",
  "login.showPassword": "Show password",
  "login.hidePassword": "Hide password",
  "login.submit": "Sign in",
  "login.submitting": "Signing in…",
  "login.waiting": "Wait {seconds} s",
  "login.error.usernameRequired": "Enter your username.",
  "login.error.passwordRequired": "Enter your password.",
  "login.error.invalidCredentials": "The username or password is incorrect.",
  "login.error.throttled": "Too many sign-in attempts. Try again in {seconds} seconds.",
  "login.error.throttledDone": "You can try signing in again now.",
  "login.error.invalidRequest": "The sign-in request was not accepted. Check both fields.",
  "login.error.network": "Cannot reach the server. Check the connection and try again.",
  "login.error.unexpected": "Sign-in failed ({code}). Try again in a moment.",
  "login.notice.signedOut": "You have signed out.",
  "login.notice.expired": "Your session has ended. Sign in again to continue.",
  "login.help": "Forgotten your password? Ask an administrator to reset it.",

  "nav.label": "Areas",
  "nav.agent": "Agent desktop",
  "nav.supervisor": "Supervision",
  "nav.admin": "Administration",
  "nav.reports": "Reports",

  "reports.title": "Reports",
  "reports.lead":
    "Every figure of the center by interval, day, week or month; hover a heading for its formula.",
  "reports.day": "First day",
  "reports.days": "Days",
  "reports.interval": "Interval",
  "reports.interval.15m": "15 minutes",
  "reports.interval.30m": "30 minutes",
  "reports.interval.60m": "Hour",
  "reports.interval.day": "Day",
  "reports.interval.week": "Week",
  "reports.interval.month": "Month",
  "reports.scope": "Scope",
  "reports.scope.center": "Center",
  "reports.scope.queue": "Queue",
  "reports.scope.team": "Team",
  "reports.scope.agent": "Agent",
  "reports.id": "Queue, team or agent number",
  "reports.show": "Show",
  "reports.loading": "Loading figures…",
  "reports.exportCsv": "Export CSV",
  "reports.zone": "Times in {zone}",
  "reports.start": "Interval",
  "reports.total": "Total",
  "reports.previous": "Previous period",
  "reports.states": "Time in each state",
  "reports.state": "State or reason",
  "reports.reason": "Not-ready reason",
  "reports.hours": "Hours",
  "forecast.summary":
    "Forecast for the coming week: {calls} calls, from {weeks} weeks of history; error (MAPE) {mape} %, against {baseline} % for the same interval last week.",
  "reports.tab.figures": "Figures",
  "reports.tab.staffing": "Staffing and schedules",
  "staffing.calls": "Calls",
  "staffing.aht": "AHT (s)",
  "staffing.neededC": "Needed (Erlang C)",
  "staffing.neededA": "Needed (Erlang A)",
  "staffing.scheduled": "Scheduled",
  "staffing.loggedIn": "Logged in",
  "staffing.schedule": "Shifts and breaks",
  "staffing.agent": "Agent",
  "staffing.kind": "Kind",
  "staffing.from": "From",
  "staffing.to": "To",
  "staffing.shift": "Shift",
  "staffing.break": "Break",
  "whatIf.title": "What if",
  "whatIf.calls": "Calls per interval",
  "whatIf.interval_minutes": "Interval (min)",
  "whatIf.aht_s": "AHT (s)",
  "whatIf.threshold_s": "Answer within (s)",
  "whatIf.target_percent": "Target SL (%)",
  "whatIf.shrinkage_percent": "Shrinkage (%)",
  "whatIf.patience_s": "Patience (s)",
  "whatIf.compute": "Compute",
  "whatIf.out.agents": "Agents on the phones",
  "whatIf.out.scheduled": "Agents to schedule",
  "whatIf.out.service_level": "Service level (%)",
  "whatIf.out.asa_s": "ASA (s)",
  "whatIf.out.occupancy": "Occupancy (%)",

  "user.menuLabel": "Signed-in user",
  "user.logout": "Sign out",
  "user.extension": "Ext. {extension}",
  "user.noExtension": "No extension",

  "role.agent": "Agent",
  "role.team_lead": "Team lead",
  "role.supervisor": "Supervisor",
  "role.qa": "Quality assurance",
  "role.admin": "Administrator",

  "events.open": "Live",
  "events.connecting": "Connecting…",
  "events.reconnecting": "Reconnecting…",
  "events.offline": "Offline",
  "events.openHint": "Live updates are connected.",
  "events.connectingHint": "Connecting to live updates.",
  "events.reconnectingHint": "Live updates were interrupted; reconnecting.",
  "events.offlineHint": "Live updates are off.",

  "area.signedInAs": "Signed in as",
  "area.comingTitle": "Coming in this area",
  "area.comingIntro": "These tools are being switched on for your center.",
  "area.planned": "Planned",

  "agent.title": "Agent desktop",

  "common.cancel": "Cancel",
  "common.dismiss": "Dismiss",

  "desk.workLabel": "Call work",
  "desk.tab.case": "Case",
  "desk.tab.wrap": "Wrap-up",
  "desk.tab.script": "Script",
  "desk.tab.kb": "Knowledge",
  "desk.customerCreated": "The customer was created and linked to this call.",
  "desk.customerCreateFailed": "The customer could not be created. Check the name and try again.",
  "desk.transferStarted": "Transfer started.",
  "desk.conferenceStarted": "Conference started.",
  "desk.featureFailed": "The request failed. The call is unchanged.",
  "desk.transferDone": "The call was handed over. Wrap up your part.",
  "desk.transferCancelled": "The caller is back with you.",
  "desk.transferQueued": "The call went back to the queue.",
  "transfer.consulting": "Consulting {target}",
  "transfer.conferenceWith": "Conference with {target}",
  "transfer.ringing": "ringing…",
  "transfer.answered": "on the line; the caller hears music",
  "transfer.complete": "Complete transfer",
  "transfer.backToCaller": "Back to the caller",
  "phone.handoverNote": "Note for the next agent",
  "phone.handoverNotePlaceholder": "What the caller needs, what was done so far",
  "pop.transferredBy": "Transferred by {name}",

  "state.logged_out": "Logged out",
  "state.ready": "Ready",
  "state.not_ready": "Not ready",
  "state.ringing": "Ringing",
  "state.on_call": "On a call",
  "state.wrap_up": "Wrap-up",
  "reason.break": "Break",
  "reason.lunch": "Lunch",
  "reason.training": "Training",
  "reason.meeting": "Meeting",
  "reason.login": "just signed in",

  "stateBar.label": "Your status",
  "stateBar.unknown": "Status unknown",
  "stateBar.unavailable":
    "Queue status is not available on this server yet; calls to your extension still ring here.",
  "stateBar.loadFailed": "Your queue status could not be loaded. Retrying…",
  "stateBar.goReady": "Ready",
  "stateBar.goNotReady": "Not ready",
  "stateBar.notReadyAfter": "Not ready after call",
  "stateBar.logOut": "Log out of queues",
  "stateBar.logOutAfter": "Log out after call",
  "stateBar.reason": "Reason for not being ready",
  "stateBar.extend": "+30 s",
  "stateBar.wrapUpLeft": "{time} of wrap-up left",
  "stateBar.today": "Today",
  "stateBar.calls": "Calls",
  "stateBar.aht": "AHT",
  "stateBar.ahtLong": "Average handle time today",
  "stateBar.acw": "ACW",
  "stateBar.acwLong": "Average after-call work today",
  "stateBar.hint.alreadyReady": "You are ready.",
  "stateBar.hint.alreadyLoggedOut": "You are logged out of the queues.",
  "stateBar.hint.onCall": "Finish the call first.",
  "stateBar.hint.dispositionFirst": "Pick a disposition to finish wrap-up.",

  "phone.title": "Softphone",
  "phone.reg.idle": "Starting",
  "phone.reg.connecting": "Connecting…",
  "phone.reg.registered": "Registered",
  "phone.reg.reconnecting": "Reconnecting…",
  "phone.reg.stopped": "Offline",
  "phone.problem.micBlocked":
    "The microphone is blocked. Allow microphone access for this site in the browser (the icon in the address bar), then reload.",
  "phone.problem.micMissing":
    "No working microphone was found. Plug in a headset or choose another microphone.",
  "phone.problem.unsupported":
    "This browser cannot make calls here. Use a current Chromium or Firefox over HTTPS.",
  "phone.problem.connectionLost":
    "The connection to the phone system dropped. Reconnecting automatically…",
  "phone.problem.noExtension":
    "You have no extension, so calls cannot reach this page. Ask an administrator to assign one.",
  "phone.problem.authFailed":
    "The phone system refused the sign-in. Retrying with new credentials…",
  "phone.problem.callFailed": "The call could not be handled. Try again.",
  "phone.idleTitle": "Waiting for calls",
  "phone.idleText": "Incoming calls ring here. Keep your headset on.",
  "phone.offlineTitle": "Not connected",
  "phone.offlineText": "Calls cannot reach you until the softphone is registered.",
  "phone.incoming": "Incoming call",
  "phone.viaQueue": "via {queue}",
  "phone.unknownCaller": "Unknown number",
  "phone.answer": "Answer",
  "phone.answerHint": "Answer (Alt + A)",
  "phone.connecting": "Connecting…",
  "phone.reject": "Reject",
  "phone.talking": "Connected",
  "phone.onHold": "On hold",
  "phone.hold": "Hold",
  "phone.resume": "Resume",
  "phone.holdHint": "Hold or resume (Alt + H)",
  "phone.mute": "Mute",
  "phone.unmute": "Unmute",
  "phone.muteHint": "Mute or unmute (Alt + M)",
  "phone.keypad": "Keypad",
  "phone.dialPad": "Keypad",
  "phone.dtmfSent": "Digits sent",
  "phone.transfer": "Transfer",
  "phone.conference": "Conference",
  "phone.transferTo": "Transfer to (agent extension, queue or number)",
  "phone.conferenceWith": "Add to the call (agent extension, queue or number)",
  "phone.targetPlaceholder": "1002, Support or +8613800000000",
  "phone.transferMode": "How",
  "phone.transferConsult": "Consult first",
  "phone.transferBlind": "Blind",
  "phone.featureMissing": "Not available on this server yet",
  "phone.hangup": "Hang up",
  "phone.hangupHint": "Hang up (Alt + X)",
  "phone.levelMic": "You",
  "phone.levelCaller": "Caller",
  "phone.devices": "Audio devices",
  "phone.microphone": "Microphone",
  "phone.speaker": "Speaker",
  "phone.default": "System default",
  "phone.speakerUnsupported": "This browser plays calls on the system's default speaker",
  "phone.ended.local": "Call ended",
  "phone.ended.remote": "Caller hung up",
  "phone.ended.rejected": "Call rejected",
  "phone.ended.missed": "Missed call",
  "phone.ended.failed": "Call dropped",

  "pop.title": "Caller",
  "pop.vip": "VIP {level}",
  "pop.emptyTitle": "No call right now",
  "pop.emptyText": "When a call rings, the caller's record, open cases and history appear here.",
  "pop.unavailable": "Call details are not available on this server yet.",
  "pop.loadFailed": "The caller's details could not be loaded.",
  "pop.caller": "Caller",
  "pop.queue": "Queue",
  "pop.wait": "Waited",
  "pop.did": "Dialled",
  "pop.ivrPath": "Menu path",
  "pop.digits": "Digits",
  "pop.lastAgent": "Last spoke to {name}",
  "pop.openCases": "Open cases",
  "pop.noOpenCases": "No open cases.",
  "pop.updated": "updated {when}",
  "pop.timeline": "Recent contacts",
  "pop.noContacts": "No earlier contacts.",
  "pop.channel.call": "Call",
  "pop.channel.other": "Contact",
  "pop.unknownCaller": "This number is not in the CRM. Create the customer in one step:",
  "pop.newName": "Customer name",
  "pop.createCustomer": "Create customer",

  "case.noCustomerTitle": "No customer yet",
  "case.noCustomerText": "Cases belong to a customer. Identify or create the caller first.",
  "case.new": "New case",
  "case.newTitle": "Open a new case",
  "case.subject": "Subject",
  "case.priority": "Priority",
  "case.priority.low": "Low",
  "case.priority.normal": "Normal",
  "case.priority.high": "High",
  "case.priority.urgent": "Urgent",
  "case.category": "Category",
  "case.description": "Description",
  "case.create": "Open case",
  "case.created": "Case opened.",
  "case.save": "Save changes",
  "case.saved": "Case saved.",
  "case.notes": "Notes",
  "case.noNotes": "No notes yet.",
  "case.addNote": "Add note",
  "case.notePlaceholder": "What did the caller need, and what was done?",
  "case.noteAdded": "Note added.",

  "wrap.noCallTitle": "Nothing to wrap up",
  "wrap.noCallText": "After a call, pick its outcome here.",
  "wrap.disposition": "Disposition",
  "wrap.pick": "Choose an outcome…",
  "wrap.pickRequired": "Pick a disposition to finish the call.",
  "wrap.notes": "Call notes",
  "wrap.notesPlaceholder": "A short summary for the customer's history",
  "wrap.callback": "Schedule a callback",
  "wrap.callbackAt": "Call back at",
  "wrap.callbackNeedsCustomer": "Callbacks need a known customer.",
  "wrap.callbackNote": "Callback promised during the call",
  "wrap.submit": "Save wrap-up",
  "wrap.saved": "Wrap-up saved. You can go ready.",
  "wrap.unavailable": "Wrap-up cannot be saved on this server yet.",

  "script.pick": "Script",
  "script.noneTitle": "No script",
  "script.noneText": "This queue has no script.",
  "script.missing": "Not filled in: {names}",

  "kb.search": "Search the knowledge base",
  "kb.placeholder": "Search articles…",
  "kb.hint": "Search by keyword, in Chinese or English.",
  "kb.noHits": "Nothing found for “{q}”.",
  "kb.back": "Results",

  "shortcut.title": "Shortcuts",
  "shortcut.answer": "Answer the ringing call",
  "shortcut.hangup": "Hang up or reject",
  "shortcut.hold": "Hold or resume",
  "shortcut.mute": "Mute or unmute",
  "shortcut.ready": "Go ready",
  "shortcut.help": "Show these shortcuts",
  "shortcut.note": "Alt shortcuts work anywhere on the page, also while typing.",

  "supervisor.title": "Supervision",
  "supervisor.lead": "Watch queues and agents in real time and help your team while calls happen.",
  "supervisor.wallboard": "Queues now",
  "supervisor.agents": "Agents",
  "supervisor.waiting": "Callers waiting",
  "supervisor.phone": "Your phone and monitoring",
  "supervisor.noQueues": "No queues yet.",
  "supervisor.noneWaiting": "Nobody is waiting.",
  "supervisor.figure.waiting": "Calls waiting",
  "supervisor.figure.longestWait": "Longest wait",
  "supervisor.figure.serviceLevel": "Service level",
  "supervisor.figure.asa": "ASA",
  "supervisor.figure.abandonRate": "Abandoned",
  "supervisor.figure.answered": "Answered",
  "supervisor.level.warn": "near its limit",
  "supervisor.level.alarm": "past its limit",
  "supervisor.agentsByState": "Agents by state",
  "supervisor.state.ready": "Ready",
  "supervisor.state.on_call": "On a call",
  "supervisor.state.ringing": "Ringing",
  "supervisor.state.wrap_up": "Wrap-up",
  "supervisor.state.not_ready": "Not ready",
  "supervisor.state.logged_out": "Logged out",
  "supervisor.filter.state": "State",
  "supervisor.filter.queue": "Queue",
  "supervisor.filter.all": "All",
  "supervisor.col.agent": "Agent",
  "supervisor.col.state": "State",
  "supervisor.col.time": "Time in state",
  "supervisor.col.call": "Current call",
  "supervisor.col.calls": "Calls today",
  "supervisor.col.aht": "AHT",
  "supervisor.col.acw": "ACW",
  "supervisor.col.change": "Set state",
  "supervisor.col.queue": "Queue",
  "supervisor.col.caller": "Caller",
  "supervisor.col.wait": "Waiting",
  "supervisor.col.move": "Move to",
  "supervisor.changeStateOf": "Set the state of {name}",
  "supervisor.moveTo": "Move to another queue",
  "supervisor.raisePriority": "Put first",
  "supervisor.monitor.label": "Monitor this call",
  "supervisor.monitor.listen": "Listen",
  "supervisor.monitor.whisper": "Whisper",
  "supervisor.monitor.barge": "Barge",
  "supervisor.monitor.takeOver": "Take over",
  "supervisor.monitor.stop": "Stop monitoring",
  "supervisor.monitor.hangUp": "Hang up",
  "supervisor.monitorState.ringing": "Your phone is ringing to {mode}…",
  "supervisor.monitorState.joined": "You are on the call: {mode}",
  "supervisor.monitorState.taken_over": "You took the call over and talk with the caller",
  "supervisor.monitorState.ended": "Monitoring ended",

  "admin.title": "Administration",
  "admin.lead": "Set up the center: people, queues, phone lines and call flows.",
  "admin.toolsTitle": "Available now",
  "admin.docs": "API reference",
  "admin.docsText": "The HTTP API with every endpoint, request and response.",
  "admin.openDocs": "Open the API reference",
  "admin.item.users": "Users and roles",
  "admin.item.usersText": "Add people, set their role and extension, and reset passwords.",
  "admin.item.queues": "Queues and skills",
  "admin.item.queuesText": "Decide which agents answer which calls, and in what order.",
  "admin.item.trunks": "Trunks and numbers",
  "admin.item.trunksText": "Connect carriers and route each inbound number to a flow.",
  "admin.item.ivr": "Call flows",
  "admin.item.ivrText": "Build menus, opening hours and announcements without code.",

  "notAllowed.title": "This area isn't available to you",
  "notAllowed.text":
    "Your role ({role}) does not include {area}. If you need it for your work, ask an administrator.",
  "notAllowed.home": "Go to {area}",

  "notFound.title": "Page not found",
  "notFound.text": "There is nothing at {path}. It may have moved, or the link may be mistyped.",
  "notFound.home": "Go to {area}",
} as const;

/** Every message key the UI uses. */
export type MessageKey = keyof typeof en;

/** A complete catalog: one string per {@linkcode MessageKey}. */
export type Messages = Record<MessageKey, string>;

const zhCN: Messages = {
  "app.name": "呼叫中心",
  "app.loading": "正在加载…",
  "app.skipToContent": "跳到主要内容",
  "app.version": "版本 {version}",
  "app.versionUnknown": "版本未知",
  "app.copyright": "呼叫中心一体机",
  "app.serverUnreachable": "无法连接服务器，正在重试…",

  "lang.label": "语言",
  "lang.en": "English",
  "lang.zh-CN": "简体中文",

  "login.title": "登录",
  "login.subtitle": "请使用管理员为你分配的账号。",
  "login.username": "用户名",
  "login.password": "密码",
  "login.showPassword": "显示密码",
  "login.hidePassword": "隐藏密码",
  "login.submit": "登录",
  "login.submitting": "正在登录…",
  "login.waiting": "请等待 {seconds} 秒",
  "login.error.usernameRequired": "请输入用户名。",
  "login.error.passwordRequired": "请输入密码。",
  "login.error.invalidCredentials": "用户名或密码不正确。",
  "login.error.throttled": "登录尝试次数过多，请在 {seconds} 秒后重试。",
  "login.error.throttledDone": "现在可以重新登录了。",
  "login.error.invalidRequest": "登录请求未被接受，请检查两个输入项。",
  "login.error.network": "无法连接服务器，请检查网络后重试。",
  "login.error.unexpected": "登录失败（{code}），请稍后重试。",
  "login.notice.signedOut": "你已退出登录。",
  "login.notice.expired": "会话已结束，请重新登录。",
  "login.help": "忘记密码？请联系管理员重置。",

  "nav.label": "功能区",
  "nav.agent": "坐席工作台",
  "nav.supervisor": "班组监控",
  "nav.admin": "系统管理",
  "nav.reports": "统计报表",

  "reports.title": "统计报表",
  "reports.lead": "按时段、日、周或月查看中心的各项指标；将鼠标移到列标题上可查看计算公式。",
  "reports.day": "起始日期",
  "reports.days": "天数",
  "reports.interval": "时段",
  "reports.interval.15m": "15 分钟",
  "reports.interval.30m": "30 分钟",
  "reports.interval.60m": "1 小时",
  "reports.interval.day": "日",
  "reports.interval.week": "周",
  "reports.interval.month": "月",
  "reports.scope": "范围",
  "reports.scope.center": "全中心",
  "reports.scope.queue": "队列",
  "reports.scope.team": "班组",
  "reports.scope.agent": "坐席",
  "reports.id": "队列、班组或坐席编号",
  "reports.show": "查询",
  "reports.loading": "正在加载指标…",
  "reports.exportCsv": "导出 CSV",
  "reports.zone": "时间按 {zone}",
  "reports.start": "时段",
  "reports.total": "合计",
  "reports.previous": "上一周期",
  "reports.states": "各状态时长",
  "reports.state": "状态或原因",
  "reports.reason": "未就绪原因",
  "reports.hours": "小时",
  "forecast.summary":
    "下周预测：{calls} 通来电，基于 {weeks} 周历史；误差（MAPE）{mape}%，上周同时段法为 {baseline}%。",
  "reports.tab.figures": "指标",
  "reports.tab.staffing": "人力与排班",
  "staffing.calls": "来电量",
  "staffing.aht": "平均处理时长（秒）",
  "staffing.neededC": "所需人数（Erlang C）",
  "staffing.neededA": "所需人数（Erlang A）",
  "staffing.scheduled": "排班人数",
  "staffing.loggedIn": "登录人数",
  "staffing.schedule": "班次与休息",
  "staffing.agent": "坐席",
  "staffing.kind": "类型",
  "staffing.from": "开始",
  "staffing.to": "结束",
  "staffing.shift": "班次",
  "staffing.break": "休息",
  "whatIf.title": "假设测算",
  "whatIf.calls": "每时段来电量",
  "whatIf.interval_minutes": "时段（分钟）",
  "whatIf.aht_s": "平均处理时长（秒）",
  "whatIf.threshold_s": "接听时限（秒）",
  "whatIf.target_percent": "目标服务水平（%）",
  "whatIf.shrinkage_percent": "损耗率（%）",
  "whatIf.patience_s": "客户耐心（秒）",
  "whatIf.compute": "计算",
  "whatIf.out.agents": "在线坐席数",
  "whatIf.out.scheduled": "需排班坐席数",
  "whatIf.out.service_level": "服务水平（%）",
  "whatIf.out.asa_s": "平均应答速度（秒）",
  "whatIf.out.occupancy": "占用率（%）",

  "user.menuLabel": "当前用户",
  "user.logout": "退出登录",
  "user.extension": "分机 {extension}",
  "user.noExtension": "未分配分机",

  "role.agent": "坐席",
  "role.team_lead": "组长",
  "role.supervisor": "主管",
  "role.qa": "质检",
  "role.admin": "管理员",

  "events.open": "实时",
  "events.connecting": "正在连接…",
  "events.reconnecting": "正在重连…",
  "events.offline": "离线",
  "events.openHint": "实时更新已连接。",
  "events.connectingHint": "正在连接实时更新。",
  "events.reconnectingHint": "实时更新已中断，正在重新连接。",
  "events.offlineHint": "实时更新已关闭。",

  "area.signedInAs": "当前登录",
  "area.comingTitle": "即将推出",
  "area.comingIntro": "以下功能正在为你的呼叫中心开通。",
  "area.planned": "规划中",

  "agent.title": "坐席工作台",

  "common.cancel": "取消",
  "common.dismiss": "关闭",

  "desk.workLabel": "通话处理",
  "desk.tab.case": "工单",
  "desk.tab.wrap": "话后处理",
  "desk.tab.script": "话术",
  "desk.tab.kb": "知识库",
  "desk.customerCreated": "客户已创建，并关联到本次通话。",
  "desk.customerCreateFailed": "无法创建客户，请检查姓名后重试。",
  "desk.transferStarted": "已发起转接。",
  "desk.conferenceStarted": "已发起会议。",
  "desk.featureFailed": "请求失败，通话未受影响。",
  "desk.transferDone": "通话已转出，请完成你的话后处理。",
  "desk.transferCancelled": "已回到与来电者的通话。",
  "desk.transferQueued": "通话已转回队列。",
  "transfer.consulting": "正在咨询 {target}",
  "transfer.conferenceWith": "与 {target} 三方通话",
  "transfer.ringing": "振铃中…",
  "transfer.answered": "已接通，来电者正在听等待音乐",
  "transfer.complete": "完成转接",
  "transfer.backToCaller": "回到来电者",
  "phone.handoverNote": "给下一位坐席的备注",
  "phone.handoverNotePlaceholder": "来电者的需求、已处理的内容",
  "pop.transferredBy": "由 {name} 转入",

  "state.logged_out": "已签出",
  "state.ready": "就绪",
  "state.not_ready": "未就绪",
  "state.ringing": "振铃中",
  "state.on_call": "通话中",
  "state.wrap_up": "话后处理",
  "reason.break": "小休",
  "reason.lunch": "午餐",
  "reason.training": "培训",
  "reason.meeting": "会议",
  "reason.login": "刚登录",

  "stateBar.label": "我的状态",
  "stateBar.unknown": "状态未知",
  "stateBar.unavailable": "此服务器暂不提供队列状态；呼叫你分机的电话仍会在此振铃。",
  "stateBar.loadFailed": "无法加载你的队列状态，正在重试…",
  "stateBar.goReady": "就绪",
  "stateBar.goNotReady": "未就绪",
  "stateBar.notReadyAfter": "通话后未就绪",
  "stateBar.logOut": "签出队列",
  "stateBar.logOutAfter": "通话后签出",
  "stateBar.reason": "未就绪原因",
  "stateBar.extend": "+30 秒",
  "stateBar.wrapUpLeft": "话后处理剩余 {time}",
  "stateBar.today": "今日",
  "stateBar.calls": "通话",
  "stateBar.aht": "平均处理",
  "stateBar.ahtLong": "今日平均处理时长",
  "stateBar.acw": "话后",
  "stateBar.acwLong": "今日平均话后处理时长",
  "stateBar.hint.alreadyReady": "你已处于就绪状态。",
  "stateBar.hint.alreadyLoggedOut": "你已签出队列。",
  "stateBar.hint.onCall": "请先结束当前通话。",
  "stateBar.hint.dispositionFirst": "请选择通话小结后再结束话后处理。",

  "phone.title": "软电话",
  "phone.reg.idle": "正在启动",
  "phone.reg.connecting": "正在连接…",
  "phone.reg.registered": "已注册",
  "phone.reg.reconnecting": "正在重连…",
  "phone.reg.stopped": "离线",
  "phone.problem.micBlocked":
    "麦克风被禁用。请在浏览器地址栏的图标中允许本站使用麦克风，然后刷新页面。",
  "phone.problem.micMissing": "未找到可用的麦克风。请插入耳机或选择其他麦克风。",
  "phone.problem.unsupported":
    "此浏览器无法在这里通话。请通过 HTTPS 使用新版 Chromium 或 Firefox。",
  "phone.problem.connectionLost": "与电话系统的连接已断开，正在自动重连…",
  "phone.problem.noExtension": "你没有分机，电话无法接入本页面。请联系管理员分配分机。",
  "phone.problem.authFailed": "电话系统拒绝了登录，正在使用新凭据重试…",
  "phone.problem.callFailed": "无法处理此通话，请重试。",
  "phone.idleTitle": "等待来电",
  "phone.idleText": "来电会在这里振铃，请戴好耳机。",
  "phone.offlineTitle": "未连接",
  "phone.offlineText": "软电话注册成功前，电话无法接入。",
  "phone.incoming": "来电",
  "phone.viaQueue": "来自 {queue}",
  "phone.unknownCaller": "未知号码",
  "phone.answer": "接听",
  "phone.answerHint": "接听（Alt + A）",
  "phone.connecting": "正在接通…",
  "phone.reject": "拒接",
  "phone.talking": "通话中",
  "phone.onHold": "保持中",
  "phone.hold": "保持",
  "phone.resume": "恢复",
  "phone.holdHint": "保持或恢复（Alt + H）",
  "phone.mute": "静音",
  "phone.unmute": "取消静音",
  "phone.muteHint": "静音或取消静音（Alt + M）",
  "phone.keypad": "拨号盘",
  "phone.dialPad": "拨号盘",
  "phone.dtmfSent": "已发送的按键",
  "phone.transfer": "转接",
  "phone.conference": "会议",
  "phone.transferTo": "转接给（坐席分机、队列或号码）",
  "phone.conferenceWith": "加入通话（坐席分机、队列或号码）",
  "phone.targetPlaceholder": "1002、Support 或 +8613800000000",
  "phone.transferMode": "方式",
  "phone.transferConsult": "先咨询",
  "phone.transferBlind": "直接转接",
  "phone.featureMissing": "此服务器暂不支持",
  "phone.hangup": "挂断",
  "phone.hangupHint": "挂断（Alt + X）",
  "phone.levelMic": "我方",
  "phone.levelCaller": "客户",
  "phone.devices": "音频设备",
  "phone.microphone": "麦克风",
  "phone.speaker": "扬声器",
  "phone.default": "系统默认",
  "phone.speakerUnsupported": "此浏览器使用系统默认扬声器播放通话",
  "phone.ended.local": "通话已结束",
  "phone.ended.remote": "客户已挂断",
  "phone.ended.rejected": "已拒接",
  "phone.ended.missed": "未接来电",
  "phone.ended.failed": "通话中断",

  "pop.title": "来电客户",
  "pop.vip": "VIP {level}",
  "pop.emptyTitle": "暂无来电",
  "pop.emptyText": "电话振铃时，客户资料、未结工单和历史记录会显示在这里。",
  "pop.unavailable": "此服务器暂不提供通话详情。",
  "pop.loadFailed": "无法加载来电客户信息。",
  "pop.caller": "主叫",
  "pop.queue": "队列",
  "pop.wait": "等待",
  "pop.did": "被叫",
  "pop.ivrPath": "菜单路径",
  "pop.digits": "按键",
  "pop.lastAgent": "上次接待：{name}",
  "pop.openCases": "未结工单",
  "pop.noOpenCases": "没有未结工单。",
  "pop.updated": "更新于 {when}",
  "pop.timeline": "最近联系",
  "pop.noContacts": "没有更早的联系记录。",
  "pop.channel.call": "电话",
  "pop.channel.other": "联系",
  "pop.unknownCaller": "该号码不在客户库中，可一步创建客户：",
  "pop.newName": "客户姓名",
  "pop.createCustomer": "创建客户",

  "case.noCustomerTitle": "尚无客户",
  "case.noCustomerText": "工单属于某个客户，请先识别或创建来电客户。",
  "case.new": "新建工单",
  "case.newTitle": "新建工单",
  "case.subject": "主题",
  "case.priority": "优先级",
  "case.priority.low": "低",
  "case.priority.normal": "普通",
  "case.priority.high": "高",
  "case.priority.urgent": "紧急",
  "case.category": "类别",
  "case.description": "描述",
  "case.create": "创建工单",
  "case.created": "工单已创建。",
  "case.save": "保存修改",
  "case.saved": "工单已保存。",
  "case.notes": "备注",
  "case.noNotes": "暂无备注。",
  "case.addNote": "添加备注",
  "case.notePlaceholder": "客户需要什么，做了哪些处理？",
  "case.noteAdded": "备注已添加。",

  "wrap.noCallTitle": "无需话后处理",
  "wrap.noCallText": "通话结束后，在这里选择处理结果。",
  "wrap.disposition": "通话小结",
  "wrap.pick": "请选择处理结果…",
  "wrap.pickRequired": "请选择通话小结以结束本次通话。",
  "wrap.notes": "通话备注",
  "wrap.notesPlaceholder": "写入客户历史记录的简要说明",
  "wrap.callback": "预约回电",
  "wrap.callbackAt": "回电时间",
  "wrap.callbackNeedsCustomer": "预约回电需要已识别的客户。",
  "wrap.callbackNote": "通话中承诺回电",
  "wrap.submit": "保存话后处理",
  "wrap.saved": "话后处理已保存，可以切换为就绪。",
  "wrap.unavailable": "此服务器暂不支持保存话后处理。",

  "script.pick": "话术",
  "script.noneTitle": "暂无话术",
  "script.noneText": "此队列没有配置话术。",
  "script.missing": "未填充：{names}",

  "kb.search": "搜索知识库",
  "kb.placeholder": "搜索文章…",
  "kb.hint": "可用中文或英文关键词搜索。",
  "kb.noHits": "未找到与“{q}”相关的内容。",
  "kb.back": "返回结果",

  "shortcut.title": "快捷键",
  "shortcut.answer": "接听来电",
  "shortcut.hangup": "挂断或拒接",
  "shortcut.hold": "保持或恢复",
  "shortcut.mute": "静音或取消静音",
  "shortcut.ready": "切换为就绪",
  "shortcut.help": "显示快捷键",
  "shortcut.note": "Alt 组合键在页面任何位置都可用，输入文字时也可以。",

  "supervisor.title": "班组监控",
  "supervisor.lead": "实时查看队列和坐席状态，在通话进行中协助你的团队。",
  "supervisor.wallboard": "队列实况",
  "supervisor.agents": "坐席",
  "supervisor.waiting": "排队来电",
  "supervisor.phone": "你的话机与监听",
  "supervisor.noQueues": "还没有队列。",
  "supervisor.noneWaiting": "当前无人排队。",
  "supervisor.figure.waiting": "排队来电",
  "supervisor.figure.longestWait": "最长等待",
  "supervisor.figure.serviceLevel": "服务水平",
  "supervisor.figure.asa": "平均应答",
  "supervisor.figure.abandonRate": "放弃率",
  "supervisor.figure.answered": "已接听",
  "supervisor.level.warn": "接近上限",
  "supervisor.level.alarm": "超出上限",
  "supervisor.agentsByState": "各状态坐席数",
  "supervisor.state.ready": "就绪",
  "supervisor.state.on_call": "通话中",
  "supervisor.state.ringing": "振铃",
  "supervisor.state.wrap_up": "话后整理",
  "supervisor.state.not_ready": "未就绪",
  "supervisor.state.logged_out": "已登出",
  "supervisor.filter.state": "状态",
  "supervisor.filter.queue": "队列",
  "supervisor.filter.all": "全部",
  "supervisor.col.agent": "坐席",
  "supervisor.col.state": "状态",
  "supervisor.col.time": "持续时间",
  "supervisor.col.call": "当前通话",
  "supervisor.col.calls": "今日通话",
  "supervisor.col.aht": "平均处理",
  "supervisor.col.acw": "话后整理",
  "supervisor.col.change": "设置状态",
  "supervisor.col.queue": "队列",
  "supervisor.col.caller": "来电号码",
  "supervisor.col.wait": "已等待",
  "supervisor.col.move": "转到",
  "supervisor.changeStateOf": "设置 {name} 的状态",
  "supervisor.moveTo": "转到其他队列",
  "supervisor.raisePriority": "优先接听",
  "supervisor.monitor.label": "监控此通话",
  "supervisor.monitor.listen": "监听",
  "supervisor.monitor.whisper": "耳语",
  "supervisor.monitor.barge": "强插",
  "supervisor.monitor.takeOver": "接管",
  "supervisor.monitor.stop": "停止监控",
  "supervisor.monitor.hangUp": "挂断",
  "supervisor.monitorState.ringing": "你的话机正在振铃（{mode}）…",
  "supervisor.monitorState.joined": "你已加入通话：{mode}",
  "supervisor.monitorState.taken_over": "你已接管通话，正在与来电者通话",
  "supervisor.monitorState.ended": "监控已结束",

  "admin.title": "系统管理",
  "admin.lead": "配置呼叫中心：人员、队列、线路和呼叫流程。",
  "admin.toolsTitle": "现已可用",
  "admin.docs": "API 文档",
  "admin.docsText": "HTTP API 的全部接口、请求与响应说明。",
  "admin.openDocs": "打开 API 文档",
  "admin.item.users": "用户与角色",
  "admin.item.usersText": "添加人员，设置角色和分机，重置密码。",
  "admin.item.queues": "队列与技能",
  "admin.item.queuesText": "决定哪些坐席接听哪些电话，以及接听顺序。",
  "admin.item.trunks": "中继与号码",
  "admin.item.trunksText": "接入运营商线路，并为每个呼入号码指定呼叫流程。",
  "admin.item.ivr": "呼叫流程",
  "admin.item.ivrText": "无需编程即可配置语音菜单、营业时间和提示音。",

  "notAllowed.title": "你无权访问此区域",
  "notAllowed.text": "你的角色（{role}）不包含「{area}」。如工作需要，请联系管理员。",
  "notAllowed.home": "前往{area}",

  "notFound.title": "页面不存在",
  "notFound.text": "{path} 下没有内容，页面可能已移动，或链接有误。",
  "notFound.home": "前往{area}",
};

const catalogs: Record<Language, Messages> = { en, "zh-CN": zhCN };

/** Values substituted for `{name}` placeholders in a message. */
export type MessageParams = Record<string, string | number>;

/** Fired on {@linkcode languageEvents} as `change` after the language switches. */
export const languageEvents: EventTarget = new EventTarget();

let current: Language = "en";

/** Whether `value` names one of the shipped languages. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Picks the language to start with: the stored choice, else the first
 * browser language we have a catalog for, else English.
 */
export function detectLanguage(
  stored: string | null,
  browserLanguages: readonly string[],
): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browserLanguages) {
    const lower = tag.toLowerCase();
    if (lower.startsWith("zh")) return "zh-CN";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

/** The language the UI currently renders in. */
export function getLanguage(): Language {
  return current;
}

/**
 * Switches the UI language: updates `<html lang>`, remembers the choice and
 * tells every {@linkcode I18nController} host to re-render.
 */
export function setLanguage(lang: Language, options: { persist?: boolean } = {}): void {
  if (!isLanguage(lang)) throw new RangeError(`Unsupported language: ${lang}`);
  const changed = lang !== current;
  current = lang;
  if (typeof document !== "undefined") document.documentElement.lang = lang;
  if (options.persist ?? true) {
    try {
      globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lang);
    } catch {
      // Storage may be disabled (private mode); the choice then lasts for this page only.
    }
  }
  if (changed) languageEvents.dispatchEvent(new Event("change"));
}

/** Sets the starting language from storage and the browser, without persisting it. */
export function initLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    stored = null;
  }
  const browser = typeof navigator === "undefined"
    ? []
    : navigator.languages?.length
    ? navigator.languages
    : [navigator.language];
  const lang = detectLanguage(stored, browser);
  setLanguage(lang, { persist: false });
  return lang;
}

/**
 * Translates `key` into the current language, replacing `{name}` placeholders
 * with `params`. Unknown placeholders are left as they are.
 */
export function t(key: MessageKey, params?: MessageParams): string {
  const template = catalogs[current][key] ?? en[key] ?? key;
  if (!params) return template;
  return template.replace(
    /\{(\w+)\}/g,
    (whole, name: string) => name in params ? String(params[name]) : whole,
  );
}

/**
 * Re-renders its host when the language changes. Add one to every element
 * that renders translated text:
 *
 * ```ts
 * private readonly i18n = new I18nController(this);
 * ```
 */
export class I18nController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #onChange = () => this.#host.requestUpdate();
  #renderedIn: Language | null = null;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The language the host renders in. */
  get language(): Language {
    return current;
  }

  hostConnected(): void {
    languageEvents.addEventListener("change", this.#onChange);
    // The language may have changed while the host was detached.
    if (this.#renderedIn !== current) this.#host.requestUpdate();
  }

  hostUpdated(): void {
    this.#renderedIn = current;
  }

  hostDisconnected(): void {
    languageEvents.removeEventListener("change", this.#onChange);
  }
}
