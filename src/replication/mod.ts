/**
 * Replication from a primary appliance to its standby (docs/decisions/023-replication.md).
 * The primary's {@link ChangeFeed} turns each commit into a numbered SQLite changeset and
 * serves it with snapshots and pairing at `/replication` ({@link feedRoutes}); a standby's
 * {@link StandbyLink} reads it and its {@link Replica} applies each change exactly once,
 * keeping its position in its own database, starting from a snapshot when it is new or
 * fell behind. Pairing ({@link Pairing}) pins the primary's certificate.
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
export { certificateFingerprint, fetchUnverifiedCertificate } from "./certificate_pin.ts";
export { PAIR_TOKEN_TTL_MS, Pairing, PairingRefused, STANDBY_SECRET_KEY } from "./pairing.ts";
export { feedRoutes, type FeedSource, MAX_WAIT_MS, STANDBY_ADDRESS_HEADER } from "./feed_routes.ts";
export {
  type LinkStatus,
  LocalWriteError,
  type PrimaryFetch,
  StandbyLink,
  type StandbyLinkOptions,
} from "./standby_link.ts";
export {
  loadPairing,
  PAIRING_FILE,
  pairWithPrimary,
  pinnedFetch,
  savePairing,
  type StandbyPairing,
  StandbyStartError,
} from "./standby_pairing.ts";
export {
  LEASE_TTL_MS,
  type LeaseAnswer,
  LeaseWitness,
  type WitnessMemory,
  witnessRoutes,
} from "./witness_lease.ts";
export { LEASE_RENEW_MS, LeaseKeeper, type LeaseKeeperOptions } from "./lease_keeper.ts";
export { TakeoverWatch, type TakeoverWatchOptions, tcpReachable } from "./takeover_watch.ts";
export {
  EPOCH_KEY,
  LAST_TAKEOVER_KEY,
  type ReplicationConfig,
  ReplicationNode,
  type ReplicationView,
} from "./replication_node.ts";
export {
  FILE_SETTLE_MS,
  FILE_SYNC_EVERY_MS,
  FileFollower,
  type FileFollowerOptions,
  isSyncedPath,
  listSyncedFiles,
  SYNCED_FOLDERS,
  type SyncedFile,
} from "./file_sync.ts";
