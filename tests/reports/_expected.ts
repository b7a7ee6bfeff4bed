import type { Figures } from "../../src/reports/mod.ts";
import { METRICS } from "../../src/reports/mod.ts";

/**
 * Every figure of the fixture (_fixture.ts), worked out by hand. Notation: I1 =
 * 09:00–09:15, I2 = 09:15–09:30; times in seconds.
 */

/** No figure at all: what a scope shows where it has nothing. */
export const NONE: Figures = Object.fromEntries(METRICS.map((m) => [m.id, null]));

// Center, I1. Incoming: c1–c4, c6–c8 offered + c5 blocked = 8. Queues: offered 5 (Sales
// c1–c4, Support c8), answered 3 (c1 10 s within, c2 45 s, c8 210 s), abandoned 2 (c3
// short 10 s, c4 60 s), blocked 2 (c5 trunk, c6 queue full), all 5 waited. Handled 3
// (ann c1 158+40, bob c2 80+15, cat c2 120+30): talk 358, ACW 85, hold 30 (c1).
// Ready 462 (ann) + 625 (bob) + 510 (cat) = 1597; logged in 900 + 900 + 660 = 2460.
export const CENTER_I1: Figures = {
  service_level: 25.0, // 1 ÷ (5 − 1)
  answer_rate: 60.0, // 3 ÷ 5
  abandon_rate: 25.0, // (2 − 1) ÷ (5 − 1)
  short_abandon_rate: 20.0, // 1 ÷ 5
  connection_rate_inbound: 50.0, // (1 self-service c7 + 3) ÷ 8
  connection_rate_outbound: null,
  blocked_rate: 25.0, // 2 ÷ 8
  queue_rate: 62.5, // 5 ÷ 8
  asa_s: 88.3, // (10 + 45 + 210) ÷ 3
  avg_time_to_abandon_s: 60.0, // 60 ÷ 1
  longest_wait_s: 210.0,
  avg_ring_count: 0.4, // (2 + 1) rings ÷ 7 calls answered by the appliance
  aht_s: 147.7, // (358 + 85) ÷ 3
  avg_talk_s: 119.3, // 358 ÷ 3
  avg_hold_s: 10.0, // 30 ÷ 3
  avg_acw_s: 28.3, // 85 ÷ 3
  occupancy: 22.9, // (358 + 30 + 85) ÷ (473 + 1597)
  utilisation: 18.0, // 443 ÷ 2460
  calls_per_hour: 4.39, // 3 ÷ (2460 ÷ 3600)
  adherence: 64.2, // (660 + 720 + 660 + 0) ÷ (660 + 720 + 900 + 900)
  attendance: 75.0, // ann, bob, cat of ann, bob, cat, dan
  transfer_rate: 33.3, // 1 blind (bob, c2) ÷ 3
  transfer_rate_blind: 33.3,
  transfer_rate_consulted: 0.0,
  fcr: 50.0, // c2 of c1 (repeat on billing 3 days later), c2
  csat_average: 4, // (5 + 4 + 3) ÷ 3
  csat_satisfied: 66.7, // 2 ÷ 3
  csat_response_rate: 66.7, // surveyed calls c1, c2 ÷ 3 answered
  qa_pass_rate: 50.0, // ann 85 passes, bob 70 fails (mark 80)
  cost_per_call: 12.5, // 400 per hour → 100 ÷ 8
  agent_turnover: 22.2, // eve leaves ÷ ((5 + 4) ÷ 2)
  cases_within_sla: 1, // k1 within, k2 breached
  cases_breached: 1,
  case_sla_rate: 50.0,
};

