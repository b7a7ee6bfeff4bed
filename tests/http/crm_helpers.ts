import assert from "node:assert/strict";
import { ADMIN_PASSWORD, DEMO_PASSWORD, type TestAppliance } from "../support/test_appliance.ts";

/** A client signed in as a demo user (or the admin). */
export async function signedIn(app: TestAppliance, username: string) {
  const client = app.client();
  const response = await client.login(
    username,
    username === "admin" ? ADMIN_PASSWORD : DEMO_PASSWORD,
  );
  assert.equal(response.status, 200, `sign-in of ${username}`);
  return client;
}

/** Audit rows with the given action, oldest first. */
export function auditRows(app: TestAppliance, action: string) {
  return app.db.all<
    {
      actor: string;
      action: string;
      entity: string;
      entity_id: string;
      ip: string;
      details: string | null;
    }
  >(
    "SELECT actor, action, entity, entity_id, ip, details FROM audit_log WHERE action = ? ORDER BY id",
    action,
  );
}

/** The id of a demo user. */
export function userId(app: TestAppliance, username: string): number {
  return app.users.byUsername(username)!.id;
}
