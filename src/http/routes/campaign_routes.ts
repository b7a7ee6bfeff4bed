import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  CAMPAIGN_STATES,
  type CampaignDialer,
  type CampaignInput,
  CampaignInputSchema,
  type CampaignStore,
  estimateAnswerRate,
  IllegalCampaignMove,
} from "../../campaigns/mod.ts";
import type { Clock } from "../../clock/mod.ts";
import type { QueueDesk, QueueStore } from "../../queues/mod.ts";
import type { TrunkDirectory } from "../../sip/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";

export interface CampaignRouteDeps {
  campaigns: CampaignStore;
  campaignDialer: CampaignDialer;
  desk: QueueDesk;
  /** Where the queues a campaign names are checked to exist. */
  queues: QueueStore;
  /** Where the trunk a campaign names is checked to exist. */
  trunks: TrunkDirectory;
  /** The country code numbers in a list are read with when they have none. */
  contactCountry: () => string;
  clock: Clock;
  /** How full the trunk a campaign dials on is with calls out; null when it has none. */
  campaignTrunkLoad?: (
    trunkId: number | null,
  ) => { trunk_id: number; name: string; outbound: number; max_outbound: number } | null;
  /** Where the center's day holding `ms` began: the board's "today"; UTC midnight if unset. */
  campaignDayStart?: (ms: number) => number;
}