// Center, I2. Incoming c9, c10, c13 = 3; c13 blocked (the IVR found the center closed
// and only hung up). Support: offered 2, answered 1 (c9 20 s within 30), abandoned 1 (c10
// 90 s). Handled 3 (ann c8 60+10, cat c8 120+30, bob c9 262+30): talk 442, ACW 70, hold
// 60 + 20 (c9, bob's own and his consultation) + 10 (c8, while cat's phone rang for
// ann's conference) = 90. ann's conference hands c8 to cat (09:16:30): a consulted
// transfer. Outbound c11 connected, c12 not. Ready 530 + 38 + 750 = 1318; logged in 600
// + 330 + 900 = 1830.
export const CENTER_I2: Figures = {
  service_level: 50.0,
  answer_rate: 50.0,
  abandon_rate: 50.0,
  short_abandon_rate: 0.0,
  connection_rate_inbound: 33.3, // (0 + 1) ÷ 3
  connection_rate_outbound: 50.0,
  blocked_rate: 33.3, // 1 ÷ 3
  queue_rate: 66.7, // 2 ÷ 3
  asa_s: 20.0,
  avg_time_to_abandon_s: 90.0,
  longest_wait_s: 90.0,
  avg_ring_count: 1.0, // (3 + 0 + 0) ÷ 3
  aht_s: 170.7, // 512 ÷ 3
  avg_talk_s: 147.3,
  avg_hold_s: 30.0, // 90 ÷ 3
  avg_acw_s: 23.3,
  occupancy: 31.4, // 602 ÷ (602 + 1318)
  utilisation: 28.0, // 512 ÷ 1830
  calls_per_hour: 5.9, // 3 ÷ (1830 ÷ 3600)
  adherence: 50.8, // (600 + 330 + 900 + 0) ÷ 3600
  attendance: 75.0,
  transfer_rate: 100.0, // ann's consultation ÷ 1 answered in I2
  transfer_rate_blind: 0.0,
  transfer_rate_consulted: 100.0,
  fcr: 50.0, // c9 of c8 (not resolved), c9
  csat_average: 4,
  csat_satisfied: 100.0,
  csat_response_rate: 100.0,
  qa_pass_rate: 100.0, // 90 and 80 (at the mark) both pass
  cost_per_call: 33.33, // 100 ÷ 3
  agent_turnover: 0.0,
  cases_within_sla: 2, // k3, k4
  cases_breached: 0,
  case_sla_rate: 100.0,
};

// Center, whole half hour: the sums of I1 and I2.
export const CENTER_TOTAL: Figures = {
  service_level: 33.3, // 2 ÷ (7 − 1)
  answer_rate: 57.1, // 4 ÷ 7
  abandon_rate: 33.3, // (3 − 1) ÷ 6
  short_abandon_rate: 14.3, // 1 ÷ 7
  connection_rate_inbound: 45.5, // (1 + 4) ÷ 11
  connection_rate_outbound: 50.0,
  blocked_rate: 27.3, // 3 ÷ 11
  queue_rate: 63.6, // 7 ÷ 11
  asa_s: 71.3, // 285 ÷ 4 = 71.25
  avg_time_to_abandon_s: 75.0, // (60 + 90) ÷ 2
  longest_wait_s: 210.0,
  avg_ring_count: 0.6, // 6 ÷ 10
  aht_s: 159.2, // 955 ÷ 6
  avg_talk_s: 133.3, // 800 ÷ 6
  avg_hold_s: 20.0, // 120 ÷ 6
  avg_acw_s: 25.8, // 155 ÷ 6
  occupancy: 26.9, // 1075 ÷ (1075 + 2915)
  utilisation: 22.3, // 955 ÷ 4290
  calls_per_hour: 5.03, // 6 ÷ (4290 ÷ 3600)
  adherence: 57.1, // 3870 ÷ 6780
  attendance: 75.0,
  transfer_rate: 50.0, // 2 ÷ 4
  transfer_rate_blind: 25.0,
  transfer_rate_consulted: 25.0,
  fcr: 50.0,
  csat_average: 4, // (5 + 4 + 3 + 4) ÷ 4
  csat_satisfied: 75.0,
  csat_response_rate: 75.0, // c1, c2, c9 ÷ 4
  qa_pass_rate: 75.0,
  cost_per_call: 18.18, // 200 ÷ 11
  agent_turnover: 22.2,
  cases_within_sla: 3, // k5 falls after the period
  cases_breached: 1,
  case_sla_rate: 75.0,
};

// Sales, I1 (everything of Sales happens in I1): offered 4, answered 2 (c1 within, c2
// not), abandoned 2 (c3 short), blocked 1 (c6); incoming to the queue 4 + 1 = 5.
export const SALES_I1: Figures = {
  ...NONE,
  service_level: 33.3, // 1 ÷ 3
  answer_rate: 50.0,
  abandon_rate: 33.3, // 1 ÷ 3
  short_abandon_rate: 25.0,
  connection_rate_inbound: 40.0, // 2 ÷ 5
  blocked_rate: 20.0, // 1 ÷ 5
  queue_rate: 80.0, // 4 ÷ 5
  asa_s: 27.5, // (10 + 45) ÷ 2
  avg_time_to_abandon_s: 60.0,
  longest_wait_s: 60.0,
  aht_s: 147.7, // the same three handled calls as the center's I1
  avg_talk_s: 119.3,
  avg_hold_s: 10.0,
  avg_acw_s: 28.3,
  transfer_rate: 50.0, // 1 ÷ 2
  transfer_rate_blind: 50.0,
  transfer_rate_consulted: 0.0,
  fcr: 50.0,
  csat_average: 4,
  csat_satisfied: 66.7,
  csat_response_rate: 100.0, // c1, c2 ÷ 2
  qa_pass_rate: 50.0,
};

