import assert from "node:assert/strict";
import { supervisedTeam, supervisesTeam } from "../../src/auth/mod.ts";

Deno.test("supervisesTeam() limits a team lead to their own team and gives supervisors all", () => {
  assert.equal(supervisesTeam({ role: "team_lead", team_id: 2 }, 2), true);
  assert.equal(supervisesTeam({ role: "team_lead", team_id: 2 }, 3), false);
  assert.equal(supervisesTeam({ role: "team_lead", team_id: 2 }, null), false);
  assert.equal(supervisesTeam({ role: "team_lead", team_id: null }, null), false);
  assert.equal(supervisesTeam({ role: "supervisor", team_id: null }, 3), true);
  assert.equal(supervisesTeam({ role: "admin", team_id: 1 }, 3), true);
  assert.equal(supervisesTeam({ role: "agent", team_id: 3 }, 3), false);
  assert.equal(supervisesTeam({ role: "qa", team_id: null }, 3), false);
});

Deno.test("supervisedTeam() names the one team a lead's view is limited to", () => {
  assert.equal(supervisedTeam({ role: "team_lead", team_id: 4 }), 4);
  assert.equal(supervisedTeam({ role: "team_lead", team_id: null }), null);
  assert.equal(supervisedTeam({ role: "supervisor", team_id: 4 }), undefined);
});
