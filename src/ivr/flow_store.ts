import type { Clock } from "../clock/mod.ts";
import { assertFresh, type Database, isoTime } from "../db/mod.ts";
import type { NumberDirectory } from "../numbers/mod.ts";

/** A flow as listed. */
export interface FlowSummary {
  id: number;
  name: string;
  description: string;
  published_version: number | null;
  draft_version: number | null;
  dids: string[];
  /** Goes up with every draft save; the editor sends it back (If-Match) to refuse stale saves. */
  revision: number;
  /** Who saved the draft last (a username), null before anyone did through the API. */
  saved_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface FlowVersionInfo {
  version: number;
  created_at: string;
  created_by: number | null;
  published_at: string | null;
  /** Who published it first (a username) and what they said; empty for drafts. */
  published_by: string | null;
  comment: string;
}

/** Who saves a draft, and the revision they read (undefined: they did not say). */
export interface DraftEdit {
  by?: string | null;
  expectedRevision?: number;
}

/** Which version to read: the draft, the published one, or a number. */
export type VersionRef = "draft" | "published" | number;

/** Raised when a flow name is taken. */
export class DuplicateFlowError extends Error {
  override name = "DuplicateFlowError";
}

interface FlowRow {
  id: number;
  name: string;
  description: string;
  published_version: number | null;
  draft_revision: number;
  draft_saved_by: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Flows and their versions. Published versions are never changed; the draft is the
 * newest version while it has never been published, and saving edits it in place.
 * Saving after a publish starts a new draft version.
 */
export class FlowStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    /** Which DIDs reach a flow: the numbers domain owns `dids`. */
    private readonly numbers: Pick<NumberDirectory, "numbersFor">,
  ) {}

  list(): FlowSummary[] {
    return this.db.all<FlowRow>("SELECT * FROM ivr_flows ORDER BY name").map((r) =>
      this.#summary(r)
    );
  }

  get(id: number): FlowSummary | undefined {
    const row = this.db.get<FlowRow>("SELECT * FROM ivr_flows WHERE id = ?", id);
    return row && this.#summary(row);
  }

  /**
   * The published version alone, for starting calls: {@link get} also reads the draft
   * and the DIDs, which a call does not need. Undefined when the flow does not exist.
   */
  publishedVersion(id: number): number | null | undefined {
    return this.db.get<{ published_version: number | null }>(
      "SELECT published_version FROM ivr_flows WHERE id = ?",
      id,
    )?.published_version;
  }

  byName(name: string): FlowSummary | undefined {
    const row = this.db.get<FlowRow>("SELECT * FROM ivr_flows WHERE name = ?", name);
    return row && this.#summary(row);
  }

  versions(id: number): FlowVersionInfo[] {
    return this.db.all<FlowVersionInfo>(
      `SELECT version, created_at, created_by, published_at, published_by, comment
       FROM ivr_flow_versions
       WHERE flow_id = ? ORDER BY version DESC`,
      id,
    ).map((r) => ({ ...r }));
  }

  /** A version's stored document, or undefined when the flow or version does not exist. */
  read(id: number, ref: VersionRef): { version: number; definition: unknown } | undefined {
    const flow = this.get(id);
    if (!flow) return undefined;
    const version = ref === "draft"
      ? flow.draft_version
      : ref === "published"
      ? flow.published_version
      : ref;
    if (version === null) return undefined;
    const row = this.db.get<{ definition: string }>(
      "SELECT definition FROM ivr_flow_versions WHERE flow_id = ? AND version = ?",
      id,
      version,
    );
    return row && { version, definition: JSON.parse(row.definition) };
  }

  create(name: string, description: string, definition: unknown, userId: number | null): number {
    if (this.byName(name)) throw new DuplicateFlowError(`A flow named ${name} already exists`);
    const now = isoTime(this.clock.now());
    return this.db.transaction(() => {
      const id = this.db.run(
        "INSERT INTO ivr_flows (name, description, created_at, updated_at) VALUES (?, ?, ?, ?)",
        name,
        description,
        now,
        now,
      ).lastInsertRowid;
      this.saveDraft(id, definition, userId);
      return id;
    });
  }