// Support, I1: only c8 entered (answered in I2 after 210 s, counted where it entered).
export const SUPPORT_I1: Figures = {
  ...NONE,
  service_level: 0.0, // 210 s > T = 30 s
  answer_rate: 100.0,
  abandon_rate: 0.0,
  short_abandon_rate: 0.0,
  connection_rate_inbound: 100.0,
  blocked_rate: 0.0,
  queue_rate: 100.0,
  asa_s: 210.0,
  longest_wait_s: 210.0,
  transfer_rate: 0.0,
  transfer_rate_blind: 0.0,
  transfer_rate_consulted: 0.0,
  csat_response_rate: 0.0,
};

export const SUPPORT_I2: Figures = {
  ...NONE,
  service_level: 50.0,
  answer_rate: 50.0,
  abandon_rate: 50.0,
  short_abandon_rate: 0.0,
  connection_rate_inbound: 50.0,
  blocked_rate: 0.0,
  queue_rate: 100.0,
  asa_s: 20.0,
  avg_time_to_abandon_s: 90.0,
  longest_wait_s: 90.0,
  aht_s: 170.7,
  avg_talk_s: 147.3,
  avg_hold_s: 30.0, // (60 + 20 + 10) ÷ 3
  avg_acw_s: 23.3,
  transfer_rate: 100.0,
  transfer_rate_blind: 0.0,
  transfer_rate_consulted: 100.0,
  fcr: 50.0,
  csat_average: 4,
  csat_satisfied: 100.0,
  csat_response_rate: 100.0,
  qa_pass_rate: 100.0,
};

// ann, I1: answered c1 (10 s) and c8 (210 s, entered in I1); handled c1 (158 + 40, hold
// 30). Ready 462, logged in 900. Scheduled 660 working (break 09:10–09:14), worked 660.
export const ANN_I1: Figures = {
  ...NONE,
  asa_s: 110.0,
  longest_wait_s: 210.0,
  aht_s: 198.0,
  avg_talk_s: 158.0,
  avg_hold_s: 30.0,
  avg_acw_s: 40.0,
  occupancy: 33.0, // 228 ÷ (228 + 462)
  utilisation: 22.0, // 198 ÷ 900
  calls_per_hour: 4,
  adherence: 100.0,
  attendance: 100.0,
  transfer_rate: 0.0,
  transfer_rate_blind: 0.0,
  transfer_rate_consulted: 0.0,
  fcr: 0.0, // c1 has a repeat
  csat_average: 4.5,
  csat_satisfied: 100.0,
  csat_response_rate: 50.0, // c1 ÷ 2 answered
  qa_pass_rate: 100.0,
  cases_within_sla: 1,
  cases_breached: 0,
  case_sla_rate: 100.0,
};

// ann, I2: handled c8 (60 + 10, the caller held 10 s while cat's phone rang for the
// conference); ready 530, logged in 600; worked 600 of 900 scheduled.
export const ANN_I2: Figures = {
  ...NONE,
  aht_s: 70.0,
  avg_talk_s: 60.0,
  avg_hold_s: 10.0,
  avg_acw_s: 10.0,
  occupancy: 13.1, // (70 + 10) ÷ (80 + 530)
  utilisation: 11.7,
  calls_per_hour: 6,
  adherence: 66.7,
  attendance: 100.0,
  fcr: 0.0,
  qa_pass_rate: 100.0,
  cases_within_sla: 0,
  cases_breached: 0,
  case_sla_rate: null,
};

