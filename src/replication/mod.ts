/**
 * Replication from a primary appliance to its standby (docs/decisions/022-replication.md).
 * The primary's {@link ChangeFeed} turns each commit into a numbered SQLite changeset; a
 * standby's {@link Replica} applies them exactly once, keeping its position in its own
 * database, and starts from a snapshot when it is new or fell behind.
 *
 * @module
 */
export {
  type Change,
  ChangeFeed,
  type ChangeFeedOptions,
  FEED_KEEP,
  type FeedRead,
} from "./change_feed.ts";
export { Replica, type ReplicaPosition, ReplicationError } from "./replica.ts";
