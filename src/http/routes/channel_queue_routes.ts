import { ROLE_GROUPS } from "../../auth/mod.ts";
import type { ChannelQueueBoard } from "../../supervision/mod.ts";
import { route, type RouteTarget } from "../route.ts";

export interface ChannelQueueRouteDeps {
  channelQueues: ChannelQueueBoard;
}

/** The live queues of chat, e-mail and SMS for the wallboard, beside the voice queues. */
export function mountChannelQueueRoutes(target: RouteTarget, deps: ChannelQueueRouteDeps): void {
  route(target, {
    method: "get",
    path: "/supervision/channel-queues",
    summary:
      "Queues of channels other than voice: waiting now, the oldest wait, agents with capacity free and today's service level",
    tag: "supervision",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ queues: deps.channelQueues.status() }));
}