// bob: answered c2 (45 s) and c9 (20 s); handled c2 (80 + 15) and c9 (262 + 30, hold 80);
// ready 625 + 38, logged in 900 + 330; worked 720 + 330 of 720 + 900 scheduled.
export const BOB_TOTAL: Figures = {
  asa_s: 32.5,
  aht_s: 193.5,
  avg_talk_s: 171.0,
  avg_hold_s: 40.0, // 80 ÷ 2
  avg_acw_s: 22.5,
  occupancy: 41.3, // 467 ÷ (467 + 663)
  utilisation: 31.5, // 387 ÷ 1230
  calls_per_hour: 5.85,
  adherence: 64.8, // 1050 ÷ 1620
  transfer_rate: 50.0,
  transfer_rate_blind: 50.0,
  transfer_rate_consulted: 0.0,
  qa_pass_rate: 50.0,
  fcr: 100.0,
  csat_average: 4,
  service_level: null,
  cases_within_sla: 1,
  cases_breached: 1,
  case_sla_rate: 50.0,
};

// cat answered nothing from a queue; took c2 and c8 by transfer (120 + 30 each).
export const CAT_TOTAL: Figures = {
  asa_s: null,
  aht_s: 150.0,
  avg_talk_s: 120.0,
  avg_hold_s: 0.0,
  avg_acw_s: 30.0,
  occupancy: 19.2, // 300 ÷ (300 + 1260)
  utilisation: 19.2, // 300 ÷ 1560
  calls_per_hour: 4.62,
  adherence: 86.7, // 1560 ÷ 1800
  transfer_rate: null,
  qa_pass_rate: null,
  fcr: null,
  csat_average: 3,
  csat_satisfied: 0.0,
  csat_response_rate: null,
  cases_within_sla: 1,
  cases_breached: 0,
  case_sla_rate: 100.0,
};

// Team A, I1: ann and bob. Answered c1 (10 s), c8 (210 s, entered at 09:12), c2 (45 s);
// handled c1 (158 + 40, hold 30) and c2 (80 + 15); bob's blind transfer. Ready 462 + 625,
// logged in 1800; both worked all their 660 + 720 scheduled seconds.
export const TEAM_A_I1: Figures = {
  ...NONE,
  asa_s: 88.3,
  longest_wait_s: 210.0,
  aht_s: 146.5,
  avg_talk_s: 119.0,
  avg_hold_s: 15.0,
  avg_acw_s: 27.5,
  occupancy: 22.9, // 323 ÷ (323 + 1087)
  utilisation: 16.3, // 293 ÷ 1800
  calls_per_hour: 4,
  adherence: 100.0,
  attendance: 100.0,
  transfer_rate: 33.3,
  transfer_rate_blind: 33.3,
  transfer_rate_consulted: 0.0,
  fcr: 50.0, // c2 of c1, c2
  csat_average: 4.5,
  csat_satisfied: 100.0,
  csat_response_rate: 33.3, // c1 ÷ 3 answered
  qa_pass_rate: 50.0,
  agent_turnover: 40.0, // eve ÷ ((ann, bob, eve + ann, bob) ÷ 2)
  cases_within_sla: 1, // k1 (ann), k2 (bob, in A until 09:15)
  cases_breached: 1,
  case_sla_rate: 50.0,
};

// Team A, I2: ann alone (bob moved to B at 09:15). Handled c8 (60 + 10, hold 10), handed
// it to cat through a conference.
export const TEAM_A_I2: Figures = {
  ...NONE,
  aht_s: 70.0,
  avg_talk_s: 60.0,
  avg_hold_s: 10.0,
  avg_acw_s: 10.0,
  occupancy: 13.1,
  utilisation: 11.7,
  calls_per_hour: 6,
  adherence: 66.7,
  attendance: 100.0,
  fcr: 0.0,
  qa_pass_rate: 100.0,
  agent_turnover: 0.0,
  cases_within_sla: 0,
  cases_breached: 0,
  case_sla_rate: null,
};

// Team B, I1: cat (handled c2, 120 + 30; ready 510, logged in 660) and dan (absent).
export const TEAM_B_I1: Figures = {
  ...NONE,
  aht_s: 150.0,
  avg_talk_s: 120.0,
  avg_hold_s: 0.0,
  avg_acw_s: 30.0,
  occupancy: 22.7, // 150 ÷ (150 + 510)
  utilisation: 22.7, // 150 ÷ 660
  calls_per_hour: 5.45,
  adherence: 36.7, // 660 ÷ 1800
  attendance: 50.0,
  csat_average: 3,
  csat_satisfied: 0.0,
  agent_turnover: 0.0,
  cases_within_sla: 0,
  cases_breached: 0,
  case_sla_rate: null,
};