const StateSchema = z.object({ state: z.enum(CAMPAIGN_STATES) }).strict();
const ContactsSchema = z.union([
  z.object({ contacts: z.array(z.unknown()).min(1).max(100_000) }).strict(),
  z.object({ csv: z.string().min(1).max(20 * 1024 * 1024) }).strict(),
]);
const ContactsQuery = z.object({
  state: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
const SkipSchema = z.object({
  reason: z.enum(["later", "wrong_number", "not_interested", "other"]),
}).strict();

/** Campaigns: lists, editor, the live board, and the agent's preview card. */
export function mountCampaignRoutes(target: RouteTarget, deps: CampaignRouteDeps): void {
  const { campaigns, campaignDialer, desk } = deps;
  const find = (id: number) => {
    const campaign = campaigns.get(id);
    if (!campaign) throw ApiError.notFound(`Campaign ${id}`);
    return campaign;
  };
  /** A campaign naming a queue or trunk that is not there is refused at that field. */
  const assertReferences = (input: CampaignInput) => {
    const missing: { path: string; message: string; code: string }[] = [];
    if (input.queue_id !== null && !deps.queues.get(input.queue_id)) {
      missing.push({
        path: "queue_id",
        message: `there is no queue ${input.queue_id}`,
        code: "unknown_queue",
      });
    }
    if (input.trunk_id !== null && !deps.trunks.byId(input.trunk_id)) {
      missing.push({
        path: "trunk_id",
        message: `there is no trunk ${input.trunk_id}`,
        code: "unknown_trunk",
      });
    }
    const agentQueue = input.options.notice.agent_queue_id;
    if (agentQueue !== null && !deps.queues.get(agentQueue)) {
      missing.push({
        path: "options.notice.agent_queue_id",
        message: `there is no queue ${agentQueue}`,
        code: "unknown_queue",
      });
    }
    if (missing.length > 0) throw ApiError.unknownReferences(missing);
  };
  const startOfDay = () => {
    const now = deps.clock.now();
    return deps.campaignDayStart?.(now) ?? Math.floor(now / 86_400_000) * 86_400_000;
  };

  route(target, {
    method: "get",
    path: "/campaigns",
    summary: "Campaigns with their progress",
    tag: "campaigns",
    access: ROLE_GROUPS.anyone,
  }, (c) =>
    c.json({
      campaigns: campaigns.list().map((campaign) => ({
        ...campaign,
        progress: campaigns.progress(campaign.id),
      })),
    }));

  route(target, {
    method: "post",
    path: "/campaigns",
    summary: "Create a campaign (a draft until started)",
    tag: "campaigns",
    access: ROLE_GROUPS.supervisors,
    body: CampaignInputSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, CampaignInputSchema);
    assertReferences(input);
    if (campaigns.list().some((x) => x.name === input.name)) {
      throw ApiError.conflict(`A campaign named ${input.name} exists`);
    }
    const campaign = campaigns.create(input);
    c.set("audit", { entity: "campaigns", entityId: campaign.id, details: { name: input.name } });
    return c.json({ campaign }, 201);
  });

  route(target, {
    method: "get",
    path: "/campaigns/:id",
    summary: "One campaign with its progress",
    tag: "campaigns",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const campaign = find(idParam(c, "id", "Campaign"));
    return c.json({ campaign, progress: campaigns.progress(campaign.id) });
  });

  route(target, {
    method: "put",
    path: "/campaigns/:id",
    summary: "Replace a campaign's settings",
    tag: "campaigns",
    access: ROLE_GROUPS.supervisors,
    body: CampaignInputSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Campaign");
    find(id);
    const input = await readJson(c, CampaignInputSchema);
    assertReferences(input);
    const campaign = campaigns.update(id, input)!;
    c.set("audit", { entity: "campaigns", entityId: id, details: { name: input.name } });
    return c.json({ campaign });
  });

  route(target, {
    method: "delete",
    path: "/campaigns/:id",
    summary: "Delete a campaign that is not running",
    tag: "campaigns",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const id = idParam(c, "id", "Campaign");
    if (find(id).state === "running") {
      throw ApiError.conflict("Stop the campaign before deleting it");
    }
    campaigns.remove(id);
    c.set("audit", { entity: "campaigns", entityId: id });
    return c.body(null, 204);
  });

  route(target, {
    method: "post",
    path: "/campaigns/:id/state",
    summary: "Start, pause or stop a campaign (a stop ends no call in progress)",
    tag: "campaigns",
    access: ROLE_GROUPS.supervisors,
    body: StateSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Campaign");
    find(id);
    const { state } = await readJson(c, StateSchema);
    let campaign;
    try {
      campaign = campaigns.setState(id, state);
    } catch (error) {
      if (error instanceof IllegalCampaignMove) throw ApiError.conflict(error.message);
      throw error;
    }
    c.set("audit", { entity: "campaigns", entityId: id, details: { state } });
    return c.json({ campaign });
  });

  route(target, {
    method: "post",
    path: "/campaigns/:id/contacts",
    summary:
      "Add people to call, as rows or a CSV (number, name, customer_id, time_zone, priority); bad rows come back with their line",
    tag: "campaigns",
    access: ROLE_GROUPS.supervisors,
    body: ContactsSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Campaign");
    find(id);
    const body = await readJson(c, ContactsSchema);
    const result = "csv" in body
      ? campaigns.importCsv(id, body.csv, deps.contactCountry())
      : campaigns.addContacts(id, body.contacts, { defaultCountry: deps.contactCountry() });
    c.set("audit", {
      entity: "campaigns",
      entityId: id,
      details: { added: result.added, rejected: result.rejected.length },
    });
    return c.json(result);
  });

  route(target, {
    method: "get",
    path: "/campaigns/:id/contacts",
    summary: "A campaign's contacts, by state",
    tag: "campaigns",
    access: ROLE_GROUPS.supervisors,
    query: ContactsQuery,
  }, (c) => {
    const id = idParam(c, "id", "Campaign");
    find(id);
    return c.json({ contacts: campaigns.contacts(id, readQuery(c, ContactsQuery)) });
  });

  route(target, {
    method: "get",
    path: "/campaigns/:id/board",
    summary:
      "The live board: lines, agents, answer and abandon rates against the cap, contacts left",
    tag: "campaigns",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const campaign = find(idParam(c, "id", "Campaign"));
    const today = campaigns.progress(campaign.id, startOfDay());
    const total = campaigns.progress(campaign.id);
    const seats = campaign.queue_id === null
      ? { agents: [], waiting: 0 }
      : desk.outboundSeats(campaign.queue_id);
    return c.json({
      campaign: {
        id: campaign.id,
        name: campaign.name,
        mode: campaign.mode,
        state: campaign.state,
      },
      lines: total.dialing,
      agents_free: seats.agents.length,
      inbound_waiting: seats.waiting,
      attempts_today: today.attempts,
      answer_rate: today.attempts ? today.answered / today.attempts : null,
      paced_answer_rate: estimateAnswerRate(today.answered, today.attempts),
      abandon_rate: today.answered ? today.abandoned / today.answered : 0,
      abandon_cap: campaign.options.abandon_cap,
      waiting_for: campaignDialer.waitingFor(campaign.id) ?? null,
      trunk: deps.campaignTrunkLoad?.(campaign.trunk_id) ?? null,
      contacts: total.contacts,
      contacts_left: total.pending + total.dialing,
      done: total.done,
      failed: total.failed,
      skipped: total.skipped,
      outcomes_today: today.outcomes,
    });
  });

  route(target, {
    method: "get",
    path: "/campaigns/:id/preview",
    summary: "The next contact on your preview card (held for you until you dial or skip it)",
    tag: "campaigns",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const campaign = find(idParam(c, "id", "Campaign"));
    if (campaign.state !== "running") throw ApiError.conflict("The campaign is not running");
    const contact = campaignDialer.preview(campaign, c.get("user")!.id) ?? null;
    return c.json({ contact, script: campaign.options.script });
  });

  route(target, {
    method: "post",
    path: "/campaigns/:id/preview/:contact/dial",
    summary: "Dial the contact on your preview card: your phone rings first",
    tag: "campaigns",
    access: ROLE_GROUPS.anyone,
    status: 202,
  }, (c) => {
    const campaign = find(idParam(c, "id", "Campaign"));
    const contactId = idParam(c, "contact", "Contact");
    const user = c.get("user")!;
    const info = desk.agentOf(user.id);
    const started = campaignDialer.dialPreview(campaign, {
      userId: user.id,
      username: user.username,
      extension: info?.extension ?? user.extension ?? null,
    }, contactId);
    if (!started.ok) {
      throw new ApiError(409, started.reason, `The contact cannot be dialled: ${started.reason}`);
    }
    c.set("audit", { entity: "campaigns", entityId: campaign.id, details: { contact: contactId } });
    return c.json({ call_id: started.callId }, 202);
  });

  route(target, {
    method: "post",
    path: "/campaigns/:id/preview/:contact/skip",
    summary: "Skip the contact on your preview card, with a reason",
    tag: "campaigns",
    access: ROLE_GROUPS.anyone,
    body: SkipSchema,
  }, async (c) => {
    const campaign = find(idParam(c, "id", "Campaign"));
    const contactId = idParam(c, "contact", "Contact");
    const { reason } = await readJson(c, SkipSchema);
    if (!campaignDialer.skipPreview(c.get("user")!.id, contactId, reason)) {
      throw ApiError.conflict("That contact is not on your card");
    }
    c.set("audit", {
      entity: "campaigns",
      entityId: campaign.id,
      details: { contact: contactId, reason },
    });
    return c.json({ skipped: contactId });
  });
}
