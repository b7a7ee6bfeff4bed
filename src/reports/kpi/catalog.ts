/**
 * Every figure a report shows, with its unit and the formula shown on hover (KPI.md's
 * definitions, in English and Chinese).
 */
export interface MetricInfo {
  id: string;
  unit: "%" | "s" | "count" | "ratio" | "money";
  name: { en: string; "zh-CN": string };
  formula: { en: string; "zh-CN": string };
}

const NAMES: Record<string, [string, string]> = {
  service_level: ["Service level", "服务水平"],
  answer_rate: ["Answer rate", "接通率"],
  abandon_rate: ["Abandon rate", "放弃率"],
  short_abandon_rate: ["Short abandons", "短时放弃率"],
  connection_rate_inbound: ["Inbound connection rate", "呼入接通率"],
  connection_rate_outbound: ["Outbound connection rate", "外呼接通率"],
  blocked_rate: ["Blocked rate", "阻塞率"],
  queue_rate: ["Queue rate", "排队率"],
  asa_s: ["ASA (s)", "平均应答速度（秒）"],
  avg_time_to_abandon_s: ["Time to abandon (s)", "平均放弃时间（秒）"],
  longest_wait_s: ["Longest wait (s)", "最长等待（秒）"],
  avg_ring_count: ["Rings per call", "平均振铃次数"],
  aht_s: ["AHT (s)", "平均处理时长（秒）"],
  avg_talk_s: ["Talk (s)", "平均通话时长（秒）"],
  avg_hold_s: ["Hold (s)", "平均保持时长（秒）"],
  avg_acw_s: ["ACW (s)", "平均话后处理（秒）"],
  occupancy: ["Occupancy", "占用率"],
  utilisation: ["Utilisation", "利用率"],
  calls_per_hour: ["Calls per hour", "每小时处理量"],
  adherence: ["Adherence", "排班遵从率"],
  attendance: ["Attendance", "出勤率"],
  transfer_rate: ["Transfer rate", "转接率"],
  transfer_rate_blind: ["Blind transfers", "盲转率"],
  transfer_rate_consulted: ["Consulted transfers", "咨询转接率"],
  fcr: ["FCR", "首次解决率"],
  cases_within_sla: ["Cases within SLA", "SLA 内解决工单"],
  cases_breached: ["Cases breached", "超时解决工单"],
  case_sla_rate: ["Case SLA rate", "工单 SLA 达成率"],
  csat_average: ["CSAT", "满意度均分"],
  csat_satisfied: ["Satisfied (4–5)", "满意占比（4–5）"],
  csat_response_rate: ["Survey response", "调查参与率"],
  qa_pass_rate: ["QA pass rate", "质检合格率"],
  cost_per_call: ["Cost per call", "单呼成本"],
  agent_turnover: ["Agent turnover", "坐席流失率"],
};

const m = (id: string, unit: MetricInfo["unit"], en: string, zh: string): MetricInfo => ({
  id,
  unit,
  name: { en: NAMES[id][0], "zh-CN": NAMES[id][1] },
  formula: { en, "zh-CN": zh },
});