// Team B, I2: bob (c9: 20 s, 262 + 30, hold 60 + 20 consulting) and cat (c8: 120 + 30),
// dan absent.
export const TEAM_B_I2: Figures = {
  ...NONE,
  asa_s: 20.0,
  longest_wait_s: 20.0,
  aht_s: 221.0,
  avg_talk_s: 191.0,
  avg_hold_s: 40.0, // 80 ÷ 2
  avg_acw_s: 30.0,
  occupancy: 39.8, // 522 ÷ (522 + 788)
  utilisation: 35.9, // 442 ÷ 1230
  calls_per_hour: 5.85,
  adherence: 45.6, // 1230 ÷ 2700
  attendance: 66.7,
  transfer_rate: 0.0, // bob's consultation was cancelled
  transfer_rate_blind: 0.0,
  transfer_rate_consulted: 0.0,
  fcr: 100.0,
  csat_average: 4,
  csat_satisfied: 100.0,
  csat_response_rate: 100.0,
  qa_pass_rate: 100.0,
  agent_turnover: 0.0,
  cases_within_sla: 2, // k3 (cat), k4 (bob, in B since 09:15)
  cases_breached: 0,
  case_sla_rate: 100.0,
};

// bob, I1: c2 after 45 s, 80 + 15, blind transfer; ready 625, logged in 900; 720 of 720.
export const BOB_I1: Figures = {
  ...NONE,
  asa_s: 45.0,
  longest_wait_s: 45.0,
  aht_s: 95.0,
  avg_talk_s: 80.0,
  avg_hold_s: 0.0,
  avg_acw_s: 15.0,
  occupancy: 13.2, // 95 ÷ (95 + 625)
  utilisation: 10.6, // 95 ÷ 900
  calls_per_hour: 4,
  adherence: 100.0,
  attendance: 100.0,
  transfer_rate: 100.0,
  transfer_rate_blind: 100.0,
  transfer_rate_consulted: 0.0,
  fcr: 100.0,
  csat_response_rate: 0.0,
  qa_pass_rate: 0.0, // 70 < 80
  cases_within_sla: 0,
  cases_breached: 1,
  case_sla_rate: 0.0,
};

// bob, I2: c9 after 20 s, 262 + 30, hold 60 + 20 consulting; ready 38, logged in 330;
// 330 of 900.
export const BOB_I2: Figures = {
  ...NONE,
  asa_s: 20.0,
  longest_wait_s: 20.0,
  aht_s: 292.0,
  avg_talk_s: 262.0,
  avg_hold_s: 80.0,
  avg_acw_s: 30.0,
  occupancy: 90.7, // 372 ÷ (372 + 38)
  utilisation: 88.5, // 292 ÷ 330
  calls_per_hour: 10.91,
  adherence: 36.7,
  attendance: 100.0,
  transfer_rate: 0.0,
  transfer_rate_blind: 0.0,
  transfer_rate_consulted: 0.0,
  fcr: 100.0,
  csat_average: 4,
  csat_satisfied: 100.0,
  csat_response_rate: 100.0,
  qa_pass_rate: 100.0,
  cases_within_sla: 1,
  cases_breached: 0,
  case_sla_rate: 100.0,
};

// cat, I1: took c2 by transfer (120 + 30); ready 510, logged in 660; 660 of 900.
export const CAT_I1: Figures = {
  ...NONE,
  aht_s: 150.0,
  avg_talk_s: 120.0,
  avg_hold_s: 0.0,
  avg_acw_s: 30.0,
  occupancy: 22.7,
  utilisation: 22.7,
  calls_per_hour: 5.45,
  adherence: 73.3,
  attendance: 100.0,
  csat_average: 3,
  csat_satisfied: 0.0,
  cases_within_sla: 0,
  cases_breached: 0,
  case_sla_rate: null,
};

// cat, I2: took c8 by consultation (120 + 30); ready 750, logged in 900; 900 of 900.
export const CAT_I2: Figures = {
  ...NONE,
  aht_s: 150.0,
  avg_talk_s: 120.0,
  avg_hold_s: 0.0,
  avg_acw_s: 30.0,
  occupancy: 16.7,
  utilisation: 16.7,
  calls_per_hour: 4,
  adherence: 100.0,
  attendance: 100.0,
  cases_within_sla: 1,
  cases_breached: 0,
  case_sla_rate: 100.0,
};
