import assert from "node:assert/strict";
import { inChinese } from "../support/in_chinese.ts";
import { setLanguage } from "../../ui/common/i18n.ts";
import { fieldMessage } from "../../ui/admin/field_messages.ts";
import { refusalMessage } from "../../ui/admin/refusal_messages.ts";
import { ApiError } from "../../ui/common/api_client.ts";

Deno.test("refusals of schedules, sampling rules, voicemails and assignees are worded at their field in Chinese", () => {
  const worded = (path: string, code: string, maximum?: number) =>
    fieldMessage({ path, code, message: "English words from the server", maximum });
  inChinese(() => {
    assert.equal(worded("assignee_id", "unknown_user"), "没有这个用户，可能已被删除或停用。");
    assert.equal(worded("form_id", "unknown_form"), "没有这个质检表，它可能已被删除。");
    assert.equal(worded("assigned_to", "self_only"), "此处只能选择你自己。");
    assert.equal(
      worded("team_id", "empty_team"),
      "这个班组里没有人可以接手；请换一个班组，或先给它添加成员。",
    );
    assert.equal(
      worded("ends_at", "ends_before_start"),
      "结束时间必须晚于开始时间；请设一个更晚的结束时间。",
    );
    assert.equal(worded("ends_at", "block_too_long", 16), "班次或休息最长 16 小时；请分成两段。");
    assert.equal(
      worded("starts_at", "overlaps_shift"),
      "与该坐席的另一个班次重叠；请先调整或删除那个班次。",
    );
    assert.equal(
      worded("starts_at", "overlaps_break"),
      "与该坐席的另一段休息重叠；请先调整或删除那段休息。",
    );
    assert.equal(
      worded("starts_at", "break_outside_shift"),
      "休息必须在该坐席的某个班次之内；请先安排班次。",
    );
    assert.equal(worded("shift_hours", "shift_too_short"), "班次至少要有一个时段长。");
    assert.equal(
      worded("earliest_start", "need_outside_hours"),
      "有些需要坐席的时段不在这个时间范围内；请放宽范围。",
    );
    assert.equal(
      worded("shift_hours", "no_shift_fits"),
      "最早开始与最晚结束之间放不下任何允许的班次；请允许更短的班次或放宽时间范围。",
    );
  });
  setLanguage("en", { persist: false });
  assert.equal(
    worded("assignee_id", "unknown_user"),
    "English words from the server.",
    "English readers get the server's own words",
  );
});

Deno.test("refusals of QA scoring and of cases are worded in Chinese: a retired form, an answer of the wrong kind, a closed calibration, a case not with tier 2, a disposition code", () => {
  const worded = (path: string, code: string) =>
    fieldMessage({ path, code, message: "English words from the server" });
  inChinese(() => {
    assert.equal(worded("form_id", "form_retired"), "该质检表已停用；请选择在用的质检表。");
    assert.equal(worded("answers.q1", "na_not_allowed"), "这个问题不能选“不适用”。");
    assert.equal(worded("answers.q1", "yes_or_no"), "请回答“是”或“否”。");
    assert.equal(worded("answers.q1", "one_to_five"), "请从 1 到 5 中选一个。");
    assert.equal(worded("tier", "not_escalated"), "该工单不在二线。");
    assert.equal(
      worded("left_on", "left_before_joining"),
      "离职日期不能早于入职日期；请设一个更晚的日期。",
    );
    assert.equal(
      worded("disposition", "unknown_disposition"),
      "没有这个处理结果代码，它可能已被删除。",
    );
    assert.equal(
      worded("disposition", "not_for_queue"),
      "该通话所在队列不使用这个代码；请选用该队列的代码。",
    );
    assert.equal(
      refusalMessage(new ApiError(409, "calibration_closed", "Calibration May is closed")),
      "该校准已结束，不再接受评分。",
    );
  });
});
