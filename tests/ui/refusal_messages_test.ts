import assert from "node:assert/strict";
import { inChinese } from "../support/in_chinese.ts";
import { ApiError } from "../../ui/common/api_client.ts";
import { setLanguage } from "../../ui/common/i18n.ts";
import { fieldMessage } from "../../ui/admin/field_messages.ts";
import { importRowRefusal, refusalMessage, useLabel } from "../../ui/admin/refusal_messages.ts";
import { trunksResource } from "../../ui/admin/telephony_resources.ts";
import { problemOf } from "../../ui/admin/resource_controller.ts";

const refused = (status: number, code: string, details: unknown = null) =>
  new ApiError(status, code, "English words from the server", details);

Deno.test("English readers get the server's own words for any refusal", () => {
  setLanguage("en", { persist: false });
  assert.equal(refusalMessage(refused(409, "conflict")), "English words from the server");
  assert.equal(
    refusalMessage(refused(400, "invalid_request", { issues: [{ path: "x", message: "m" }] })),
    "English words from the server",
  );
});

Deno.test("a prompt still in use is refused in Chinese naming each flow and queue that plays it", () => {
  inChinese(() => {
    const uses = [
      { kind: "flow", flow_id: 1, flow: "主菜单", version: 3, published: true },
      { kind: "flow", flow_id: 1, flow: "主菜单", version: 4, published: false },
      { kind: "queue", queue_id: 2, queue: "销售", setting: "music_on_hold" },
    ];
    assert.equal(
      refusalMessage(refused(409, "conflict", { uses })),
      "仍被 流程 主菜单（已发布）、流程 主菜单（草稿）、队列 销售（等待音乐） 使用，请先修改它们。",
    );
  });
  assert.equal(
    useLabel({ kind: "queue", queue_id: 2, queue: "Sales", setting: "music_on_hold" }),
    "Queue Sales (music on hold)",
  );
});

Deno.test("a refused value names its field and the reason in Chinese", () => {
  inChinese(() => {
    const message = refusalMessage(
      refused(400, "invalid_request", {
        issues: [{ path: "file", code: "audio_too_long", message: "x", maximum: 300 }],
      }),
      (path) => path === "file" ? "音频文件" : undefined,
    );
    assert.equal(message, "音频文件：录音过长（最长 300 秒）。");
    assert.equal(
      fieldMessage({ path: "file", code: "not_audio", message: "not a WAV file" }),
      "这不是设备能读取的音频文件（请使用 WAV）。",
    );
    const trunk = problemOf(
      refused(400, "invalid_request", {
        issues: [{
          path: "max_calls",
          code: "too_small",
          origin: "number",
          minimum: 1,
          message: "x",
        }],
      }),
      trunksResource,
    );
    assert.equal(trunk.message, "最大并发呼叫：不能小于 1。");
    assert.equal(trunk.fields.max_calls, "不能小于 1。");
  });
});

Deno.test("refusals without a field are translated from their code", () => {
  inChinese(() => {
    assert.equal(
      refusalMessage(refused(413, "payload_too_large", { max_bytes: 32 * 1024 * 1024 })),
      "文件过大（最大 32 MB）。",
    );
    assert.equal(
      refusalMessage(
        refused(409, "changed_meanwhile", { changed_by: "wang", changed_at: "10:00" }),
      ),
      "wang 已于 10:00 修改此项；请重新加载以查看其修改。",
    );
    assert.equal(refusalMessage(refused(404, "not_found")), "该项已不存在，请重新加载列表。");
    assert.equal(
      refusalMessage(refused(507, "storage_full")),
      "设备磁盘拒绝了此修改，未保存任何内容。请稍后再试。",
    );
    assert.equal(refusalMessage(refused(503, "speech_unavailable")), "此设备无法进行语音合成。");
    assert.equal(
      refusalMessage(refused(409, "conflict")),
      "已拒绝：English words from the server",
    );
  });
});

