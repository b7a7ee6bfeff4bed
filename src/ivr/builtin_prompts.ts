import type { IvrLanguage } from "./call_port.ts";

/**
 * Prompts every installation has, with the words they say in each language. Flows may
 * use them without uploading anything; where no recording is installed the media
 * layer can speak the text. An uploaded prompt of the same name replaces the words.
 */
export const BUILTIN_PROMPTS: Readonly<Record<string, Readonly<Record<IvrLanguage, string>>>> = {
  welcome: {
    en: "Welcome to our service center.",
    "zh-CN": "您好，欢迎致电客户服务中心。",
  },
  main_menu: {
    en: "For sales, press 1. For support, press 2. For the status of your case, press 3. " +
      "To leave a message, press 9. To speak to an operator, press 0.",
    "zh-CN": "销售请按1，技术支持请按2，查询工单进度请按3，留言请按9，人工服务请按0。",
  },
  closed: {
    en: "Our office is closed now. We are open Monday to Friday, 9 am to 6 pm.",
    "zh-CN": "现在是非工作时间。我们的工作时间是周一至周五上午9点到下午6点。",
  },
  holiday: {
    en: "Our office is closed for the public holiday.",
    "zh-CN": "节假日期间我们暂停服务。",
  },
  after_hours_menu: {
    en: "To leave a message, press 1. To ask for a call back, press 2.",
    "zh-CN": "留言请按1，预约回电请按2。",
  },
  goodbye: { en: "Thank you for calling. Goodbye.", "zh-CN": "感谢您的来电，再见。" },
  invalid_choice: {
    en: "Sorry, that is not a valid choice.",
    "zh-CN": "对不起，您的选择无效。",
  },
  no_input: {
    en: "Sorry, we did not hear your choice.",
    "zh-CN": "对不起，我们没有收到您的按键。",
  },
  invalid_entry: {
    en: "Sorry, that number is not valid.",
    "zh-CN": "对不起，您输入的号码无效。",
  },
  enter_account: {
    en: "Please enter your account number, followed by the hash key.",
    "zh-CN": "请输入您的客户编号，以井号键结束。",
  },
  account_not_found: {
    en: "Sorry, we could not find that account.",
    "zh-CN": "对不起，没有找到该客户编号。",
  },
  case_status_intro: {
    en: "The status of your latest case is:",
    "zh-CN": "您最近一个工单的状态是：",
  },
  status_new: { en: "received, not yet started.", "zh-CN": "已受理，尚未处理。" },
  status_open: { en: "being worked on.", "zh-CN": "正在处理中。" },
  status_pending_customer: { en: "waiting for your reply.", "zh-CN": "等待您的回复。" },
  status_escalated: { en: "with our specialists.", "zh-CN": "已转交专家处理。" },
  status_resolved: { en: "resolved.", "zh-CN": "已解决。" },
  status_closed: { en: "closed.", "zh-CN": "已关闭。" },
  status_reopened: { en: "reopened and being worked on.", "zh-CN": "已重新打开，正在处理中。" },
  last_updated: { en: "It was last updated on", "zh-CN": "最近更新日期是" },
  no_cases: { en: "We have no cases on your account.", "zh-CN": "您的账户下没有工单。" },
  open_cases_count: { en: "Open cases on your account:", "zh-CN": "您未结的工单数量是：" },
  anything_else: {
    en: "To speak to an agent, press 0. To go back to the main menu, press star.",
    "zh-CN": "转人工服务请按0，返回主菜单请按星号键。",
  },
  voicemail_greeting: {
    en: "Please leave your message after the tone. Press hash when you are done.",
    "zh-CN": "请在提示音后留言，留言完毕请按井号键。",
  },
  voicemail_saved: {
    en: "Your message has been saved. Goodbye.",
    "zh-CN": "您的留言已保存，再见。",
  },
  callback_confirm: {
    en: "We will call you back in turn. Goodbye.",
    "zh-CN": "我们会按顺序给您回电，再见。",
  },
  please_hold: {
    en: "Please hold, we are connecting you.",
    "zh-CN": "正在为您转接，请稍候。",
  },
  transfer_connecting: { en: "Transferring your call.", "zh-CN": "正在为您转接。" },
  survey_intro: {
    en: "Please take a moment to rate the service you received.",
    "zh-CN": "请您对本次服务进行评价。",
  },
  survey_satisfaction: {
    en: "How satisfied were you with our agent? Press 1 to 5, 5 is best.",
    "zh-CN": "您对本次服务是否满意？请按1到5评分，5分为非常满意。",
  },
  survey_resolved: {
    en: "Did we solve your problem? Press 5 for yes, 1 for no.",
    "zh-CN": "您的问题是否已解决？已解决请按5，未解决请按1。",
  },
  survey_thanks: { en: "Thank you for your feedback.", "zh-CN": "感谢您的评价。" },
  language_menu: {
    en: "For English, press 1. 普通话请按2。",
    "zh-CN": "普通话请按2。For English, press 1.",
  },
  technical_difficulties: {
    en: "Sorry, we have a technical problem. Please call again later.",
    "zh-CN": "对不起，系统出现故障，请稍后再拨。",
  },
};