  /**
   * Stores the draft (the document's `name` follows the flow's); returns its version.
   * Throws a StaleEditError, naming who saved last, when `edit.expectedRevision` is not
   * the draft's current revision.
   */
  saveDraft(id: number, definition: unknown, userId: number | null, edit: DraftEdit = {}): number {
    const document = { ...(definition as Record<string, unknown>), name: this.get(id)!.name };
    const now = isoTime(this.clock.now());
    return this.db.transaction(() => {
      // Read inside the transaction so two saves cannot both pass the revision check.
      const flow = this.get(id)!;
      assertFresh(`The draft of ${flow.name}`, {
        version: flow.revision,
        updated_at: flow.updated_at,
        updated_by: flow.saved_by,
      }, edit.expectedRevision);
      this.db.run(
        "UPDATE ivr_flows SET draft_revision = draft_revision + 1, draft_saved_by = ? WHERE id = ?",
        edit.by ?? null,
        id,
      );
      if (flow.draft_version !== null) {
        this.db.run(
          "UPDATE ivr_flow_versions SET definition = ?, created_by = ?, created_at = ? WHERE flow_id = ? AND version = ?",
          JSON.stringify(document),
          userId,
          now,
          id,
          flow.draft_version,
        );
        this.#touch(id, now);
        return flow.draft_version;
      }
      const next = (this.db.get<{ v: number | null }>(
        "SELECT max(version) AS v FROM ivr_flow_versions WHERE flow_id = ?",
        id,
      )?.v ?? 0) + 1;
      this.db.run(
        "INSERT INTO ivr_flow_versions (flow_id, version, definition, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        id,
        next,
        JSON.stringify(document),
        userId,
        now,
      );
      this.#touch(id, now);
      return next;
    });
  }

  /**
   * Makes `version` the one callers run; the caller has validated it. The comment and
   * publisher are kept from the version's first publish (a rollback keeps them).
   */
  publish(
    id: number,
    version: number,
    note: { comment?: string; by?: string | null } = {},
  ): void {
    const now = isoTime(this.clock.now());
    this.db.transaction(() => {
      this.db.run(
        `UPDATE ivr_flow_versions SET published_at = ?, comment = ?, published_by = ?
         WHERE flow_id = ? AND version = ? AND published_at IS NULL`,
        now,
        note.comment ?? "",
        note.by ?? null,
        id,
        version,
      );
      this.db.run(
        "UPDATE ivr_flows SET published_version = ?, updated_at = ? WHERE id = ?",
        version,
        now,
        id,
      );
    });
  }

  rename(id: number, change: { name?: string; description?: string }): void {
    if (change.name !== undefined) {
      const other = this.byName(change.name);
      if (other && other.id !== id) {
        throw new DuplicateFlowError(`A flow named ${change.name} already exists`);
      }
    }
    const flow = this.get(id)!;
    this.db.run(
      "UPDATE ivr_flows SET name = ?, description = ?, updated_at = ? WHERE id = ?",
      change.name ?? flow.name,
      change.description ?? flow.description,
      isoTime(this.clock.now()),
      id,
    );
  }

  remove(id: number): void {
    this.db.run("DELETE FROM ivr_flows WHERE id = ?", id);
  }

  #touch(id: number, now: string): void {
    this.db.run("UPDATE ivr_flows SET updated_at = ? WHERE id = ?", now, id);
  }

  #summary(row: FlowRow): FlowSummary {
    const newest = this.db.get<{ version: number; published_at: string | null }>(
      "SELECT version, published_at FROM ivr_flow_versions WHERE flow_id = ? ORDER BY version DESC LIMIT 1",
      row.id,
    );
    const dids = this.numbers.numbersFor("ivr", row.id);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      published_version: row.published_version,
      draft_version: newest && newest.published_at === null ? newest.version : null,
      dids,
      revision: row.draft_revision,
      saved_by: row.draft_saved_by,
      created_at: row.created_at,
      updated_at: row.updated_at,
    };
  }
}