export const METRICS: readonly MetricInfo[] = [
  m(
    "service_level",
    "%",
    "answered within T ÷ (offered − short abandons) × 100",
    "T 秒内接听数 ÷ (进线数 − 短时放弃数) × 100",
  ),
  m("answer_rate", "%", "answered ÷ offered × 100", "接听数 ÷ 进线数 × 100"),
  m(
    "abandon_rate",
    "%",
    "(abandoned − short abandons) ÷ (offered − short abandons) × 100",
    "(放弃数 − 短时放弃数) ÷ (进线数 − 短时放弃数) × 100",
  ),
  m("short_abandon_rate", "%", "short abandons ÷ offered × 100", "短时放弃数 ÷ 进线数 × 100"),
  m(
    "connection_rate_inbound",
    "%",
    "(completed in IVR self-service + answered by agents) ÷ calls entering the system × 100",
    "(IVR 自助完成数 + 人工接听数) ÷ 进入系统的来电数 × 100",
  ),
  m("connection_rate_outbound", "%", "connected ÷ dialed × 100", "接通数 ÷ 拨打数 × 100"),
  m("blocked_rate", "%", "blocked ÷ all incoming calls × 100", "阻塞数 ÷ 全部来电数 × 100"),
  m(
    "queue_rate",
    "%",
    "calls that had to wait in a queue ÷ all incoming calls × 100",
    "排队等待的来电数 ÷ 全部来电数 × 100",
  ),
  m(
    "asa_s",
    "s",
    "total queue wait of answered calls ÷ answered",
    "已接听来电的排队总时长 ÷ 接听数",
  ),
  m(
    "avg_time_to_abandon_s",
    "s",
    "total wait of abandoned calls ÷ abandoned (short abandons excluded)",
    "放弃来电的等待总时长 ÷ 放弃数（不含短时放弃）",
  ),
  m("longest_wait_s", "s", "the largest queue wait in the period", "期间内最长的排队等待"),
  m(
    "avg_ring_count",
    "ratio",
    "rings heard before the IVR or an agent answered ÷ calls (a ring = 6 s)",
    "IVR 或坐席应答前的振铃次数 ÷ 来电数（每 6 秒一次振铃）",
  ),
  m("aht_s", "s", "(talk + ACW) ÷ handled calls", "(通话时长 + 话后处理时长) ÷ 处理量"),
  m("avg_talk_s", "s", "talk ÷ handled calls", "通话时长 ÷ 处理量"),
  m("avg_hold_s", "s", "hold ÷ handled calls", "保持时长 ÷ 处理量"),
  m("avg_acw_s", "s", "ACW ÷ handled calls", "话后处理时长 ÷ 处理量"),
  m(
    "occupancy",
    "%",
    "(talk + hold + ACW) ÷ (talk + hold + ACW + available idle) × 100",
    "(通话 + 保持 + 话后处理) ÷ (通话 + 保持 + 话后处理 + 空闲就绪) × 100",
  ),
  m("utilisation", "%", "handling time ÷ logged-in time × 100", "处理时长 ÷ 登录时长 × 100"),
  m("calls_per_hour", "ratio", "calls handled ÷ logged-in hours", "处理量 ÷ 登录小时数"),
  m(
    "adherence",
    "%",
    "time logged in and working ÷ scheduled working time × 100",
    "登录且处于工作状态的时长 ÷ 排班工作时长 × 100",
  ),
  m(
    "attendance",
    "%",
    "agents who logged in ÷ agents scheduled × 100",
    "实际登录坐席数 ÷ 排班坐席数 × 100",
  ),
  m(
    "transfer_rate",
    "%",
    "calls transferred by the answering agent ÷ answered × 100",
    "接听坐席转出的来电数 ÷ 接听数 × 100",
  ),
  m("transfer_rate_blind", "%", "blind transfers ÷ answered × 100", "盲转数 ÷ 接听数 × 100"),
  m(
    "transfer_rate_consulted",
    "%",
    "consulted transfers ÷ answered × 100",
    "咨询转接数 ÷ 接听数 × 100",
  ),
  m(
    "fcr",
    "%",
    "answered calls resolved with no repeat contact on the same category within N days ÷ answered × 100",
    "已解决且 N 天内同一客户同一类别无重复来电的接听数 ÷ 接听数 × 100",
  ),
  m(
    "cases_within_sla",
    "count",
    "cases resolved in the period by their SLA due time",
    "期间内在 SLA 到期前解决的工单数",
  ),
  m(
    "cases_breached",
    "count",
    "cases resolved in the period after their SLA due time",
    "期间内超过 SLA 到期时间才解决的工单数",
  ),
  m(
    "case_sla_rate",
    "%",
    "cases resolved within SLA ÷ cases resolved with an SLA due time × 100",
    "SLA 内解决的工单数 ÷ 有 SLA 到期时间的已解决工单数 × 100",
  ),
  m("csat_average", "ratio", "average post-call survey score (1–5)", "话后满意度调查平均分（1–5）"),
  m("csat_satisfied", "%", "surveys scoring 4–5 ÷ surveys × 100", "4–5 分的调查数 ÷ 调查数 × 100"),
  m(
    "csat_response_rate",
    "%",
    "surveyed calls ÷ answered × 100",
    "参与调查的来电数 ÷ 接听数 × 100",
  ),
  m(
    "qa_pass_rate",
    "%",
    "QA evaluations at or above the pass mark ÷ evaluations × 100",
    "达到合格分的质检数 ÷ 质检数 × 100",
  ),
  m("cost_per_call", "money", "period cost ÷ all incoming calls", "期间成本 ÷ 全部来电数"),
  m(
    "agent_turnover",
    "%",
    "agents leaving in the period ÷ average headcount × 100",
    "期间离职坐席数 ÷ 平均在职人数 × 100",
  ),
];

export type MetricId = typeof METRICS[number]["id"];
