import { createHash } from "node:crypto";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { CrmValidationError, NotFoundError } from "./errors.ts";

export interface Attachment {
  id: number;
  case_id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: number | null;
  created_at: string;
}

/** The largest file a case takes; screenshots and PDFs, not videos. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * Files attached to cases, stored once per content under `<data>/attachments/<sha256>`:
 * the hash names the file, proves it unchanged, and lets two cases share one copy.
 */
export class Attachments {
  readonly dir: string;

  constructor(private readonly db: Database, private readonly clock: Clock, dataDir: string) {
    this.dir = `${dataDir}/attachments`;
  }

  add(
    caseId: number,
    file: { name: string; contentType: string; bytes: Uint8Array },
    actorId: number | null,
  ): Attachment {
    const name = file.name.trim().replace(/[\\/\0]/g, "_").slice(0, 200);
    if (!name) {
      throw new CrmValidationError("An attachment needs a file name", [
        { path: "name", message: "required" },
      ]);
    }
    if (file.bytes.length === 0) throw new CrmValidationError("The attachment is empty");
    if (file.bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new CrmValidationError(
        `The attachment is ${file.bytes.length} bytes; the limit is ${MAX_ATTACHMENT_BYTES}`,
      );
    }
    if (!this.db.get("SELECT 1 AS x FROM cases WHERE id = ?", caseId)) {
      throw new NotFoundError(`Case ${caseId}`);
    }
    const sha256 = createHash("sha256").update(file.bytes).digest("hex");
    Deno.mkdirSync(this.dir, { recursive: true });
    const path = this.pathOf(sha256);
    try {
      Deno.statSync(path);
    } catch {
      // Written beside and renamed, so a crash never leaves a half file under the hash.
      Deno.writeFileSync(`${path}.tmp`, file.bytes);
      Deno.renameSync(`${path}.tmp`, path);
    }
    const now = isoTime(this.clock.now());
    const id = this.db.transaction(() => {
      const id = this.db.run(
        `INSERT INTO case_attachments (case_id, file_name, content_type, size_bytes, sha256,
           uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        caseId,
        name,
        file.contentType || "application/octet-stream",
        file.bytes.length,
        sha256,
        actorId,
        now,
      ).lastInsertRowid;
      this.db.run("UPDATE cases SET updated_at = ? WHERE id = ?", now, caseId);
      return id;
    });
    return this.get(id)!;
  }

  get(id: number): Attachment | undefined {
    return this.db.get<Attachment>("SELECT * FROM case_attachments WHERE id = ?", id);
  }

  list(caseId: number): Attachment[] {
    return this.db.all<Attachment>(
      "SELECT * FROM case_attachments WHERE case_id = ? ORDER BY id",
      caseId,
    );
  }

  read(attachment: Attachment): Uint8Array {
    return Deno.readFileSync(this.pathOf(attachment.sha256));
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new RangeError(`Not a sha256: ${sha256}`);
    return `${this.dir}/${sha256}`;
  }

  /** Deletes stored files that no attachment row refers to any more. */
  removeOrphans(hashes: Iterable<string>): void {
    for (const sha of new Set(hashes)) {
      if (this.db.get("SELECT 1 AS x FROM case_attachments WHERE sha256 = ?", sha)) continue;
      try {
        Deno.removeSync(this.pathOf(sha));
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
  }
}
