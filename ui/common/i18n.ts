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
  "agent.lead":
    "Take and place calls, see who is calling, and record what happened — all from this page.",
  "agent.statusTitle": "Your station",
  "agent.extension": "Extension",
  "agent.role": "Role",
  "agent.noCalls": "No calls yet",
  "agent.noCallsText": "When calls are routed to you, the caller and their history appear here.",
  "agent.item.softphone": "Browser softphone",
  "agent.item.softphoneText":
    "Answer, hold and transfer calls with a headset — no desk phone needed.",
  "agent.item.status": "Ready and break status",
  "agent.item.statusText": "Tell the queues when you can take calls, with wrap-up time after each.",
  "agent.item.customer": "Customer card",
  "agent.item.customerText": "The caller's details and open cases shown the moment the call rings.",
  "agent.item.notes": "Dispositions and notes",
  "agent.item.notesText": "Close each call with an outcome and a note your team can read later.",

  "supervisor.title": "Supervision",
  "supervisor.lead": "Watch queues and agents in real time and help your team while calls happen.",
  "supervisor.figuresLabel": "Today at a glance",
  "supervisor.figure.waiting": "Calls waiting",
  "supervisor.figure.longestWait": "Longest wait",
  "supervisor.figure.serviceLevel": "Service level",
  "supervisor.figure.agentsReady": "Agents ready",
  "supervisor.noData": "No data yet",
  "supervisor.emptyTitle": "Nothing to show yet",
  "supervisor.emptyText":
    "Queue figures and agent states appear here once calls start flowing through the center.",
  "supervisor.item.wallboard": "Live wallboard",
  "supervisor.item.wallboardText": "Calls waiting, longest wait and service level for every queue.",
  "supervisor.item.agents": "Agent states",
  "supervisor.item.agentsText":
    "Who is ready, talking, wrapping up or on a break, and for how long.",
  "supervisor.item.coaching": "Listen, whisper and barge",
  "supervisor.item.coachingText": "Join a live call silently, coach the agent, or step in.",
  "supervisor.item.quality": "Recordings and quality review",
  "supervisor.item.qualityText": "Play back calls and score them against your team's checklist.",

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
  "agent.lead": "在此页面接听和拨打电话、查看来电客户，并记录通话结果。",
  "agent.statusTitle": "我的坐席",
  "agent.extension": "分机",
  "agent.role": "角色",
  "agent.noCalls": "暂无通话",
  "agent.noCallsText": "有电话分配给你时，来电客户及其历史记录会显示在这里。",
  "agent.item.softphone": "网页软电话",
  "agent.item.softphoneText": "戴上耳机即可接听、保持和转接电话，无需桌面话机。",
  "agent.item.status": "就绪与小休状态",
  "agent.item.statusText": "告诉队列你何时可以接听，每通电话后留有整理时间。",
  "agent.item.customer": "客户信息卡",
  "agent.item.customerText": "电话响起时即显示来电客户资料和未结工单。",
  "agent.item.notes": "通话小结与备注",
  "agent.item.notesText": "为每通电话选择处理结果并填写备注，方便团队后续查看。",

  "supervisor.title": "班组监控",
  "supervisor.lead": "实时查看队列和坐席状态，在通话进行中协助你的团队。",
  "supervisor.figuresLabel": "今日概览",
  "supervisor.figure.waiting": "排队来电",
  "supervisor.figure.longestWait": "最长等待",
  "supervisor.figure.serviceLevel": "服务水平",
  "supervisor.figure.agentsReady": "就绪坐席",
  "supervisor.noData": "暂无数据",
  "supervisor.emptyTitle": "暂无数据",
  "supervisor.emptyText": "呼叫中心开始接入电话后，队列指标和坐席状态会显示在这里。",
  "supervisor.item.wallboard": "实时大屏",
  "supervisor.item.wallboardText": "每个队列的排队数、最长等待时间和服务水平。",
  "supervisor.item.agents": "坐席状态",
  "supervisor.item.agentsText": "谁在就绪、通话、整理或小休，以及持续了多久。",
  "supervisor.item.coaching": "监听、耳语与强插",
  "supervisor.item.coachingText": "静默旁听通话、指导坐席，或直接介入。",
  "supervisor.item.quality": "录音与质检",
  "supervisor.item.qualityText": "回放通话录音，并按团队评分表打分。",

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