Deno.test("a name already taken and a record still in use are worded in Chinese", () => {
  inChinese(() => {
    const taken = problemOf(
      refused(409, "conflict", {
        issues: [{ path: "name", code: "already_exists", message: "x" }],
      }),
      trunksResource,
    );
    assert.equal(taken.fields.name, "已被占用，请换一个。");
    assert.equal(taken.message, "名称：已被占用，请换一个。");
    assert.equal(
      refusalMessage(refused(409, "conflict", {
        in_use: { kind: "queues", names: ["销售", "售后"] },
      })),
      "仍被以下队列使用：销售、售后。请先修改它们。",
    );
    assert.equal(
      refusalMessage(refused(409, "conflict", {
        in_use: { kind: "settings", names: ["outbound_policy"] },
      })),
      "仍被以下设置使用：外呼策略。请先修改它们。",
    );
    assert.equal(
      refusalMessage(refused(409, "conflict", { in_use: { kind: "mailboxes", names: ["客服"] } })),
      "仍被以下邮箱使用：客服。请先修改它们。",
    );
    assert.equal(
      refusalMessage(refused(409, "conflict", { in_use: { kind: "campaigns", names: ["续费"] } })),
      "仍被以下外呼活动使用：续费。请先修改它们。",
    );
    assert.equal(
      refusalMessage(refused(409, "conflict", { in_use: { kind: "flows", names: ["主菜单"] } })),
      "仍被以下呼叫流程使用：主菜单。请先修改它们。",
    );
    assert.equal(
      fieldMessage({ path: "skills", code: "unknown_skill", message: "Unknown skill x" }),
      "没有这个技能，请先添加。",
    );
    assert.equal(
      fieldMessage({ path: "queue_id", code: "unknown_queue", message: "there is no queue 9" }),
      "没有这个队列，它可能已被删除。",
    );
    assert.equal(
      fieldMessage({ path: "trunk_id", code: "unknown_trunk", message: "there is no trunk 9" }),
      "没有这个中继，它可能已被删除。",
    );
    assert.equal(
      fieldMessage({ path: "team_id", code: "unknown_team", message: "there is no team 9" }),
      "没有这个班组，请先添加。",
    );
    assert.equal(
      fieldMessage({
        path: "customer_id",
        code: "unknown_customer",
        message: "there is no customer 9",
      }),
      "没有这个客户，它可能已被删除。",
    );
    assert.equal(
      fieldMessage({ path: "case_id", code: "unknown_case", message: "there is no case 9" }),
      "没有这个工单，它可能已被删除。",
    );
    assert.equal(
      fieldMessage({ path: "agent_id", code: "unknown_agent", message: "there is no agent 9" }),
      "没有这个坐席，可能已被删除。",
    );
    assert.equal(
      fieldMessage({
        path: "recording_id",
        code: "unknown_recording",
        message: "there is no recording 9",
      }),
      "没有这个录音，它可能已被删除。",
    );
    assert.equal(
      fieldMessage({ path: "call_id", code: "unknown_call", message: "there is no call x" }),
      "没有这通通话的记录。",
    );
  });
});

Deno.test("a refused row of a user CSV names its column and why in Chinese", () => {
  const row = {
    reason: 'team "Nowhere" does not exist; add it first',
    issue: { path: "team", code: "unknown_team", message: '"Nowhere" does not exist' },
  };
  setLanguage("en", { persist: false });
  assert.equal(importRowRefusal(row), 'team "Nowhere" does not exist; add it first');
  inChinese(() => {
    assert.equal(importRowRefusal(row), "班组：没有这个班组，请先添加。");
    assert.equal(
      importRowRefusal({
        reason: "password: must be at least 8 characters",
        issue: { path: "password", code: "too_small", origin: "string", minimum: 8, message: "x" },
      }),
      "密码：至少 8 个字符。",
    );
  });
});
