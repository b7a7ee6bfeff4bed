import type { Config } from "../config/mod.ts";
import type { DataPaths } from "./backup_archive.ts";

/** Where backups are kept and what they are taken of, for a configured appliance. */
export function backupPathsOf(
  config: Pick<Config, "dataDir" | "keyDir">,
): DataPaths & { backupDir: string } {
  return {
    dataDir: config.dataDir,
    // The recordings' key directory as the recording store has it (decision 024).
    keyDir: config.keyDir ?? `${config.dataDir}/keys`,
    backupDir: `${config.dataDir}/backups`,
  };
}
