/**
 * E-mail into cases at volume: 10,000 e-mails written into a real Dovecot mailbox, then
 * read by the appliance's own reader (imapflow over loopback), stored and threaded into
 * cases, with an acknowledgement sent for every new case to a local SMTP catcher. The
 * mix: 2,000 customers; a customer's later e-mails answer their previous one
 * (In-Reply-To) six times in ten and start a new subject otherwise; 1 % arrive twice.
 * The target is under 2 minutes for the lot; the check is that every new subject made
 * one case, every answer joined its case and no duplicate made a second one.
 *
 *   deno run -A bench/email_load.ts   (or `deno task bench email`)
 */
import { VirtualClock } from "../src/clock/mod.ts";
import { Crm } from "../src/crm/mod.ts";
import { Database } from "../src/db/mod.ts";
import { EmailChannel } from "../src/email/mod.ts";
import { createLogger } from "../src/log/mod.ts";
import { startDovecot, supportMailbox } from "../tests/support/dovecot.ts";
import { startSmtpCatcher } from "../tests/support/smtp_catcher.ts";

const TOTAL = 10_000;
const CUSTOMERS = 2_000;
const TARGET_S = 120;

/** A reproducible mix: each mail's source, and how many cases and joins it should make. */
function* mailMix(total: number) {
  let seed = 27;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const last = new Map<number, string>();
  let n = 0;
  while (n < total) {
    const customer = Math.floor(random() * CUSTOMERS);
    const previous = last.get(customer);
    const answer = previous !== undefined && random() < 0.6;
    const id = `m${n}.${customer}@customer${customer % 50}.example`;
    const raw = [
      `From: Customer ${customer} <c${customer}@customer${customer % 50}.example>`,
      "To: support@center.example",
      `Subject: ${answer ? "Re: more details" : `Question ${n} about order ${1000 + n}`}`,
      `Message-ID: <${id}>`,
      ...(answer ? [`In-Reply-To: <${previous}>`, `References: <${previous}>`] : []),
      "Date: Sun, 06 Dec 2026 10:00:00 +0000",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      `Hello, this is message ${n}. `.repeat(8),
      "",
    ].join("\r\n");
    last.set(customer, id);
    n++;
    yield { raw, answer };
    if (n < total && random() < 0.01) {
      n++;
      yield { raw, answer, duplicate: true };
    }
  }
}

export async function benchEmailLoad(total = TOTAL) {
  const dovecot = await startDovecot();
  if (!dovecot) throw new Error("Dovecot is needed: apt-get install -y dovecot-imapd");
  const catcher = await startSmtpCatcher();
  const dir = await Deno.makeTempDir({ prefix: "cc-email-bench-" });
  const db = new Database(`${dir}/bench.db`);
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 11, 6, 10, 0, 0));
  const crm = new Crm({ db, clock, dataDir: dir });
  const email = new EmailChannel({
    db,
    clock,
    crm,
    log: createLogger("email", { sink: () => {} }),
    center: () => ({ name: "Bench center", language: "en" }),
  });
  try {
    let expectedCases = 0;
    let expectedJoins = 0;
    let duplicates = 0;
    const sources: string[] = [];
    for (const mail of mailMix(total)) {
      sources.push(mail.raw);
      if ("duplicate" in mail) duplicates++;
      else if (mail.answer) expectedJoins++;
      else expectedCases++;
    }
    await dovecot.seed(sources);
    const mailbox = email.mailboxes.create({
      ...supportMailbox(dovecot, catcher.port),
      acknowledge: Deno.env.get("NO_ACK") !== "1",
    });
    const started = performance.now();
    const round = await email.poller.fetchNow(mailbox.id);
    const seconds = (performance.now() - started) / 1000;
    const cases = db.get<{ n: number }>("SELECT count(*) AS n FROM cases")!.n;
    const inbound = db.get<{ n: number }>(
      "SELECT count(*) AS n FROM email_messages WHERE direction = 'inbound'",
    )!.n;
    // Acknowledgements go out while the next e-mail is read; wait for the catcher to have them.
    const deadline = Date.now() + 60_000;
    while (catcher.mails.length < cases && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const result = {
      emails: sources.length,
      stored: round.stored,
      duplicates_dropped: round.duplicates,
      cases,
      expected_cases: expectedCases,
      joined: inbound - cases,
      expected_joins: expectedJoins,
      acknowledgements: catcher.mails.length,
      seconds: Math.round(seconds * 10) / 10,
      per_second: Math.round(sources.length / seconds),
      target_s: TARGET_S,
      within_target: seconds < TARGET_S,
      threaded_right: cases === expectedCases && round.duplicates === duplicates &&
        inbound === expectedCases + expectedJoins,
    };
    return result;
  } finally {
    await email.close();
    db.close();
    await catcher.stop();
    await dovecot.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  console.log(JSON.stringify(await benchEmailLoad(Number(Deno.args[0] ?? TOTAL))));
  Deno.exit(0);
}
